# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Finance charge terms (Business Central): the interest a customer's
overdue items bear, charged by finance charge memos (``engine/interest.py``)."""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..engine import interest as engine
from ..engine import vocabulary
from ..engine.errors import ConfigError
from .collection_reminder_checks import check_texts, check_translated_texts, formula_error

TEXT_FIELDS = ("beginning_text", "ending_text")


class CollectionFinanceChargeTerm(models.Model):
    """Finance charge terms: rate, period, method, rate lines, grace, texts."""

    _name = "collection.finance.charge.term"
    _description = "Finance Charge Terms"
    _inherit = ["mail.thread"]
    _order = "name, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    description = fields.Text(translate=True)
    interest_rate = fields.Float(
        string="Interest Rate (%)", digits=(16, 4), tracking=True,
        help="Interest per interest period, in percent, on the days no rate line covers.")
    interest_period_days = fields.Integer(
        string="Interest Period (Days)", default=365, required=True, tracking=True,
        help="The days the interest rate is for: 365 for a yearly rate, 30 for a monthly one.")
    interest_method = fields.Selection(
        vocabulary.INTEREST_METHODS, string="Interest Calculation Method", required=True,
        default="balance_due", tracking=True,
        help="Balance due: each day bears interest on the item's balance due on the memo's "
        "date. Average daily balance: each day on the item's balance that day, lowered by "
        "the payments made since it fell due.")
    rate_ids = fields.One2many(
        "collection.finance.charge.rate", "term_id", string="Interest Rates", copy=True,
        help="Rates that change by date: each applies to the days of its own period.")
    minimum_amount = fields.Monetary(
        currency_field="currency_id", tracking=True,
        help="No memo is created when its interest is below it.")
    line_fees_bear_interest = fields.Boolean(
        tracking=True,
        help="The additional fees posted by reminders bear interest too.")
    grace_period = fields.Char(
        required=True, default="0D", tracking=True,
        help="Date formula: how long after its due date an item bears no interest yet, "
        "e.g. 5D. Past it, the interest runs from the due date.")
    due_date_formula = fields.Char(
        string="Due Date Calculation", required=True, default="14D", tracking=True,
        help="Date formula giving the memo's due date from its date, e.g. 14D or CM+10D.")
    beginning_text = fields.Html(
        translate=True, sanitize=True,
        help="Printed above the lines of the memo, in the customer's language. "
        "Placeholders: {document_date}, {due_date}, {days_overdue}, {open_amount}, "
        "{interest}, {fees}, {total}, {level}, {currency}, {company}.")
    ending_text = fields.Html(
        translate=True, sanitize=True,
        help="Printed below the total of the memo; same placeholders.")
    partner_count = fields.Integer(compute="_compute_partner_count", string="Customers")

    def _compute_partner_count(self):
        Partner = self.env["res.partner"]
        for term in self:
            term.partner_count = Partner.with_company(term.company_id).search_count(
                [("collection_finance_charge_term_id", "=", term.id)])

    @api.constrains("interest_rate", "interest_period_days", "interest_method",
                    "minimum_amount", "grace_period", "due_date_formula", "rate_ids")
    def _check_terms(self):
        for term in self:
            try:
                engine.validate_terms(term._terms_config())
            except ConfigError as error:
                raise term._config_error(error) from error

    @api.constrains(*TEXT_FIELDS)
    def _check_texts(self):
        check_texts(self, TEXT_FIELDS)

    def update_field_translations(self, field_name, translations, source_lang=None):
        if field_name in TEXT_FIELDS:
            check_translated_texts(self, field_name, translations)
        return super().update_field_translations(field_name, translations,
                                                 source_lang=source_lang)

    def _config_error(self, error):
        """The ValidationError naming the field (its label) and the value."""
        self.ensure_one()
        if error.field in ("rate", "date_from", "date_to"):
            Rate = self.env["collection.finance.charge.rate"]
            label = Rate._fields[error.field]._description_string(self.env)
            if error.rule == "overlap":
                return ValidationError(_(
                    "Interest Rates of %(terms)s: %(field)s %(value)s overlaps another rate "
                    "period.", terms=self.display_name, field=label, value=error.value))
            if error.rule == "before_start":
                return ValidationError(_(
                    "Interest Rates of %(terms)s: %(field)s %(value)s is before the period's "
                    "start.", terms=self.display_name, field=label, value=error.value))
            return ValidationError(_(
                "Interest Rates of %(terms)s: %(field)s %(value)s must not be negative.",
                terms=self.display_name, field=label, value=error.value))
        label = self._fields[error.field]._description_string(self.env)
        if error.rule == "formula":
            return formula_error(label, error)
        if error.rule == "below_one":
            return ValidationError(_("%(field)s: %(value)s must be 1 or more.",
                                     field=label, value=error.value))
        if error.rule == "unknown":
            return ValidationError(_("%(field)s: %(value)s is not a known method.",
                                     field=label, value=error.value))
        return ValidationError(_("%(field)s: %(value)s must not be negative.",
                                 field=label, value=error.value))

    def _terms_config(self, currency=None, date=None):
        """The engine's FinanceChargeTerms; the minimum amount in ``currency``
        (converted on ``date``) when given."""
        self.ensure_one()
        minimum = self.minimum_amount
        company_currency = self.company_id.currency_id
        if currency and minimum and currency != company_currency:
            date = date or fields.Date.context_today(self)
            self.env["collection.reminder"]._check_currency_rate(currency, self.company_id, date)
            minimum = company_currency._convert(minimum, currency, self.company_id, date)
        return engine.FinanceChargeTerms(
            id=self.id,
            interest_rate=self.interest_rate,
            interest_period_days=self.interest_period_days,
            method=self.interest_method,
            rates=tuple(rate._rate_period() for rate in self.rate_ids),
            minimum_amount=minimum,
            line_fees_bear_interest=self.line_fees_bear_interest,
            grace_period=self.grace_period or "",
            due_date_formula=self.due_date_formula or "",
        )

    def action_view_partners(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_collections_automation.res_partner_action_collections")
        action.update(
            name=_("Customers with %s", self.display_name),
            domain=[("collection_finance_charge_term_id", "=", self.id)],
            context={"allowed_company_ids": [self.company_id.id]},
        )
        return action
