# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The addons' installation, as a test: they must install cleanly with demo data.

setup/test.sh installs the module into a throwaway database and hands the log
over in ACA_INSTALL_LOG, and the queue_job bridge's (installed on a copy of it
with OCA's queue_job) in ACA_QJ_INSTALL_LOG; without Odoo there is no log and
the test is skipped.
"""

import os
import pathlib
import re

import pytest

ADDONS = [
    ("account_collections_automation", os.environ.get("ACA_INSTALL_LOG")),
    ("account_collections_automation_queue_job", os.environ.get("ACA_QJ_INSTALL_LOG")),
]
pytestmark = pytest.mark.skipif(not ADDONS[0][1], reason="Odoo 18 not installed")
addons = pytest.mark.parametrize("addon,log", [
    pytest.param(addon, log, marks=pytest.mark.skipif(not log, reason=f"{addon} not installed"))
    for addon, log in ADDONS
], ids=[addon for addon, _log in ADDONS])


def _log_text(log):
    return pathlib.Path(log).read_text(errors="replace")


@addons
def test_install_exit_status(addon, log):
    status = pathlib.Path(log + ".status").read_text().strip()
    assert status == "0", _log_text(log)[-4000:]


@addons
def test_module_was_installed(addon, log):
    assert re.search(rf"loading {addon}/", _log_text(log)) or addon in _log_text(log)
    assert "Modules loaded." in _log_text(log)


@addons
def test_no_error_or_warning_from_the_addon(addon, log):
    bad = [
        line for line in _log_text(log).splitlines()
        if re.search(r" (ERROR|WARNING|CRITICAL) ", line) and addon in line
    ]
    assert bad == []
