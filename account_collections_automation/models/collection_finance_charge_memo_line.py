# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class CollectionFinanceChargeMemoLine(models.Model):
    """One item of a finance charge memo: its interest and how it was computed."""

    _name = "collection.finance.charge.memo.line"
    _description = "Finance Charge Memo Line"
    _order = "memo_id, due_date, id"

    memo_id = fields.Many2one(
        "collection.finance.charge.memo", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="memo_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="memo_id.currency_id")
    memo_date = fields.Date(related="memo_id.date", store=True)
    move_line_id = fields.Many2one(
        "account.move.line", string="Journal Item", required=True, index=True,
        ondelete="restrict")
    move_id = fields.Many2one(related="move_line_id.move_id", string="Document")
    due_date = fields.Date()
    original_amount = fields.Monetary(currency_field="currency_id")
    amount_residual = fields.Monetary(string="Remaining Amount", currency_field="currency_id")
    interest_start = fields.Date(
        help="The interest runs from the day after: the due date, or the date a previous "
        "memo charged it up to.")
    days = fields.Integer()
    rate = fields.Float(string="Interest Rate (%)", digits=(16, 4))
    base_amount = fields.Monetary(
        string="Interest Base", currency_field="currency_id",
        help="The average balance the interest was computed on.")
    amount = fields.Monetary(string="Interest", currency_field="currency_id")
    calculation = fields.Char(help="Per rate period: the days, the rate and the base.")
