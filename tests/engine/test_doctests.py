# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

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
