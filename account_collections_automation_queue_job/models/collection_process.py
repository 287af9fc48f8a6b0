# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""A process run as queue_job jobs: one job per batch of customers, on the
channel ``root.collections.process``; the documents of a batch follow as jobs
of ``root.collections.documents``."""

import logging

from odoo import _, fields, models
from odoo.exceptions import UserError

from odoo.addons.queue_job.exception import RetryableJobError

from .collection_job_mixin import job_key

_logger = logging.getLogger(__name__)

# Seconds before a batch that met a concurrent run is tried again.
CONFLICT_RETRY_SECONDS = 5


class CollectionProcess(models.Model):
    _name = "collection.process"
    _inherit = ["collection.process", "collection.job.mixin"]

    def _collection_job_kind(self):
        return "process"

    def _collection_dispatch_batches(self, batches, today, commit=False, skip_locked=False):
        """Queue the batches as jobs (a job runs one batch with the addon's own
        code, ``_collection_run_job``). Returns no action: the jobs take them."""
        if self.env.context.get("collection_inline"):
            return super()._collection_dispatch_batches(
                batches, today, commit=commit, skip_locked=skip_locked)
        self._collection_enqueue_batches(batches, today, skip_locked=skip_locked)
        return self.env["collection.action"]

    def _collection_enqueue_batches(self, batches, today, skip_locked=False):
        """One job per batch of customers and date, never twice: a batch whose
        job is queued, running or done for that date is left out. Returns the
        jobs queued.

        A process is queued by one transaction at a time: another one queuing
        it now, or that queued it after this transaction began (its jobs
        unseen here), makes this one refuse (a click) or skip it (the cron)."""
        by_process = {}
        for process, batch in batches:
            by_process.setdefault(process, []).extend(batch)
        jobs = []
        for process, partner_ids in by_process.items():
            if not self.env["collection.ledger"]._try_lock_row(process):
                message = _("Process %(process)s is being queued by another run, or was queued "
                            "meanwhile: its jobs are on their way (see the process's jobs).",
                            process=process.display_name)
                if not skip_locked:
                    raise UserError(message)
                _logger.warning(message)
                continue
            process.sudo().collection_job_date = today
            for batch in self._collection_job_batches(partner_ids):
                key = job_key("process", process.id, today, ids=batch)
                if self._collection_job_held(key):
                    continue
                jobs.append(process.with_delay(
                    identity_key=key,
                    description=_("Collections process %(process)s: %(count)s customers on "
                                  "%(date)s", process=process.display_name, count=len(batch),
                                  date=fields.Date.to_string(today)),
                )._collection_run_job(batch, today))
        return [job for job in jobs if job]

    def _collection_run_job(self, partner_ids, today):
        """A job: decide and take the actions of one batch of customers. Another
        run that took actions for some of them meanwhile makes queue_job try
        the batch again later, in a new transaction that sees those actions."""
        self.ensure_one()
        process = self.with_company(self.company_id).with_context(collection_inline=True)
        process.env["collection.action"].check_access("create")
        actions = process._collection_run_batch(partner_ids, today)
        if actions is None:
            raise RetryableJobError(
                _("Another run took actions for some of these customers meanwhile; "
                  "the batch is tried again."), seconds=CONFLICT_RETRY_SECONDS)
        process._collection_queue_documents(actions)
        return _("%(count)s actions taken.", count=len(actions))

    def _collection_queue_documents(self, actions):
        """The documents of the batch as jobs of ``root.collections.documents``."""
        queued = actions.filtered(lambda action: action.state == "queued")
        if queued:
            self.env["collection.action"]._collection_enqueue_documents(queued.ids)

    def _collection_job_failed(self, job, error):
        """A job of this process failed for good: told on the process's chatter."""
        self.sudo().message_post(
            body=_("Collections job failed (%(job)s): %(error)s",
                   job=job.name or job.uuid, error=error),
            subtype_xmlid="mail.mt_note")

    def action_run(self):
        """Run now: the batches go to the job queue; the notification says so."""
        if self.env.context.get("collection_inline"):
            return super().action_run()
        self.env["collection.action"].check_access("create")
        today = fields.Date.context_today(self)
        jobs = self._collection_enqueue_batches(
            list(self._collection_batches(self._collection_targets())), today)
        if jobs:
            message = _("%(count)s jobs queued on channel root.collections.process: the "
                        "progress shows on the process.", count=len(jobs))
        else:
            message = _("Nothing to queue: today's batches are queued or done already.")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"type": "info", "message": message, "sticky": False,
                       "next": {"type": "ir.actions.client", "tag": "soft_reload"}},
        }
