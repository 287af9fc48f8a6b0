from . import collection_assignment
from . import collection_simulation
