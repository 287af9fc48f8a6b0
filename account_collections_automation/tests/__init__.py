from . import test_workspace
from . import test_workspace_tour
