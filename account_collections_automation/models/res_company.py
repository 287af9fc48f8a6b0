# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..engine import aging, retention
from ..engine.errors import ConfigError


class ResCompany(models.Model):
    _inherit = "res.company"

    collection_aging_boundaries = fields.Char(
        string="Aging Buckets",
        default="30, 60, 90, 120",
        help="Upper bounds, in days overdue, of the aging buckets shown in the "
        "collections workspace and reports, e.g. '30, 60, 90, 120' gives "
        "Current, 1-30, 31-60, 61-90, 91-120 and Over 120.",
    )

    collection_prediction_activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Payment Predictions Activity",
        help="The activity a process using prediction schedules on invoices likely to "
        "be paid late.",
    )
    collection_prediction_summary = fields.Char(
        string="Payment Predictions Summary", translate=True,
        default=lambda self: self.env._("Payment likely to be late: call before the due date"),
    )
    collection_prediction_very_late_days = fields.Integer(
        string="Payment Predictions Very Late After (Days)", default=30,
        help="A payment more than this many days after the due date is very late (payment "
        "predictions: on time / late / very late).",
    )
    collection_prediction_days_before = fields.Integer(
        string="Payment Predictions Days Before Due", default=7,
        help="How many days before an invoice falls due its payment prediction "
        "activity is scheduled.",
    )

    # Where issued reminders post their additional fees and interest.
    collection_reminder_journal_id = fields.Many2one(
        "account.journal",
        string="Reminder Journal",
        domain="[('type', '=', 'general'), ('company_id', '=', id)]",
        help="Journal of the entries posting reminder fees and interest on the "
        "customer's receivable.",
    )
    collection_fee_account_id = fields.Many2one(
        "account.account",
        string="Reminder Fee Income Account",
        domain="[('account_type', 'in', ('income', 'income_other'))]",
        help="Credited with the additional fees of issued reminders.",
    )
    collection_interest_account_id = fields.Many2one(
        "account.account",
        string="Reminder Interest Income Account",
        domain="[('account_type', 'in', ('income', 'income_other'))]",
        help="Credited with the interest of issued reminders.",
    )

    collection_history_retention_days = fields.Integer(
        string="Days to Keep Process History",
        default=0,
        help="The daily job removes collections process history older than this, "
        "except rows an e-mail, letter, reminder or open activity points to and rows "
        "about invoices still open. 0 keeps the history for ever.",
    )

    @api.constrains("collection_history_retention_days")
    def _check_collection_history_retention_days(self):
        for company in self:
            try:
                retention.validate_retention_days(company.collection_history_retention_days)
            except ConfigError as error:
                raise ValidationError(_(
                    "%(field)s: %(value)s is negative; use 0 to keep the history for ever.",
                    field=self._fields[error.field]._description_string(self.env),
                    value=error.value)) from error

    @api.constrains("collection_prediction_very_late_days")
    def _check_collection_prediction_very_late_days(self):
        for company in self:
            if company.collection_prediction_very_late_days < 1:
                raise ValidationError(_(
                    "Payment Predictions Very Late After (Days): %(value)s must be at least 1.",
                    value=company.collection_prediction_very_late_days))

    @api.constrains("collection_prediction_days_before")
    def _check_collection_prediction_days_before(self):
        for company in self:
            if company.collection_prediction_days_before < 0:
                raise ValidationError(_(
                    "Payment Predictions Days Before Due: %(value)s is negative.",
                    value=company.collection_prediction_days_before))

    @api.constrains("collection_aging_boundaries")
    def _check_collection_aging_boundaries(self):
        for company in self:
            try:
                aging.parse_boundaries(company.collection_aging_boundaries or "")
            except ValueError as error:
                raise ValidationError(
                    _(
                        "Aging Buckets: %(value)r is not a list of increasing "
                        "numbers of days (%(error)s).",
                        value=company.collection_aging_boundaries,
                        error=error,
                    )
                ) from error

    def _collection_aging_boundaries(self):
        """The company's aging boundaries as a tuple of ints (engine input)."""
        self.ensure_one()
        return aging.parse_boundaries(
            self.collection_aging_boundaries or ""
        ) if self.collection_aging_boundaries else aging.DEFAULT_BOUNDARIES

