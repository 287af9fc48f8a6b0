# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Every Python file of the repository starts with OCA's license header."""

import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
HEADER = (
    "# Copyright 2026 The account_collections_automation authors\n"
    "# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).\n"
)


def _python_files():
    try:
        listed = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True,
                                text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    # setup/vendor holds Odoo's own modules, unchanged, under Odoo's header.
    return [ROOT / name for name in listed if not name.startswith("setup/vendor/")]


def test_python_files_start_with_the_license_header():
    missing = []
    for path in _python_files():
        text = path.read_text()
        if text.startswith("#!"):
            text = text.split("\n", 1)[1]
        if not text.startswith(HEADER):
            missing.append(str(path.relative_to(ROOT)))
    assert missing == [], "add the license header (see the top of any Python file)"
