# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The document queue as queue_job jobs: one job per batch of queued actions,
on the channel ``root.collections.documents``. A job produces its batch with
the addon's own queue (``FOR UPDATE SKIP LOCKED``), so that two jobs, or a job
and the hourly cron, never produce one document twice."""

from odoo import _, api, fields, models
from odoo.tools import split_every

from odoo.addons.account_collections_automation.models.collection_action import DOCUMENT_BATCH

from .collection_job_mixin import job_key


class CollectionAction(models.Model):
    _inherit = "collection.action"

    @api.model
    def _cron_produce_documents(self):
        """Hourly (and at once after a run without the bridge): the queued
        documents go to the job queue instead of being produced here."""
        self.flush_model(["state", "parent_id"])
        self.env.cr.execute("""
            SELECT id FROM collection_action
             WHERE state = 'queued' AND parent_id IS NULL
          ORDER BY id
        """)
        self._collection_enqueue_documents([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _collection_enqueue_documents(self, action_ids):
        """One job per ``DOCUMENT_BATCH`` queued actions and date, never twice.
        Only the actions that send a document: one sent with another action's
        communication (its ``parent_id``) is produced with it, so a job of
        its own would do nothing (the document queue takes no such action)."""
        action_ids = self.browse(action_ids).filtered(lambda action: not action.parent_id).ids
        today = fields.Date.context_today(self)
        Mixin = self.env["collection.job.mixin"]
        jobs = []
        for batch in split_every(DOCUMENT_BATCH, sorted(action_ids), list):
            key = job_key("documents", 0, today, ids=batch)
            if Mixin._collection_job_held(key):
                continue
            jobs.append(self.browse(batch).with_delay(
                identity_key=key,
                description=_("Collections documents: %(count)s e-mails and letters",
                              count=len(batch)),
            )._collection_documents_job())
        return [job for job in jobs if job]

    def _collection_documents_job(self):
        """A job: produce the documents of these actions still queued."""
        done = self.env["collection.action"]._collection_produce_documents(action_ids=self.ids)
        return _("%(count)s documents produced.", count=len(done))
