# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The engine's doctests, in the addon's test suite.

As OCA's mis_builder loads its doctests, with ``doctest.DocTestSuite``; but
Odoo 18's test loader (``odoo.tests.loader``) collects test methods of test
classes and ignores ``load_tests``, so each engine module's suite runs in a
test method here: ``odoo-bin --test-enable`` and pytest-odoo both run them.
"""

import doctest
import pkgutil
import unittest

from odoo.tests import BaseCase

from .. import engine
from ..engine import (
    aging,
    cadence,
    dates,
    prediction,
    process,
    reminders,
    risk,
    summary,
    vocabulary,
)


class TestEngineDoctests(BaseCase):
    def _run_doctests(self, module):
        suite = doctest.DocTestSuite(module, optionflags=doctest.ELLIPSIS)
        result = unittest.TestResult()
        suite.run(result)
        self.assertGreater(result.testsRun, 0, f"{module.__name__} has no doctest")
        problems = [text for _test, text in result.failures + result.errors]
        self.assertFalse(problems, "\n".join(problems))

    def test_every_engine_module_is_here(self):
        modules = {name for _finder, name, _pkg in pkgutil.iter_modules(engine.__path__)}
        self.assertEqual({f"test_{name}" for name in modules},
                         {name for name in dir(type(self)) if name.startswith("test_")
                          and callable(getattr(self, name))}
                         - {"test_every_engine_module_is_here"})

    def test_aging(self):
        self._run_doctests(aging)

    def test_cadence(self):
        self._run_doctests(cadence)

    def test_dates(self):
        self._run_doctests(dates)

    def test_prediction(self):
        self._run_doctests(prediction)

    def test_process(self):
        self._run_doctests(process)

    def test_reminders(self):
        self._run_doctests(reminders)

    def test_risk(self):
        self._run_doctests(risk)

    def test_summary(self):
        self._run_doctests(summary)

    def test_vocabulary(self):
        self._run_doctests(vocabulary)
