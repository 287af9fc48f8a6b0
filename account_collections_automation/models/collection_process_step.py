# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Collections process: the steps (process details) of a process hierarchy."""

import base64

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..engine import process as process_engine
from ..engine import recipients as recipient_engine
from ..engine import vocabulary
from ..engine.errors import ConfigError


class CollectionProcessStep(models.Model):
    _name = "collection.process.step"
    _description = "Collections Process Detail"
    _order = "process_id, sequence, id"

    process_id = fields.Many2one("collection.process", required=True, ondelete="cascade",
                                 index=True)
    company_id = fields.Many2one(related="process_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Description", required=True, translate=True)
    action_type = fields.Selection(vocabulary.ACTION_TYPES, required=True, default="activity")
    timing = fields.Selection(vocabulary.TIMINGS, string="When", required=True, default="after")
    days = fields.Integer(help="Days before or after the due date of the leading "
                          "invoice (the customer's oldest open invoice).")
    offset = fields.Integer(compute="_compute_offset", help="Days relative to the due date.")
    pre_reminder = fields.Boolean(
        string="Pre-reminder",
        help="Act once per open invoice when that invoice reaches this step, "
        "e.g. a notice before it falls due. One step per process at most.")
    recipient = fields.Selection(vocabulary.RECIPIENTS, required=True, default="customer")
    contact_type = fields.Selection(
        vocabulary.CONTACT_TYPES, string="Business Purpose Contact", required=True,
        default="collections",
        help="Which contact of the customer's company receives the e-mail.")
    # Business document: activity
    activity_type_id = fields.Many2one("mail.activity.type", string="Activity Type",
                                       domain="[('res_model', 'in', (False, 'account.move'))]")
    activity_summary = fields.Char(string="Summary", translate=True)
    activity_note = fields.Html(string="Activity Details", translate=True)
    activity_days = fields.Integer(string="Days to Complete")
    activity_user_id = fields.Many2one(
        "res.users", string="Responsible", domain=[("share", "=", False)],
        help="Empty: the customer's collections agent, else the salesperson, else the "
        "process's e-mail author.")
    # Business document: e-mail
    mail_template_id = fields.Many2one(
        "mail.template", string="E-mail Template", domain=[("model", "=", "account.move")],
        help="Rendered on the invoice concerned, in the recipient's language.")
    mail_template_subject = fields.Char(related="mail_template_id.subject", readonly=False)
    mail_template_body = fields.Html(related="mail_template_id.body_html", readonly=False)
    mail_template_upload = fields.Binary(
        string="Upload HTML Body", store=False, inverse="_inverse_mail_template_upload",
        help="An HTML file (e.g. an e-mail saved from Outlook) that becomes the template's body.")
    mail_template_upload_name = fields.Char(store=False)
    # Business document: collection letter
    reminder_level_id = fields.Many2one(
        "collection.reminder.level", string="Reminder Level",
        domain="[('company_id', 'in', (company_id, False))]",
        help="The letter is a reminder issued at this level (with its fees, interest and "
        "texts). Empty: a letter listing the customer's open invoices.")
    reminder_term_id = fields.Many2one(
        "collection.reminder.term", string="Collection Letter Sequence",
        domain="[('company_id', 'in', (company_id, False))]",
        help="Without a reminder level: the letter is a reminder at the customer's next level "
        "on these reminder terms (the first level above the one their open items reached).")

    # Business document: SMS
    sms_template_id = fields.Many2one(
        "sms.template", string="SMS Template", domain=[("model", "=", "res.partner")],
        help="Rendered on the customer in the recipient's language (the template's "
        "translations), sent to the mobile of the collections contact, else the customer.")
    # Business document: letter by post
    letter_by_post = fields.Boolean(
        string="Send by Post",
        help="Send the letter through Odoo's postal service (snailmail) when the company "
        "has it; otherwise it is printed as usual.")
    # Business document: phone call
    call_retry_limit = fields.Integer(
        string="Calls without Answer", default=2,
        help="Calls that may go without an answer before the fallback action runs.")
    fallback_action_type = fields.Selection(
        vocabulary.ACTION_TYPES,
        help="Tried in the same run when this step's action fails: no e-mail address or "
        "mobile number, a bounce, a wrong number, no answer after the retries.")

    @api.depends("timing", "days")
    def _compute_offset(self):
        for step in self:
            step.offset = step._collection_step_config().offset

    def _collection_step_config(self):
        """The engine's ``StepConfig`` of the step."""
        self.ensure_one()
        return process_engine.StepConfig(
            self.id, self.sequence, self.action_type, self.timing, self.days,
            self.pre_reminder, self.name or "", self.activity_days,
            fallback_action_type=self.fallback_action_type or "",
            has_sms_template=bool(self.sms_template_id),
            call_retry_limit=self.call_retry_limit)

    # The constraints' names keep them in the order Odoo runs them (by name):
    # each step's own settings, its template, then the steps together.
    @api.constrains("days", "activity_days", "action_type", "timing", "pre_reminder",
                    "sms_template_id", "call_retry_limit", "fallback_action_type")
    def _check_days(self):
        for step in self:
            try:
                process_engine.validate_step(step._collection_step_config())
            except ConfigError as error:
                raise step.process_id._collection_config_error(error) from error

    @api.constrains("pre_reminder", "process_id", "timing", "days", "action_type",
                    "fallback_action_type", "sequence")
    def _check_one_pre_reminder(self):
        for process in self.process_id:
            try:
                process_engine.validate_steps(
                    [step._collection_step_config() for step in process.step_ids])
            except ConfigError as error:
                raise process._collection_config_error(error) from error

    @api.constrains("action_type", "mail_template_id", "fallback_action_type")
    def _check_mail_template(self):
        for step in self.filtered(lambda s: "email" in (s.action_type, s.fallback_action_type)
                                  and s.mail_template_id):
            if step.mail_template_id.model != "account.move":
                raise ValidationError(_(
                    "E-mail Template: %(template)s is not a template on invoices.",
                    template=step.mail_template_id.display_name))

    def _inverse_mail_template_upload(self):
        for step in self.filtered("mail_template_upload"):
            if not step.mail_template_id:
                raise ValidationError(_("Upload HTML Body: choose an e-mail template first."))
            html = base64.b64decode(step.mail_template_upload).decode("utf-8", "replace")
            step.mail_template_id.body_html = html

    def _collection_responsible(self, partner, process):
        """Who the step's activity is assigned to (the engine's rule)."""
        self.ensure_one()
        user_id = recipient_engine.activity_responsible(
            self.recipient,
            step_user_id=self.activity_user_id.id,
            salesperson_id=partner.user_id.id,
            agent_id=partner.collection_agent_id.id,
            author_id=process.user_id.id,
            current_user_id=self.env.user.id,
        )
        return self.env["res.users"].browse(user_id)

    def _collection_recipient(self, partner):
        """The partner who receives the step's e-mail (the engine's rule);
        UserError if there is none."""
        self.ensure_one()
        Partner = self.env["res.partner"]
        invoice_address = Partner.browse(partner.address_get(["invoice"])["invoice"]) \
            if self.recipient == "customer" and self.contact_type == "invoice" else Partner
        candidates = (partner | partner.user_id.partner_id | partner.collection_agent_id.partner_id
                      | partner.collection_contact_id | invoice_address)
        contacts = recipient_engine.Contacts(
            customer_id=partner.id,
            salesperson_partner_id=partner.user_id.partner_id.id,
            agent_partner_id=partner.collection_agent_id.partner_id.id,
            collections_contact_id=partner.collection_contact_id.id,
            invoice_address_id=invoice_address.id,
            with_email=frozenset(candidates.filtered("email").ids),
        )
        recipient_id, refusal = recipient_engine.step_recipient(
            self.recipient, self.contact_type, contacts)
        if refusal == "no_salesperson":
            raise UserError(_("%s has no salesperson.", partner.display_name))
        if refusal == "no_agent":
            raise UserError(_("%s has no collections agent.", partner.display_name))
        recipient = Partner.browse(recipient_id)
        if refusal == "no_email":
            raise UserError(_("%(recipient)s has no e-mail address.",
                              recipient=recipient.display_name))
        return recipient

    def action_open_step(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }
