# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..engine import fees, reminder_texts, reminder_validation, reminders, vocabulary
from ..engine.errors import ConfigError
from .collection_reminder_checks import check_texts, check_translated_texts, formula_error


class CollectionReminderLevel(models.Model):
    """A reminder level: when it applies, what it costs, what it says."""

    _name = "collection.reminder.level"
    _description = "Reminder Level"
    _order = "term_id, level, id"
    _rec_name = "display_name"

    term_id = fields.Many2one(
        "collection.reminder.term", string="Reminder Terms", required=True, ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="term_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="term_id.company_id.currency_id")
    level = fields.Integer(required=True, default=1, help="1 for the first reminder, 2, ...")
    grace_period = fields.Char(
        required=True,
        default="0D",
        help="Date formula: how long after the due date (or the previous reminder's "
        "due date) this level may be reached, e.g. 5D.",
    )
    due_date_formula = fields.Char(
        string="Due Date Calculation",
        required=True,
        default="14D",
        help="Date formula giving the reminder's due date from its date, e.g. 14D or CM+10D.",
    )
    additional_fee = fields.Monetary(
        currency_field="currency_id",
        help="Fee per reminder at this level, in the company's currency (see the "
        "per-currency fees for other currencies).",
    )
    fee_per_line = fields.Monetary(
        string="Additional Fee per Line", currency_field="currency_id",
        help="Fee added for every invoice reaching this level on the reminder.",
    )
    currency_fee_ids = fields.One2many(
        "collection.reminder.level.fee", "level_id", string="Fees per Currency", copy=True
    )
    fee_calculation = fields.Selection(
        vocabulary.FEE_CALCULATIONS, string="Fee Calculation Type", required=True,
        default="fixed",
        help="Fixed: the additional fee and the fee per line above. Single dynamic: the "
        "tier with the highest threshold not above the remaining amount gives the fee. "
        "Accumulated dynamic: each tier reached adds its fee on the part above its "
        "threshold.",
    )
    fee_tier_ids = fields.One2many(
        "collection.reminder.fee.tier", "level_id", string="Fee Tiers", copy=True,
    )
    calculate_interest = fields.Boolean()
    block_customer = fields.Boolean(
        string="Block",
        help="Issuing a reminder (a collection letter) at this level puts the customer's "
        "account status on hold, and says so in the customer's chatter.")
    interest_rate = fields.Float(
        string="Yearly Interest Rate (%)", digits=(16, 4),
        help="Interest per year on the overdue amount, counted from the due date "
        "(or the last reminder).",
    )
    beginning_text = fields.Html(
        translate=True, sanitize=True,
        help="Printed above the lines of the reminder, in the customer's language. "
        "Placeholders: {document_date}, {due_date}, {days_overdue}, {open_amount}, "
        "{interest}, {fees}, {total}, {level}, {currency}, {company}.",
    )
    ending_text = fields.Html(
        translate=True, sanitize=True,
        help="Printed below the totals of the reminder; same placeholders.",
    )
    email_body_text = fields.Html(
        string="E-mail Body Text", translate=True, sanitize=True,
        help="Overrides the terms' e-mail body text at this level; same placeholders.",
    )
    attachment_text = fields.Html(
        translate=True, sanitize=True,
        help="Overrides the terms' attachment text at this level; same placeholders.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain=[("model", "=", "collection.reminder")],
        help="The e-mail sending a reminder of this level.",
    )

    _sql_constraints = [
        ("level_term_uniq", "unique(term_id, level)", "Each level number appears once per terms."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "mail_template_id" not in vals:
                # Every level gets a default e-mail (first, second, final reminder).
                number = min(max(vals.get("level") or 1, 1), 3)
                template = self.env.ref(
                    f"account_collections_automation.mail_template_reminder_level_{number}",
                    raise_if_not_found=False,
                )
                vals["mail_template_id"] = template.id if template else False
        return super().create(vals_list)

    @api.depends("term_id.name", "level")
    def _compute_display_name(self):
        for level in self:
            level.display_name = _(
                "%(term)s - Level %(level)s", term=level.term_id.name or "", level=level.level
            )

    @api.constrains("level", "grace_period", "due_date_formula", "additional_fee",
                    "fee_per_line", "interest_rate", "fee_calculation")
    def _check_level(self):
        for level in self:
            try:
                reminder_validation.validate_level(level._level_config())
            except ConfigError as error:
                raise level._config_error(error) from error

    @api.constrains(*reminder_texts.TEXT_FIELDS)
    def _check_texts(self):
        check_texts(self, reminder_texts.TEXT_FIELDS)

    def update_field_translations(self, field_name, translations, source_lang=None):
        check_translated_texts(self, field_name, translations)
        return super().update_field_translations(field_name, translations,
                                                 source_lang=source_lang)

    def _config_error(self, error):
        """The ValidationError saying the engine's refusal of a level's setting
        with the field's label and the value (and the position in a formula)."""
        label = self._fields[error.field]._description_string(self.env)
        number = error.level if error.level is not None else self[:1].level
        if error.rule == "formula":
            return formula_error(
                _("%(field)s of level %(level)s", field=label, level=number), error)
        if error.rule == "below_one":
            return ValidationError(_("Level: %(value)s must be 1 or more.", value=error.value))
        return ValidationError(_(
            "%(field)s of level %(level)s: %(value)s must not be negative.",
            field=label, level=number, value=error.value))

    def _fees_in(self, currency, date):
        """(additional_fee, fee_per_line) in ``currency``: its own row, else converted."""
        self.ensure_one()
        own = self.currency_fee_ids.filtered(lambda fee: fee.currency_id == currency)[:1]
        if own:
            return own.additional_fee, own.fee_per_line
        convert = self.term_id._convert_amount
        return (
            convert(self.additional_fee, currency, date),
            convert(self.fee_per_line, currency, date),
        )

    def _level_config(self, currency=None, date=None):
        """The engine's LevelConfig, fees in ``currency``; without one, the
        level's own fees as entered (to validate them)."""
        self.ensure_one()
        if currency:
            additional_fee, fee_per_line = self._fees_in(currency, date)
        else:
            additional_fee, fee_per_line = self.additional_fee, self.fee_per_line
        return reminders.LevelConfig(
            id=self.id,
            level=self.level,
            grace_period=self.grace_period,
            due_date_formula=self.due_date_formula,
            additional_fee=additional_fee,
            fee_per_line=fee_per_line,
            calculate_interest=self.calculate_interest,
            interest_rate=self.interest_rate,
            fee_calculation=self.fee_calculation or fees.FIXED,
            **(self._dynamic_fee_config(currency, date) if currency else {}),
        )

    def _dynamic_fee_config(self, currency, date):
        """The LevelConfig's tiers for reminders in ``currency`` (the engine's
        ``select_tiers``, per kind) and, for company-currency tiers applied to
        another currency, its rate on ``date``: the company-currency amount of
        one unit of ``currency``. Refused (UserError) without a rate."""
        self.ensure_one()
        if self.fee_calculation == fees.FIXED or not self.fee_tier_ids:
            return {}
        company = self.company_id
        company_currency = company.currency_id
        tiers = [tier._tier() for tier in self.fee_tier_ids]
        config = {}
        for per_line, tiers_key, rate_key in ((False, "fee_tiers", "fee_rate"),
                                              (True, "line_fee_tiers", "line_fee_rate")):
            selected, convert = fees.select_tiers(
                [tier for tier in tiers if tier.per_line == per_line],
                currency.id, company_currency.id)
            config[tiers_key] = tuple(selected)
            if convert and selected:
                date = date or fields.Date.context_today(self)
                self.env["collection.reminder"]._check_currency_rate(currency, company, date)
                config[rate_key] = self.env["res.currency"]._get_conversion_rate(
                    currency, company_currency, company, date)
        return config
