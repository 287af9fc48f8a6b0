from . import test_collection_process
