# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The engine's doctests, in the addon's test suite.

As OCA's mis_builder loads its doctests, with ``doctest.DocTestSuite``; but
Odoo 18's test loader (``odoo.tests.loader``) collects test methods of test
classes and ignores ``load_tests``, so each engine module's suite runs in a
test method here: ``odoo-bin --test-enable`` and pytest-odoo both run them.
"""

import doctest
import importlib
import pkgutil
import unittest

from odoo.tests import BaseCase

from .. import engine

# Every module of the engine, found rather than listed: a new module's doctests
# run without anyone remembering to add it here.
ENGINE_MODULES = sorted(name for _finder, name, _pkg in pkgutil.iter_modules(engine.__path__))


class TestEngineDoctests(BaseCase):
    def _run_doctests(self, name):
        module = importlib.import_module(f"{engine.__name__}.{name}")
        # Under Odoo the engine is odoo.addons.account_collections_automation.engine:
        # an exception's module path differs from the doctest's text (the message
        # itself is checked by tests/engine/test_doctests.py, outside Odoo).
        suite = doctest.DocTestSuite(
            module, optionflags=doctest.ELLIPSIS | doctest.IGNORE_EXCEPTION_DETAIL)
        result = unittest.TestResult()
        suite.run(result)
        self.assertGreater(result.testsRun, 0, f"{module.__name__} has no doctest")
        problems = [text for _test, text in result.failures + result.errors]
        self.assertFalse(problems, "\n".join(problems))


def _doctest_method(name):
    def test(self):
        self._run_doctests(name)
    test.__name__ = f"test_{name}"
    test.__doc__ = f"The doctests of engine/{name}.py."
    return test


for _name in ENGINE_MODULES:
    setattr(TestEngineDoctests, f"test_{_name}", _doctest_method(_name))
