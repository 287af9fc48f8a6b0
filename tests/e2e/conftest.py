# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Real-process tests: they commit, so they work on a copy of the test
database (``CREATE DATABASE ... TEMPLATE``), made for each test module and
dropped after it, never on the test database itself.

They need the pytest-odoo run of ``setup/test.sh`` (an installed test
database); without it they are skipped.
"""

import os
import shutil
import sys
import uuid
from contextlib import closing

import pytest

sys.path.insert(0, os.path.dirname(__file__))


def _odoo_test_database():
    try:
        from odoo.tools import config
    except ImportError:
        return None
    return config.get("db_name") or None


@pytest.fixture(scope="module")
def odoo_db_copy():
    """Name of a fresh copy of the test database, crons disabled; dropped after."""
    source = _odoo_test_database()
    if not source:
        pytest.skip("needs the Odoo test database (run through setup/test.sh)")
    import odoo
    from odoo.service.db import _drop_conn
    from odoo.sql_db import db_connect
    from odoo.tools import config

    target = f"{source}_e2e_{uuid.uuid4().hex[:8]}"
    odoo.sql_db.close_db(source)
    with closing(db_connect("postgres").cursor()) as cr:
        cr._cnx.autocommit = True
        _drop_conn(cr, source)
        cr.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
    with closing(db_connect(target).cursor()) as cr:
        # Nothing but the test may run in the copy (pytest-odoo's server has a cron thread).
        cr.execute("UPDATE ir_cron SET active = false")
        cr.commit()
    source_store = config.filestore(source)
    if os.path.isdir(source_store):
        shutil.copytree(source_store, config.filestore(target))
    try:
        yield target
    finally:
        odoo.modules.registry.Registry.delete(target)
        odoo.sql_db.close_db(target)
        with closing(db_connect("postgres").cursor()) as cr:
            cr._cnx.autocommit = True
            _drop_conn(cr, target)
            cr.execute(f'DROP DATABASE IF EXISTS "{target}"')
        shutil.rmtree(config.filestore(target), ignore_errors=True)


@pytest.fixture(scope="module")
def odoo_registry_copy(odoo_db_copy):
    """A registry on the database copy, in this process (for threads)."""
    import odoo
    from odoo.tools import config

    # Loading a registry with test_enable would run every module's tests.
    test_enable = config["test_enable"]
    config["test_enable"] = False
    try:
        registry = odoo.modules.registry.Registry(odoo_db_copy)
    finally:
        config["test_enable"] = test_enable
    return registry
