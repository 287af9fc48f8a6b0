# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The jobs of an automation's action: create in batches of customers, then
close the log; issue and send as one job each."""

from odoo import _, fields, models

from odoo.addons.account_collections_automation.models.collection_automation_action import (
    LOGGED_SKIPS,
)
from odoo.addons.queue_job.delay import group

from .collection_job_mixin import job_key


class CollectionAutomationAction(models.Model):
    _inherit = "collection.automation.action"

    def _collection_job_steps(self, date, log):
        """The delayables of this action for the automation's chain."""
        self.ensure_one()
        automation = self.automation_id
        Mixin = self.env["collection.job.mixin"]
        steps = []
        if self.action_type == "create":
            partners = self._create_scope()[0]
            batch_jobs = []
            for batch in Mixin._collection_job_batches(partners.ids):
                key = job_key("reminders", automation.id, date, self.id, ids=batch)
                if Mixin._collection_job_held(key):
                    continue
                batch_jobs.append(self.delayable(
                    identity_key=key,
                    description=_("Reminder automation %(name)s: create, %(count)s customers",
                                  name=automation.name, count=len(batch)),
                )._collection_create_job(batch, date, log_id=log.id))
            if batch_jobs:
                steps.append(group(*batch_jobs))
        steps.append(self.delayable(
            identity_key=self._collection_close_key(log),
            description=_("Reminder automation %(name)s: %(action)s",
                          name=automation.name, action=self.display_name),
        )._collection_action_job(date, log_id=log.id))
        return steps

    def _collection_close_key(self, log):
        """The identity key of the job that closes (or runs) this action's log."""
        return job_key("reminders", self.automation_id.id, log.run_date, self.id, f"log{log.id}")

    def _collection_failed_batches(self, log):
        """The batch jobs of this action's log that failed for good and were
        not requeued since."""
        prefix = job_key("reminders", self.automation_id.id, log.run_date, self.id) + ":"
        return self.env["queue.job"].sudo().search([
            ("identity_key", "=like", prefix + "%"), ("state", "=", "failed"),
            ("method_name", "=", "_collection_create_job"),
        ]).filtered(lambda job: (job.kwargs or {}).get("log_id") == log.id)

    def _collection_create_job(self, partner_ids, date, log_id=None):
        """A job: create the reminders of one batch of customers."""
        self.ensure_one()
        action = self.with_company(self.company_id).with_context(collection_inline=True)
        automation = action.automation_id
        _partners, terms, options = action._create_scope()
        partners = action.env["res.partner"].browse(partner_ids)
        created, skips = action.env["collection.reminder"]._create_reminders(
            partners, date=date, terms=terms, options=options,
            extra_vals={"automation_id": automation.id})
        log = action.env["collection.automation.log"].browse(log_id)
        # Lines only: the log's counts are summed by its closing job, so that
        # the batches never update one row together.
        lines = action.env["collection.automation.log.line"].create([{
            "log_id": log.id,
            "severity": "skip",
            "partner_id": partner.id,
            "message": f"{currency.name}: {skip.reason} ({skip.detail})",
        } for partner, currency, skip in skips if skip.reason in LOGGED_SKIPS])
        if log.exists() and action.env["collection.job.mixin"]._collection_job_done(
                action._collection_close_key(log)):
            # A failed batch requeued after its log was closed (the run went on
            # without it): the closing job counted without it, it adds its own.
            log.write({"created_count": log.created_count + len(created),
                       "skipped_count": log.skipped_count + len(lines)})
        return _("%(created)s reminders created, %(skipped)s customers skipped.",
                 created=len(created), skipped=len(skips))

    def _collection_action_job(self, date, log_id=None):
        """A job: close a create action's log (its batches are done), or run an
        issue or send action; an earlier action that stopped on error stops it."""
        self.ensure_one()
        action = self.with_company(self.company_id).with_context(collection_inline=True)
        Log = action.env["collection.automation.log"]
        log = Log.browse(log_id)
        earlier = Log.search([
            # The logs of one run are created together, in one transaction.
            ("automation_id", "=", action.automation_id.id), ("create_date", "=", log.create_date),
            ("id", "<", log.id), ("state", "=", "failed"),
            ("action_id.stop_on_error", "=", True)])
        if earlier:
            log.write({"state": "stopped", "end": fields.Datetime.now(),
                       "message": _("Not run: an earlier action stopped on error.")})
            return _("Stopped.")
        if action.action_type == "create":
            # The reminders of this run: created after its log (by the batches' jobs).
            created = action.env["collection.reminder"].search_count([
                ("automation_id", "=", action.automation_id.id),
                ("create_date", ">=", log.create_date)])
            counts = {"created_count": created, "skipped_count": len(log.line_ids.filtered(
                lambda line: line.severity == "skip"))}
            if action._collection_failed_batches(log):
                # A batch failed for good and, without stop on error, the run
                # goes on: the log keeps its failure (state, error, count).
                log.write(counts)
                return _("%(count)s reminders created; a batch failed (see the log).",
                         count=created)
            log.write({"state": "done", "end": fields.Datetime.now(), "message": False,
                       **counts})
            return _("%(count)s reminders created.", count=created)
        log.message = False
        errors = action._execute(date, log)
        log.write({"state": "failed" if errors and action.stop_on_error else "done",
                   "end": fields.Datetime.now()})
        if log.state == "failed":
            action.automation_id._notify_failures(log, date)
        return _("Done.")
