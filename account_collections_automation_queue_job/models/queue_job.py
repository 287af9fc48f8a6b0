# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""A collections job that failed for good (queue_job gave up retrying, or its
error is not one to retry) is told where users look: a process's failed batch
on the process's chatter, an automation's failed job in its log."""

from odoo import models

# The collections job functions, by model, and who is told of their failure.
COLLECTIONS_MODELS = ("collection.process", "collection.automation.action")


class QueueJob(models.Model):
    _inherit = "queue.job"

    def write(self, vals):
        result = super().write(vals)
        if vals.get("state") == "failed":
            for job in self.filtered(lambda j: j.model_name in COLLECTIONS_MODELS):
                job._collection_record_failure()
        return result

    def _collection_record_failure(self):
        self.ensure_one()
        error = self.exc_message or self.exc_name or self.exc_info or ""
        records = self.records.sudo().exists()
        if self.model_name == "collection.process":
            for process in records:
                process._collection_job_failed(self, error)
            return
        log_id = (self.kwargs or {}).get("log_id")
        for action in records:
            action.automation_id._collection_job_failed(self, error, log_id=log_id)
