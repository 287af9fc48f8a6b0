# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models

from ..engine import interest as engine


class CollectionFinanceChargeRate(models.Model):
    """A rate of finance charge terms from a date: it applies to the days of
    its own period (up to its end date, else up to the next rate's start)."""

    _name = "collection.finance.charge.rate"
    _description = "Finance Charge Interest Rate"
    _order = "term_id, date_from, id"

    term_id = fields.Many2one(
        "collection.finance.charge.term", string="Finance Charge Terms", required=True,
        ondelete="cascade", index=True)
    company_id = fields.Many2one(related="term_id.company_id", store=True, index=True)
    date_from = fields.Date(string="Start Date", required=True)
    date_to = fields.Date(
        string="End Date", help="Empty: up to the day before the next rate's start, or for good.")
    rate = fields.Float(
        string="Interest Rate (%)", digits=(16, 4), required=True,
        help="Interest per the terms' interest period, in percent.")

    @api.constrains("date_from", "date_to", "rate")
    def _check_rates(self):
        self.term_id._check_terms()

    def _rate_period(self):
        self.ensure_one()
        return engine.RatePeriod(self.date_from, self.rate, self.date_to or None)
