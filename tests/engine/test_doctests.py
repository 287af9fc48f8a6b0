import doctest
import importlib
import pkgutil

import pytest

import account_collections_automation.engine as engine

MODULES = [name for _finder, name, _pkg in pkgutil.iter_modules(engine.__path__)]


@pytest.mark.parametrize("name", MODULES)
def test_engine_doctests(name):
    module = importlib.import_module(f"{engine.__name__}.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
