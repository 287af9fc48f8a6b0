# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The addon's installation, as a test: it must install cleanly with demo data.

setup/test.sh installs the module into a throwaway database and hands the log
over in ACA_INSTALL_LOG; without Odoo there is no log and the test is skipped.
"""

import os
import pathlib
import re

import pytest

LOG = os.environ.get("ACA_INSTALL_LOG")
ADDON = "account_collections_automation"
pytestmark = pytest.mark.skipif(not LOG, reason="Odoo 18 not installed")


def _log_text():
    return pathlib.Path(LOG).read_text(errors="replace")


def test_install_exit_status():
    status = pathlib.Path(LOG + ".status").read_text().strip()
    assert status == "0", _log_text()[-4000:]


def test_module_was_installed():
    assert re.search(rf"loading {ADDON}/", _log_text()) or ADDON in _log_text()
    assert "Modules loaded." in _log_text()


def test_no_error_or_warning_from_the_addon():
    bad = [
        line for line in _log_text().splitlines()
        if re.search(r" (ERROR|WARNING|CRITICAL) ", line) and ADDON in line
    ]
    assert bad == []
