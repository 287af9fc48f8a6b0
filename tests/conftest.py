# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Root test configuration: tests that run outside Odoo's loader.

The addon's ``__init__`` imports Odoo. The engine never does, so it is made
importable as ``account_collections_automation.engine`` here by registering
the addon folder as a bare namespace for the package, without running its
``__init__``; the engine tests then run where Odoo is not installed.
"""

import importlib.machinery
import importlib.util
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
ADDON_DIR = ROOT / "account_collections_automation"
EXTENSION_ADDONS = ROOT / "tests" / "addons"

if "account_collections_automation" not in sys.modules:
    spec = importlib.machinery.ModuleSpec(
        "account_collections_automation", None, is_package=True
    )
    package = importlib.util.module_from_spec(spec)
    package.__path__ = [str(ADDON_DIR)]
    sys.modules["account_collections_automation"] = package

# Property tests are about correctness, not speed: the machines running them
# are shared and busy, so no per-example deadline (the benchmark measures speed).
try:
    from hypothesis import HealthCheck, settings
except ImportError:  # pragma: no cover - hypothesis is a test requirement
    pass
else:
    settings.register_profile(
        "collections", deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    settings.load_profile("collections")


QUEUE_JOB_TESTS = (ROOT / "account_collections_automation_queue_job",
                   ROOT / "tests" / "e2e" / "test_queue_job_servers.py",
                   ROOT / "tests" / "e2e" / "test_reliability_jobs.py")


def pytest_ignore_collect(collection_path, config):
    """The extension test modules of tests/addons run on their own database,
    where setup/test.sh installs them (ACA_EXTENSION_TESTS=1); so do the
    queue_job bridge's tests (ACA_QUEUE_JOB_TESTS=1); elsewhere their tests
    are left out."""
    in_addons = collection_path == EXTENSION_ADDONS or EXTENSION_ADDONS in collection_path.parents
    if in_addons and not os.environ.get("ACA_EXTENSION_TESTS"):
        return True
    in_queue_job = any(collection_path == path or path in collection_path.parents
                       for path in QUEUE_JOB_TESTS)
    if in_queue_job and not os.environ.get("ACA_QUEUE_JOB_TESTS"):
        return True
    return None
