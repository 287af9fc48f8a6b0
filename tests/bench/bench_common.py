# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Shared helpers of the benchmark scripts: opening Odoo on a database.

Run with the project's virtualenv python (Odoo's source is on its path through
a ``.pth`` file); ``setup/bench.sh`` passes the configuration it writes.
"""

import contextlib
import logging

import odoo
from odoo import SUPERUSER_ID, api

PARAM_PREFIX = "aca_bench."


def open_registry(conf, db, log_level="warn"):
    """Odoo's registry of ``db`` with the configuration file ``conf``."""
    odoo.tools.config.parse_config(["-c", conf, "-d", db, f"--log-level={log_level}"])
    # Odoo's logging setup would otherwise print every registry load at INFO.
    logging.getLogger("odoo").setLevel(getattr(logging, log_level.upper(), logging.WARNING))
    return odoo.modules.registry.Registry(db)


@contextlib.contextmanager
def fresh_env(registry, context=None):
    """A new cursor and environment, committed on success.

    A fresh environment per batch keeps the ORM caches (records, environments
    per context) from piling up over a long build.
    """
    with registry.cursor() as cr:
        yield api.Environment(cr, SUPERUSER_ID, dict(context or {}))


def get_param(env, key, default=None):
    return env["ir.config_parameter"].sudo().get_param(PARAM_PREFIX + key, default)


def set_param(env, key, value):
    env["ir.config_parameter"].sudo().set_param(PARAM_PREFIX + key, value)


# The build does without what only a person editing a record needs: chatter
# tracking messages and "created" log notes. (The measured runs keep them.)
QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}
