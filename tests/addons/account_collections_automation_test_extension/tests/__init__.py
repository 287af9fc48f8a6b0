from . import test_extension
