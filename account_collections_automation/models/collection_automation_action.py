# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Reminder automations: one action of an automation (create, issue or send
reminders), its filter and its execution."""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval

from ..engine import reminder_issue, reminder_send, vocabulary
from ..engine import reminders as engine
from ..engine.errors import ConfigError
from .collection_reminder_term import formula_error

# Skips worth a log line (the others mean "nothing to remind yet").
LOGGED_SKIPS = ("below_minimum", "max_reminders", "no_levels")


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
    posting_date_formula = fields.Char(
        help="Date formula shifting the posting date (the reminder's date, or the issuing "
        "date when replaced), e.g. CM for the end of the month; empty: no shift. The due "
        "date moves by as many days.",
    )
    vat_date_formula = fields.Char(
        string="VAT Date Formula",
        help="Date formula shifting the VAT date (the reminder's date, or the issuing date "
        "when replaced); empty: no shift.",
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
    send_multiple_per_level = fields.Boolean(
        string="Send Multiple Times per Level",
        help="Without it a reminder is e-mailed once per level. With it, again on later "
        "runs, once the minimum interval has passed since its last e-mail.",
    )
    min_send_interval = fields.Char(
        string="Minimum Interval Between Sends",
        help="Date formula applied to the date of the reminder's last e-mail, e.g. 7D or "
        "1W; empty: no minimum.",
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

    @api.constrains("min_send_interval")
    def _check_min_send_interval(self):
        for action in self:
            try:
                reminder_send.validate_send_interval(action.min_send_interval)
            except ConfigError as error:
                raise formula_error(
                    action._fields["min_send_interval"]._description_string(self.env), error,
                ) from error

    @api.constrains("posting_date_formula", "vat_date_formula")
    def _check_issue_formulas(self):
        for action in self:
            try:
                reminder_issue.validate_issue_formulas(
                    action.posting_date_formula, action.vat_date_formula)
            except ConfigError as error:
                raise formula_error(
                    action._fields[error.field]._description_string(self.env), error,
                ) from error

    def _issue_rules(self):
        """The keyword arguments of ``collection.reminder.action_issue``: this
        issue action's posting and VAT date rules."""
        self.ensure_one()
        return {
            "replace_posting_date": self.replace_posting_date,
            "replace_vat_date": self.replace_vat_date,
            "posting_date_formula": self.posting_date_formula or "",
            "vat_date_formula": self.vat_date_formula or "",
        }

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

    def _create_scope(self, resume_after=0):
        """(customers, terms, options) of a create action: shared by run and
        preview. The customers in the order of their ids, those after
        ``resume_after`` only when it is given (a run resuming an interrupted one)."""
        self.ensure_one()
        terms = self._terms()
        domain = [("collection_reminder_term_id", "in", terms.ids)]
        if resume_after:
            domain.append(("id", ">", resume_after))
        partners = self.env["res.partner"].with_company(self.automation_id.company_id).search(
            expression.AND([self._filter(), domain]), order="id")
        options = engine.ReminderOptions(
            set_highest_level=self.set_highest_level,
            include_not_due=self.include_not_due,
        )
        return partners, terms, options

    def _execute_create(self, date, log):
        automation = self.automation_id
        partners, terms, options = self._create_scope(log.resumed_from_id._resume_after())

        def count_batch(batch):
            # The log's count goes with each batch: committed together.
            log.created_count += len(batch)
            automation._commit_batch()

        log.created_count = 0
        created, skips = self.env["collection.reminder"]._create_reminders(
            partners, date=date, terms=terms, options=options,
            extra_vals={"automation_id": automation.id},
            batch_callback=count_batch,
            progress_callback=log._count_processed,
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

    def _scope(self, state, log=None):
        """Issue and send: the reminders in ``state`` this automation created,
        or any matching one with *Include Reminders Created by Others*; after
        the last one ``log``'s run resumes from, if any (search them by id)."""
        automation = self.automation_id
        domain = [
            ("state", "=", state),
            ("company_id", "=", automation.company_id.id),
            ("term_id", "in", self._terms().ids),
        ]
        resume_after = log.resumed_from_id._resume_after() if log else 0
        if resume_after:
            domain.append(("id", ">", resume_after))
        if not self.include_other_reminders:
            domain.append(("automation_id", "=", automation.id))
        return expression.AND([self._filter(), domain])

    def _execute_issue(self, date, log):
        reminders = self.env["collection.reminder"].search(self._scope("draft", log), order="id")
        failures = []
        try:
            with self.env.cr.savepoint():
                reminders.action_issue(date, **self._issue_rules())
            issued = reminders
        except Exception:  # noqa: BLE001 -- retried one by one to name the culprits
            issued = reminders.browse()
            for reminder in reminders:
                try:
                    with self.env.cr.savepoint():
                        reminder.action_issue(date, **self._issue_rules())
                    issued |= reminder
                except Exception as error:  # noqa: BLE001 -- logged with the reminder
                    failures.append((reminder, str(error)))
        log.write({
            "issued_count": len(issued),
            "failed_count": len(failures),
            "line_ids": self._log_lines(failures, "error"),
        })
        log._count_processed(reminders)
        self._record_errors(log, failures)
        return bool(failures)

    def _execute_send(self, date, log):
        domain = expression.AND([self._scope("issued", log), [
            "|", ("last_sent_date", "=", False), ("last_sent_date", "<", date),
            "|", ("send_count", "=", 0), ("due_date", ">=", date),
        ]])
        reminders = self.env["collection.reminder"].search(domain, order="id")
        sent, skipped, failed = reminders._send_reminders(
            send_method=self.send_method,
            attach_invoices=self.attach_invoices,
            max_send_count=self.max_send_count,
            once_a_day=True,
            once_per_level=True,
            multiple_per_level=self.send_multiple_per_level,
            min_interval=self.min_send_interval or None,
            log_interaction=self.log_interaction,
            description=self.description,
        )
        log.write({
            "sent_count": len(sent),
            "skipped_count": len(skipped),
            "failed_count": len(failed),
            "line_ids": self._log_lines(skipped, "skip") + self._log_lines(failed, "error"),
        })
        log._count_processed(reminders)
        self._record_errors(log, failed)
        return bool(failed)

    @api.model
    def _record_errors(self, log, pairs):
        """The automation's error list gets each ``(reminder, message)`` of ``log``."""
        self.env["collection.automation.error"]._record(log, pairs)

    @api.model
    def _log_lines(self, pairs, severity):
        return [(0, 0, {
            "severity": severity,
            "reminder_id": reminder.id,
            "partner_id": reminder.partner_id.id,
            "message": message,
        }) for reminder, message in pairs]
