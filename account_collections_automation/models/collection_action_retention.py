# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Retention of the collections process history: the daily job removes the
rows older than the company keeps (``engine.retention`` says which may go)."""

import logging

from odoo import api, fields, models, modules

from ..engine import retention

_logger = logging.getLogger(__name__)

# Rows removed per transaction when the scheduler runs the job.
PURGE_BATCH = 1000


class CollectionAction(models.Model):
    _inherit = "collection.action"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _cron_purge_history(self):
        """Daily: remove each company's history older than its retention days."""
        # Commit per batch when the cron server runs it (it sets cron_id), never in tests.
        commit = bool(self.env.context.get("cron_id")) and not modules.module.current_test
        today = fields.Date.context_today(self)
        removed = 0
        companies = self.env["res.company"].sudo().search(
            [("collection_history_retention_days", ">", 0)])
        for company in companies:
            cutoff = retention.retention_cutoff(today, company.collection_history_retention_days)
            domain = self._collection_removable_domain(company, cutoff)
            while rows := self.sudo().search(domain, limit=PURGE_BATCH, order="id"):
                removed += len(rows)
                rows.unlink()
                if commit:
                    self.env.cr.commit()  # pylint: disable=invalid-commit  # per batch
        if removed:
            _logger.info("Collections history: %s rows older than the retention removed", removed)
        return removed

    @api.model
    def _collection_removable_domain(self, company, cutoff):
        """The history rows of ``company`` that ``engine.retention.may_remove``
        lets go at ``cutoff``, as one search domain."""
        if cutoff is None:
            return [("id", "=", 0)]
        open_invoice = self.env["collection.ledger"]._open_invoice_domain()
        return [
            ("company_id", "=", company.id),
            ("date", "<", cutoff),
            # a document or an open activity points to it
            ("mail_id", "=", False), ("mail_message_id", "=", False),
            ("attachment_id", "=", False), ("reminder_id", "=", False),
            ("activity_id", "=", False),
            # about an invoice still open: the history key keeps a step from repeating
            "!", ("move_id", "any", open_invoice),
        ]

    def _collection_has_document(self):
        """Whether a document or an open activity points to this row."""
        self.ensure_one()
        return bool(self.mail_id or self.mail_message_id or self.attachment_id
                    or self.reminder_id or self.activity_id)
