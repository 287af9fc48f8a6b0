# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""A reminder automation run as queue_job jobs, on the channel
``root.collections.reminders``: its actions in order, as a chain of jobs;
a create action is a group of jobs, one per batch of customers, then a job
that closes its log."""

from odoo import _, fields, models
from odoo.exceptions import UserError

from odoo.addons.account_collections_automation.engine import cadence
from odoo.addons.queue_job.delay import chain


class CollectionAutomation(models.Model):
    _name = "collection.automation"
    _inherit = ["collection.automation", "collection.job.mixin"]

    def _collection_job_kind(self):
        return "reminders"

    def run(self, date=None):
        """Queue the run: one log per action (running until its jobs end), and
        the jobs chained in the actions' order. Returns the logs."""
        if self.env.context.get("collection_inline"):
            return super().run(date)
        self.ensure_one()
        self = self.with_company(self.company_id)  # noqa: PLW0642
        self._lock()
        date = date or fields.Date.context_today(self)
        Log = self.env["collection.automation.log"]
        logs = Log.browse()
        steps = []
        for action in self.action_ids.sorted(lambda a: (a.sequence, a.id)):
            log = Log.create({
                "automation_id": self.id,
                "action_id": action.id,
                "run_date": date,
                "start": fields.Datetime.now(),
                "state": "running",
                "message": _("Queued as jobs."),
            })
            logs |= log
            steps += action._collection_job_steps(date, log)
        self.sudo().collection_job_date = date
        if steps:
            chain(*steps).delay()
        vals = {"last_run_date": date}
        if self.cadence != "manual":
            vals["next_run_date"] = cadence.next_run(self.cadence, date, self.date_formula)
        self.write(vals)
        return logs

    def action_start(self):
        """Manual automations: Run now queues the run and says so."""
        manual = self.filtered(lambda a: a.cadence == "manual")
        if self.env.context.get("collection_inline") or not manual:
            return super().action_start()
        for automation in manual:
            if not automation.action_ids:
                raise UserError(_("%(name)s has no actions to run.", name=automation.name))
        super(CollectionAutomation, self - manual).action_start()
        for automation in manual:
            automation.run()
            automation.state = "draft"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": _("The run is queued as jobs on channel root.collections.reminders: "
                             "its progress shows on the automation and its log entries."),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _collection_job_failed(self, job, error, log_id=None):
        """A job of this automation failed for good: its log says so, with the error."""
        log = self.env["collection.automation.log"].sudo().browse(log_id).exists()
        if not log:
            return
        log.write({"state": "failed", "failed_count": log.failed_count + 1,
                   "message": error, "end": fields.Datetime.now()})
        self._notify_failures(log, log.run_date)
