# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import logging
from datetime import timedelta

import psycopg2
from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval

from ..engine import cadence, dates, vocabulary
from ..engine import reminders as engine
from .collection_reminder_term import formula_error

_logger = logging.getLogger(__name__)

CRON_INTERVALS = {
    # cadence: (interval_number, interval_type) of the job-queue entry; custom
    # cadences run daily and skip the days before their next run date.
    "weekly": (1, "weeks"),
    "monthly": (1, "months"),
    "custom": (1, "days"),
}
# Skips worth a log line (the others mean "nothing to remind yet").
LOGGED_SKIPS = ("below_minimum", "max_reminders", "no_levels")


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
            log = Log.create({
                "automation_id": self.id,
                "action_id": action.id,
                "run_date": date,
                "start": fields.Datetime.now(),
                "state": "running",
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


class CollectionAutomationAction(models.Model):
    """One action of an automation: create, issue or send reminders."""

    _name = "collection.automation.action"
    _description = "Reminder Automation Action"
    _order = "automation_id, sequence, id"

    automation_id = fields.Many2one(
        "collection.automation", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="automation_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    action_type = fields.Selection(
        vocabulary.AUTOMATION_ACTION_TYPES, string="Action", required=True, default="create"
    )
    stop_on_error = fields.Boolean(
        string="Stop on Error", help="An error in this action stops the later actions of the run."
    )
    filter_domain = fields.Char(
        string="Filter", default="[]", required=True,
        help="Create: which customers; issue and send: which reminders.",
    )
    filter_model = fields.Char(compute="_compute_filter_model")
    # create
    set_highest_level = fields.Boolean(
        string="Set Highest Level on All Lines",
        help="Put every line of a reminder at the highest level it reaches.",
    )
    include_not_due = fields.Boolean(
        string="Include Not Yet Due",
        help="List all open invoices, not only overdue ones, in a separate section.",
    )
    # issue
    replace_posting_date = fields.Boolean(
        help="Post on the issuing date instead of the creation date; the due date moves "
        "by as many days.",
    )
    replace_vat_date = fields.Boolean(
        string="Replace VAT Date", help="Use the issuing date as the VAT date."
    )
    # issue and send
    include_other_reminders = fields.Boolean(
        string="Include Reminders Created by Others",
        help="Issue or send the matching reminders created by hand or by other automations "
        "too. Otherwise only the reminders this automation created.",
    )
    # send
    description = fields.Char(translate=True)
    max_send_count = fields.Integer(
        string="Number of Times the Same Reminder Is Sent", default=1,
        help="0 means no limit.",
    )
    log_interaction = fields.Boolean(
        default=True,
        help="Record each sending in the customer's chatter.",
    )
    send_method = fields.Selection(vocabulary.SEND_METHODS, default="email", required=True)
    attach_invoices = fields.Selection(
        vocabulary.ATTACH_INVOICES, default="none", required=True
    )

    @api.depends("action_type")
    def _compute_filter_model(self):
        for action in self:
            action.filter_model = (
                "res.partner" if action.action_type == "create" else "collection.reminder"
            )

    @api.depends("action_type", "sequence")
    def _compute_display_name(self):
        labels = dict(self._fields["action_type"]._description_selection(self.env))
        for action in self:
            action.display_name = labels.get(action.action_type, "")

    @api.constrains("filter_domain", "action_type")
    def _check_filter_domain(self):
        for action in self:
            action._filter()

    @api.constrains("max_send_count")
    def _check_max_send_count(self):
        for action in self:
            if action.max_send_count < 0:
                raise ValidationError(_(
                    "Number of Times the Same Reminder Is Sent: %(value)s must not be negative.",
                    value=action.max_send_count))

    @api.constrains("action_type", "send_method", "automation_id")
    def _check_templates(self):
        for action in self.filtered(
                lambda a: a.action_type == "send" and a.send_method in ("email", "both")):
            terms = action.automation_id.term_ids or self.env["collection.reminder.term"].search(
                [("company_id", "=", action.company_id.id)])
            missing = terms.level_ids.filtered(lambda level: not level.mail_template_id)
            if missing:
                raise ValidationError(_(
                    "E-mail Template: %(levels)s have no e-mail template, so the send action "
                    "of %(automation)s cannot e-mail their reminders.",
                    levels=", ".join(missing.mapped("display_name")),
                    automation=action.automation_id.name,
                ))

    def _filter(self):
        """The action's own filter as a domain (a ValidationError names a bad one)."""
        self.ensure_one()
        try:
            domain = expression.normalize_domain(safe_eval(self.filter_domain or "[]"))
            expression.expression(domain, self.env[self.filter_model])
        except Exception as error:  # noqa: BLE001 -- any failure means a bad domain
            raise ValidationError(_(
                "Filter: %(value)r is not a valid filter on %(model)s (%(error)s).",
                value=self.filter_domain, model=self.filter_model, error=error,
            )) from error
        return domain

    # Buttons ---------------------------------------------------------------
    def _move(self, step):
        for action in self:
            siblings = action.automation_id.action_ids.sorted(lambda a: (a.sequence, a.id))
            for index, sibling in enumerate(siblings):
                sibling.sequence = (index + 1) * 10
            position = list(siblings).index(action)
            other = position + step
            if 0 <= other < len(siblings):
                neighbour = siblings[other]
                action.sequence, neighbour.sequence = neighbour.sequence, action.sequence
        return True

    def action_move_up(self):
        return self._move(-1)

    def action_move_down(self):
        return self._move(1)

    def action_set_stop_on_error(self):
        self.stop_on_error = True
        return True

    def action_clear_stop_on_error(self):
        self.stop_on_error = False
        return True

    # Execution ----------------------------------------------------------------
    def _execute(self, date, log):
        """Run this action on ``date``, counting into ``log``; True when errors occurred."""
        self.ensure_one()
        return getattr(self, f"_execute_{self.action_type}")(date, log)

    def _terms(self):
        automation = self.automation_id
        return automation.term_ids or self.env["collection.reminder.term"].search(
            [("company_id", "=", automation.company_id.id)])

    def _create_scope(self):
        """(customers, terms, options) of a create action: shared by run and preview."""
        self.ensure_one()
        terms = self._terms()
        partners = self.env["res.partner"].with_company(self.automation_id.company_id).search(
            expression.AND([self._filter(), [("collection_reminder_term_id", "in", terms.ids)]]))
        options = engine.ReminderOptions(
            set_highest_level=self.set_highest_level,
            include_not_due=self.include_not_due,
        )
        return partners, terms, options

    def _execute_create(self, date, log):
        automation = self.automation_id
        partners, terms, options = self._create_scope()

        def count_batch(batch):
            # The log's count goes with each batch: committed together.
            log.created_count += len(batch)
            automation._commit_batch()

        log.created_count = 0
        created, skips = self.env["collection.reminder"]._create_reminders(
            partners, date=date, terms=terms, options=options,
            extra_vals={"automation_id": automation.id},
            batch_callback=count_batch,
        )
        log.write({
            "created_count": len(created),
            "skipped_count": len(skips),
            "line_ids": [(0, 0, {
                "severity": "skip",
                "partner_id": partner.id,
                "message": f"{currency.name}: {skip.reason} ({skip.detail})",
            }) for partner, currency, skip in skips if skip.reason in LOGGED_SKIPS],
        })
        return False

    def _scope(self, state):
        """Issue and send: the reminders in ``state`` this automation created,
        or any matching one with *Include Reminders Created by Others*."""
        automation = self.automation_id
        domain = [
            ("state", "=", state),
            ("company_id", "=", automation.company_id.id),
            ("term_id", "in", self._terms().ids),
        ]
        if not self.include_other_reminders:
            domain.append(("automation_id", "=", automation.id))
        return expression.AND([self._filter(), domain])

    def _execute_issue(self, date, log):
        reminders = self.env["collection.reminder"].search(self._scope("draft"))
        failures = []
        try:
            with self.env.cr.savepoint():
                reminders.action_issue(date, self.replace_posting_date, self.replace_vat_date)
            issued = reminders
        except Exception:  # noqa: BLE001 -- retried one by one to name the culprits
            issued = reminders.browse()
            for reminder in reminders:
                try:
                    with self.env.cr.savepoint():
                        reminder.action_issue(
                            date, self.replace_posting_date, self.replace_vat_date)
                    issued |= reminder
                except Exception as error:  # noqa: BLE001 -- logged with the reminder
                    failures.append((reminder, str(error)))
        log.write({
            "issued_count": len(issued),
            "failed_count": len(failures),
            "line_ids": self._log_lines(failures, "error"),
        })
        return bool(failures)

    def _execute_send(self, date, log):
        domain = expression.AND([self._scope("issued"), [
            "|", ("last_sent_date", "=", False), ("last_sent_date", "<", date),
            "|", ("send_count", "=", 0), ("due_date", ">=", date),
        ]])
        reminders = self.env["collection.reminder"].search(domain)
        sent, skipped, failed = reminders._send_reminders(
            send_method=self.send_method,
            attach_invoices=self.attach_invoices,
            max_send_count=self.max_send_count,
            once_a_day=True,
            log_interaction=self.log_interaction,
            description=self.description,
        )
        log.write({
            "sent_count": len(sent),
            "skipped_count": len(skipped),
            "failed_count": len(failed),
            "line_ids": self._log_lines(skipped, "skip") + self._log_lines(failed, "error"),
        })
        return bool(failed)

    @api.model
    def _log_lines(self, pairs, severity):
        return [(0, 0, {
            "severity": severity,
            "reminder_id": reminder.id,
            "partner_id": reminder.partner_id.id,
            "message": message,
        }) for reminder, message in pairs]


class CollectionAutomationLog(models.Model):
    """One row per automation run and action."""

    _name = "collection.automation.log"
    _description = "Reminder Automation Log Entry"
    _order = "start desc, id desc"

    automation_id = fields.Many2one(
        "collection.automation", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="automation_id.company_id", store=True)
    action_id = fields.Many2one(
        "collection.automation.action", string="Automation Action", ondelete="set null"
    )
    action_type = fields.Selection(
        vocabulary.AUTOMATION_ACTION_TYPES, string="Action", store=True,
        compute="_compute_action_type",
    )
    run_date = fields.Date(required=True)
    start = fields.Datetime(required=True, default=fields.Datetime.now)
    end = fields.Datetime()
    state = fields.Selection(vocabulary.LOG_STATES, default="running", required=True)
    created_count = fields.Integer(string="Created")
    issued_count = fields.Integer(string="Issued")
    sent_count = fields.Integer(string="Sent")
    skipped_count = fields.Integer(string="Skipped")
    failed_count = fields.Integer(string="Failed")
    message = fields.Text()
    line_ids = fields.One2many("collection.automation.log.line", "log_id", string="Details")

    @api.depends("action_id.action_type")
    def _compute_action_type(self):
        for log in self:
            log.action_type = log.action_id.action_type or log.action_type


class CollectionAutomationLogLine(models.Model):
    """An error or a skip of an automation run, with the customer and document."""

    _name = "collection.automation.log.line"
    _description = "Reminder Automation Log Detail"
    _order = "id"

    log_id = fields.Many2one(
        "collection.automation.log", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="log_id.company_id", store=True)
    severity = fields.Selection(
        [("skip", "Skipped"), ("error", "Error")], required=True, default="error"
    )
    partner_id = fields.Many2one("res.partner", string="Customer")
    reminder_id = fields.Many2one("collection.reminder", string="Reminder", ondelete="set null")
    message = fields.Text()
