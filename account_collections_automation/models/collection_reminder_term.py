# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..engine import reminder_validation, reminders
from ..engine.errors import ConfigError

# formula_error is imported from here by the automations.
from .collection_reminder_checks import (  # noqa: F401
    check_texts,
    check_translated_texts,
    formula_error,
)


class CollectionReminderTerm(models.Model):
    """Reminder terms (Business Central): how and how often customers are reminded."""

    _name = "collection.reminder.term"
    _description = "Reminder Terms"
    _inherit = ["mail.thread"]
    _order = "name, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    max_reminders = fields.Integer(
        string="Max. No. of Reminders",
        tracking=True,
        help="How many reminders an invoice may get; 0 means no limit.",
    )
    post_additional_fee = fields.Boolean(
        default=True,
        tracking=True,
        help="Issuing a reminder posts its additional fees on the customer's receivable.",
    )
    post_interest = fields.Boolean(
        default=True,
        tracking=True,
        help="Issuing a reminder posts its interest on the customer's receivable.",
    )
    minimum_amount = fields.Monetary(
        currency_field="currency_id",
        tracking=True,
        help="No reminder is created when the overdue amount is below it.",
    )
    level_ids = fields.One2many("collection.reminder.level", "term_id", string="Levels", copy=True)
    level_count = fields.Integer(compute="_compute_level_count")
    partner_count = fields.Integer(compute="_compute_partner_count", string="Customers")
    description = fields.Text(translate=True)
    email_body_text = fields.Html(
        string="E-mail Body Text", translate=True, sanitize=True,
        help="The body of the reminder e-mails, per language; a level may override it. "
        "Placeholders: {document_date}, {due_date}, {days_overdue}, {open_amount}, "
        "{interest}, {fees}, {total}, {level}, {currency}, {company}.",
    )
    attachment_text = fields.Html(
        translate=True, sanitize=True,
        help="The e-mail's text about the attached reminder, per language; a level may "
        "override it. Same placeholders as the e-mail body text.",
    )

    @api.depends("level_ids")
    def _compute_level_count(self):
        for term in self:
            term.level_count = len(term.level_ids)

    def _compute_partner_count(self):
        Partner = self.env["res.partner"]
        for term in self:
            term.partner_count = Partner.with_company(term.company_id).search_count(
                [("collection_reminder_term_id", "=", term.id)]
            )

    @api.constrains("max_reminders", "minimum_amount", "level_ids")
    def _check_term(self):
        for term in self:
            try:
                reminder_validation.validate_term(term._term_config())
            except ConfigError as error:
                raise term._config_error(error) from error

    @api.constrains("email_body_text", "attachment_text")
    def _check_texts(self):
        check_texts(self, ("email_body_text", "attachment_text"))

    def update_field_translations(self, field_name, translations, source_lang=None):
        check_translated_texts(self, field_name, translations)
        return super().update_field_translations(field_name, translations,
                                                 source_lang=source_lang)

    def _config_error(self, error):
        """The ValidationError saying the engine's ``ConfigError`` (or its
        ``FormulaConfigError``) with the label of the field of the terms or of
        the level, and the value."""
        self.ensure_one()
        if error.level is not None:
            level = self.level_ids.filtered(lambda lv: lv.level == error.level)[:1]
            return (level or self.env["collection.reminder.level"])._config_error(error)
        if error.rule == "numbering":
            return ValidationError(_(
                "Levels of %(term)s: the levels must be numbered 1 to %(count)s, "
                "got %(value)s.",
                term=self.display_name,
                count=len(error.value),
                value=", ".join(str(n) for n in error.value),
            ))
        # The fields' own texts first (translated as they are), then a general one.
        if error.field == "max_reminders":
            return ValidationError(_("Max. No. of Reminders: %(value)s must not be negative.",
                                     value=error.value))
        if error.field == "minimum_amount":
            return ValidationError(_("Minimum Amount: %(value)s must not be negative.",
                                     value=error.value))
        return ValidationError(_(
            "%(field)s: %(value)s must not be negative.",
            field=self._fields[error.field]._description_string(self.env), value=error.value))

    def _term_config(self, currency=None, date=None):
        """The engine's TermConfig, amounts in ``currency``; without one, the
        terms' own amounts as entered (to validate them)."""
        self.ensure_one()
        minimum = self.minimum_amount
        if currency:
            minimum = self._convert_amount(minimum, currency, date)
        return reminders.TermConfig(
            id=self.id,
            max_reminders=self.max_reminders,
            minimum_amount=minimum,
            levels=tuple(level._level_config(currency, date) for level in self.level_ids),
        )

    def _convert_amount(self, amount, currency, date):
        company_currency = self.company_id.currency_id
        if not amount or currency == company_currency:
            return amount
        date = date or fields.Date.context_today(self)
        # Odoo converts at 1.0 when there is no rate: refuse instead.
        self.env["collection.reminder"]._check_currency_rate(currency, self.company_id, date)
        return company_currency._convert(
            amount, currency, self.company_id, date
        )

    @api.model
    def _demo_setup_posting(self):
        """Demo data: the company posts reminder fees and interest."""
        company = self.env.company
        income, journal = self.env["collection.demo.builder"]._demo_reminder_posting_accounts(
            company)
        company.write({
            "collection_reminder_journal_id": company.collection_reminder_journal_id.id
            or journal.id,
            "collection_fee_account_id": company.collection_fee_account_id.id or income.id,
            "collection_interest_account_id": company.collection_interest_account_id.id
            or income.id,
        })

    def action_view_partners(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_collections_automation.res_partner_action_collections"
        )
        action.update(
            name=_("Customers with %s", self.display_name),
            domain=[("collection_reminder_term_id", "=", self.id)],
            context={"allowed_company_ids": [self.company_id.id]},
        )
        return action
