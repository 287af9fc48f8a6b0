from odoo import fields, models

from ..engine import vocabulary


class AccountMove(models.Model):
    _inherit = "account.move"

    collection_on_hold = fields.Boolean(
        string="On Hold for Collections",
        copy=False,
        tracking=True,
        help="Excluded from collections processes and reminders, e.g. while "
        "the customer disputes it.",
    )
    collection_status = fields.Selection(
        vocabulary.COLLECTION_STATUSES,
        string="Collection Status",
        default="none",
        required=True,
        copy=False,
        tracking=True,
    )
    collection_promise_date = fields.Date(string="Promised Payment Date", copy=False, tracking=True)
    collection_promise_amount = fields.Monetary(
        string="Promised Amount", currency_field="currency_id", copy=False, tracking=True
    )
