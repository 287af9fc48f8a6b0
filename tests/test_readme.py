# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The addon's README.rst is what setup/gen_readme.py renders from readme/,
and valid reStructuredText."""

import importlib.util
import io
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location("gen_readme", ROOT / "setup" / "gen_readme.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Every addon at the root: the addon and its queue_job bridge.
ADDONS = ["account_collections_automation", "account_collections_automation_queue_job"]


def test_every_addon_has_a_readme():
    assert [path.name for path in _generator().addons()] == ADDONS


@pytest.mark.parametrize("addon", ADDONS)
def test_readme_rst_is_up_to_date(addon):
    assert (ROOT / addon / "README.rst").read_text() == _generator().render(ROOT / addon), (
        "README.rst is out of date: run python setup/gen_readme.py")


@pytest.mark.parametrize("addon", ADDONS)
def test_readme_rst_is_valid_restructuredtext(addon):
    core = pytest.importorskip("docutils.core")
    warnings = io.StringIO()
    core.publish_doctree((ROOT / addon / "README.rst").read_text(), settings_overrides={
        "report_level": 1, "halt_level": 5, "warning_stream": warnings})
    assert warnings.getvalue() == ""


def test_markdown_conversion():
    convert = _generator().markdown_to_rst
    assert convert("## Title\n\nSee `a` and [b](https://x.org).") == (
        "Title\n-----\n\nSee ``a`` and `b <https://x.org>`__.")
    # A nested list stands apart from its item's text; code touching a letter.
    assert convert("1. **One**:\n   - a `x`s\n   - b\n2. Two") == (
        "1. **One**:\n\n   - a ``x``\\ s\n   - b\n\n2. Two")
