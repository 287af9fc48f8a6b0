# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Reminder automations (Business Central): an automation, its cadence and
its job-queue entry, and its run (the actions in order, logged, stop on error).
The actions are in ``collection_automation_action.py``, the log in
``collection_automation_log.py``; the preview is the wizard
``collection.reminder.preview``."""

import logging
from datetime import timedelta

import psycopg2
from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..engine import cadence, dates, vocabulary
from .collection_reminder_term import formula_error

_logger = logging.getLogger(__name__)

CRON_INTERVALS = {
    # cadence: (interval_number, interval_type) of the job-queue entry; custom
    # cadences run daily and skip the days before their next run date.
    "weekly": (1, "weeks"),
    "monthly": (1, "months"),
    "custom": (1, "days"),
}


class CollectionAutomation(models.Model):
    """A reminder automation (Business Central): create, issue and send reminders."""

    _name = "collection.automation"
    _description = "Reminder Automation"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    term_ids = fields.Many2many(
        "collection.reminder.term",
        string="Reminder Terms Filter",
        domain="[('company_id', '=', company_id)]",
        help="The reminder terms of the customers this automation reminds "
        "(all terms when empty).",
    )
    cadence = fields.Selection(
        vocabulary.CADENCES, required=True, default="manual", tracking=True,
        help="Manual runs once on Start; the others run until paused.",
    )
    date_formula = fields.Char(
        tracking=True,
        help="Custom cadence: the next run date from the last one, e.g. CM+10D or 2W.",
    )
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user, tracking=True,
        domain="[('share', '=', False)]",
        help="Scheduled runs act with this user's access rights, and this user is told "
        "when an action fails.",
    )
    state = fields.Selection(
        vocabulary.AUTOMATION_STATES, default="draft", required=True, readonly=True,
        tracking=True, copy=False,
    )
    action_ids = fields.One2many(
        "collection.automation.action", "automation_id", string="Actions", copy=True
    )
    cron_id = fields.Many2one(
        "ir.cron", string="Job Queue Entry", readonly=True, copy=False, ondelete="set null"
    )
    next_run_date = fields.Date(copy=False, tracking=True)
    last_run_date = fields.Date(readonly=True, copy=False)
    log_ids = fields.One2many("collection.automation.log", "automation_id", string="Log Entries")
    log_count = fields.Integer(compute="_compute_counts")
    reminder_count = fields.Integer(compute="_compute_counts")

    def _compute_counts(self):
        logs = dict(self.env["collection.automation.log"]._read_group(
            [("automation_id", "in", self.ids)], ["automation_id"], ["__count"]))
        reminders = dict(self.env["collection.reminder"]._read_group(
            [("automation_id", "in", self.ids)], ["automation_id"], ["__count"]))
        for automation in self:
            automation.log_count = logs.get(automation, 0)
            automation.reminder_count = reminders.get(automation, 0)

    @api.constrains("cadence", "date_formula")
    def _check_date_formula(self):
        for automation in self:
            if automation.cadence != "custom":
                continue
            if not (automation.date_formula or "").strip():
                raise ValidationError(_(
                    "Date Formula: the custom cadence of %(name)s needs a date formula "
                    "(e.g. CM+10D).", name=automation.name))
            try:
                dates.validate(automation.date_formula)
            except dates.DateFormulaError as error:
                raise formula_error(_("Date Formula"), error) from error

    def unlink(self):
        self.cron_id.sudo().unlink()
        return super().unlink()

    # ------------------------------------------------------------------
    # Start / pause / job queue
    # ------------------------------------------------------------------
    def action_start(self):
        """Manual: run once now. Others: activate the job-queue entry."""
        for automation in self:
            if not automation.action_ids:
                raise UserError(_("%(name)s has no actions to run.", name=automation.name))
            if automation.cadence == "manual":
                automation.run()
                automation.state = "draft"
                continue
            today = fields.Date.context_today(automation)
            try:
                next_run = cadence.first_run(
                    automation.cadence, today, automation.date_formula,
                    planned=automation.next_run_date or None)
            except dates.DateFormulaError as error:
                raise formula_error(_("Date Formula"), error) from error
            automation._ensure_cron(next_run)
            automation.write({"state": "active", "next_run_date": next_run})
        return True

    def action_pause(self):
        self.cron_id.sudo().write({"active": False})
        self.filtered(lambda a: a.state == "active").write({"state": "paused"})
        return True

    def _ensure_cron(self, next_run):
        self.ensure_one()
        number, interval = CRON_INTERVALS[self.cadence]
        vals = {
            "active": True,
            # Odoo's scheduler needs an administrator (it records the job's
            # progress); the run itself acts as the automation's responsible.
            "user_id": self.env.ref("base.user_root").id,
            "interval_number": number,
            "interval_type": interval,
            "nextcall": fields.Datetime.to_datetime(next_run) + timedelta(hours=6),
        }
        cron = self.cron_id.sudo()
        if cron:
            cron.write(vals)
            return cron
        cron = self.env["ir.cron"].sudo().create({
            "name": _("Reminder automation: %s", self.name),
            "model_id": self.env["ir.model"]._get_id(self._name),
            "state": "code",
            "code": f"model._cron_run_automation({self.id})",
            **vals,
        })
        self.sudo().cron_id = cron
        return cron

    def action_open_cron(self):
        self.ensure_one()
        if not self.cron_id:
            raise UserError(_("Start %(name)s first: it has no job queue entry yet.",
                              name=self.name))
        return {
            "type": "ir.actions.act_window",
            "res_model": "ir.cron",
            "res_id": self.cron_id.id,
            "view_mode": "form",
            "name": _("Job Queue Entry"),
        }

    def action_view_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_collections_automation.collection_automation_log_action")
        action["domain"] = [("automation_id", "=", self.id)]
        return action

    def action_view_reminders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_collections_automation.collection_reminder_action")
        action.update(domain=[("automation_id", "=", self.id)], context={})
        return action

    def action_preview(self):
        """What the create actions would make today, and why each customer they
        consider would get nothing; nothing is written."""
        self.ensure_one()
        automation = self.with_company(self.company_id)
        today = fields.Date.context_today(self)
        Preview = automation.env["collection.reminder.preview"]
        line_vals = []
        for action in automation.action_ids.filtered(lambda a: a.action_type == "create"):
            partners, terms, options = action._create_scope()
            line_vals += Preview._line_values(partners, today, terms, options)
        preview = Preview.create({
            "automation_id": self.id,
            "date": today,
            "line_ids": [Command.create(vals) for vals in line_vals],
        })
        return {
            "type": "ir.actions.act_window",
            "res_model": "collection.reminder.preview",
            "res_id": preview.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Preview of %s", self.name),
        }

    @api.model
    def _cron_run_automation(self, automation_id):
        automation = self.browse(automation_id).exists()
        if not automation or automation.state != "active":
            return
        today = fields.Date.context_today(automation)
        if (automation.cadence == "custom" and automation.next_run_date
                and automation.next_run_date > today):
            # Custom cadences tick daily and the formula decides; weekly and
            # monthly ones follow their job-queue entry, whose recurrence users adjust.
            return
        user = automation.user_id if automation.user_id.active else automation.env.user
        # As the responsible, in their language (a job's context has none).
        automation.with_user(user).with_context(lang=user.lang).with_company(
            automation.company_id).run(today)

    # ------------------------------------------------------------------
    # Run
    # ------------------------------------------------------------------
    def _lock(self):
        """Lock this automation's row, so that two runs cannot overlap."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    "SELECT id FROM collection_automation WHERE id = %s FOR UPDATE NOWAIT",
                    [self.id],
                )
        except psycopg2.errors.LockNotAvailable as error:
            raise UserError(_(
                "%(name)s is already running; try again when that run is over.",
                name=self.name,
            )) from error
        except psycopg2.errors.SerializationFailure as error:
            # Another run ended after this transaction began: it cannot see that run's work.
            raise UserError(_(
                "%(name)s ran in another transaction meanwhile; run it again.",
                name=self.name,
            )) from error

    def _may_commit(self):
        """Commit per batch only when running as this automation's cron job."""
        return bool(
            self.cron_id
            and self.env.context.get("cron_id") == self.cron_id.id
            and not self.env.registry.in_test_mode()
        )

    def run(self, date=None):
        """Run the actions in order on ``date`` (default today); return the logs.

        Every log ends done, failed or stopped, with the counts of what its
        action wrote. As a cron job the run commits per batch (the log's
        counts with each batch, so they always equal what is committed); an
        action that fails is rolled back to its last committed batch, without
        a savepoint spanning a commit. Otherwise the whole run is one
        transaction and an action that fails is rolled back to a savepoint.
        A failed action is told on the automation's chatter and, for a
        scheduled run, in an activity of the automation's responsible.
        """
        self.ensure_one()
        self = self.with_company(self.company_id)  # noqa: PLW0642
        self._lock()
        date = date or fields.Date.context_today(self)
        committing = self._may_commit()
        self._close_interrupted_logs()
        Log = self.env["collection.automation.log"]
        log_ids = []
        stopped = lock_lost = False

        def commit():
            if committing:
                self.env.cr.commit()  # pylint: disable=invalid-commit  # per batch
                if not lock_lost:
                    self._lock()

        for action in self.action_ids.sorted(lambda a: (a.sequence, a.id)):
            # After an interrupted run the action resumes after its last record
            # processed: this log starts from there (and keeps it if it stops too).
            resumed = self._interrupted_log(action)
            log = Log.create({
                "automation_id": self.id,
                "action_id": action.id,
                "run_date": date,
                "start": fields.Datetime.now(),
                "state": "running",
                "resumed_from_id": resumed.id,
                "last_record_ref": resumed.last_record_ref and (
                    f"{resumed.last_record_ref._name},{resumed.last_record_ref.id}"),
                "interrupted": bool(resumed) and stopped,
            })
            log_ids.append(log.id)
            if stopped:
                log.write({"state": "stopped", "end": fields.Datetime.now(),
                           "message": _("Not run: an earlier action stopped on error.")})
                continue
            commit()  # the log exists whatever happens next
            try:
                if committing:
                    errors = action._execute(date, log)
                else:
                    with self.env.cr.savepoint():
                        errors = action._execute(date, log)
            except Exception as error:  # noqa: BLE001 -- written to the log
                _logger.exception("Reminder automation %s, action %s failed", self.id, action.id)
                if committing:
                    # Back to the last committed batch, whose counts the log holds.
                    self.env.cr.rollback()
                log = Log.browse(log.id)
                log.write({
                    "state": "failed",
                    "failed_count": log.failed_count + 1,
                    "message": str(error),
                    "end": fields.Datetime.now(),
                })
                self._log_interruption(log, str(error))
                errors = True
                if committing:
                    self.env.cr.commit()  # pylint: disable=invalid-commit  # the failure's log
                    try:
                        self._lock()
                    except UserError as lock_error:
                        # Another run took over between two transactions: leave it the rest.
                        log.message = f"{log.message}\n{lock_error}"
                        stopped = lock_lost = True
            else:
                log.write({
                    "state": "failed" if errors and action.stop_on_error else "done",
                    "end": fields.Datetime.now(),
                })
            if errors and action.stop_on_error:
                stopped = True
            commit()
        logs = Log.browse(log_ids)
        vals = {"last_run_date": date}
        if lock_lost:
            vals = {}  # the run that took over sets the dates
        elif self.cadence != "manual":
            try:
                vals["next_run_date"] = cadence.next_run(self.cadence, date, self.date_formula)
            except ValueError as error:
                logs[-1:].message = (logs[-1:].message or "") + "\n" + str(error)
        if vals:
            self.write(vals)
        self._notify_failures(logs.filtered(lambda log: log.state == "failed"), date)
        commit()
        return logs

    def _commit_batch(self):
        if self._may_commit():
            self.env.cr.commit()  # pylint: disable=invalid-commit  # per batch
            self._lock()

    def _close_interrupted_logs(self):
        """Logs left running by a run that died (the row lock is ours now, so
        no run of this automation is alive): failed, with what they committed."""
        interrupted = self.env["collection.automation.log"].search(
            [("automation_id", "=", self.id), ("state", "=", "running")])
        if interrupted:
            interrupted.write({
                "state": "failed",
                "end": fields.Datetime.now(),
                "message": _("Interrupted: the run ended before this action finished "
                             "(the counts are what it had saved)."),
            })
            for log in interrupted:
                self._log_interruption(log, log.message)
            self._notify_failures(interrupted, interrupted[0].run_date)

    def _responsible_user(self):
        """Who is told of a failure: the automation's responsible, else the
        user who ran it."""
        return self.user_id if self.user_id.active else self.env.user

    def _notify_failures(self, failed_logs, date):
        """Tell of failed actions on the chatter, and (scheduled runs, where
        nobody is watching) in an activity of the responsible."""
        if not failed_logs:
            return
        user = self._responsible_user()
        labels = dict(self.env["collection.automation.log"]._fields[
            "action_type"]._description_selection(self.env))
        items = Markup("").join(
            Markup("<li>%s: %s</li>") % (labels.get(log.action_type, ""), log.message or "")
            for log in failed_logs)
        summary = _("%(name)s failed on %(date)s", name=self.name,
                    date=fields.Date.to_string(date))
        automation = self.sudo()
        automation.message_post(
            body=Markup("<p>%s</p><ul>%s</ul>") % (summary, items),
            partner_ids=user.partner_id.ids,
            subtype_xmlid="mail.mt_note",
        )
        if self.env.context.get("cron_id") and user.active and not user.share:
            automation.activity_schedule(
                "mail.mail_activity_data_todo", summary=summary,
                note=_("See the log entries of the run for the details."),
                user_id=user.id)
