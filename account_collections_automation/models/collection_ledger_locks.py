# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The ledger's concurrency helpers: the advisory locks (their keys defined
once, ``LOCK_KEYS``), a row lock without waiting, and the check that another
transaction committed what this one cannot see."""

from psycopg2 import errors as pg_errors

from odoo import api, models
from odoo.tools import SQL, mute_logger

from .collection_ledger import LOCK_KEYS


class CollectionLedger(models.AbstractModel):
    _inherit = "collection.ledger"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------ concurrency
    @api.model
    def _try_lock(self, kind, key):
        """Take the ``kind`` lock on ``key`` for this transaction; False if another has it."""
        self.env.cr.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [LOCK_KEYS[kind], key])
        return self.env.cr.fetchone()[0]

    @api.model
    def _try_lock_row(self, record):
        """Lock ``record``'s row for this transaction, without waiting; False
        when another transaction holds it, or changed it after this
        transaction's snapshot was taken (a write of it would then fail at
        commit with "could not serialize access")."""
        record.ensure_one()
        try:
            with self.env.cr.savepoint(flush=False), mute_logger("odoo.sql_db"):
                self.env.cr.execute(SQL(
                    "SELECT id FROM %s WHERE id = %s FOR NO KEY UPDATE NOWAIT",
                    SQL.identifier(record._table), record.id))
        except (pg_errors.LockNotAvailable, pg_errors.SerializationFailure):
            return False
        return True

    @api.model
    def _lock(self, kind, key):
        """Wait for the ``kind`` lock on ``key`` and take it for this transaction."""
        self.env.cr.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_KEYS[kind], key])

    @api.model
    def _snapshot_changed(self, model, where):
        """Whether another transaction committed ``model`` rows matching
        ``where`` (SQL on the model's table) that this transaction cannot see:
        its snapshot is older than that commit."""
        if not self.env.registry.ready:
            return False  # installing: no other transaction can see the tables yet
        table = SQL.identifier(self.env[model]._table)
        with self.env.registry.cursor() as fresh:
            fresh.execute(SQL("SELECT id FROM %s WHERE %s", table, where))
            committed = [row[0] for row in fresh.fetchall()]
        if not committed:
            return False
        self.env[model].flush_model()
        self.env.cr.execute(SQL("SELECT count(*) FROM %s WHERE id = ANY(%s)", table, committed))
        return self.env.cr.fetchone()[0] < len(committed)
