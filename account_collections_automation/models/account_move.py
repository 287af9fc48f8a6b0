from collections import defaultdict

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
        # A list, not a tuple: Odoo only reflects (and translates) list selections.
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

    # The reminder level an invoice has reached and when: written when a
    # reminder is issued (or cancelled). The source of truth is the receivable
    # line (an invoice with installments has one per installment, each with its
    # own due date and level); the invoice shows the highest of its lines.
    collection_reminder_level = fields.Integer(
        string="Reminder Level", copy=False, readonly=True,
        help="The highest reminder level issued for this invoice.",
    )
    collection_last_reminder_date = fields.Date(
        string="Last Reminder Date", copy=False, readonly=True,
        help="When the last reminder listing this invoice was issued.",
    )

    def _collection_sync_reminder_level(self):
        """Show on each invoice the highest level and last date of its receivable lines."""
        receivables = self.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable")
        by_values = defaultdict(lambda: self.browse())
        for move in self:
            lines = receivables.filtered(lambda line, move=move: line.move_id == move)
            dates = [d for d in lines.mapped("collection_last_reminder_date") if d]
            level = max(lines.mapped("collection_reminder_level") or [0])
            by_values[(level, max(dates) if dates else False)] |= move
        for (level, date), moves in by_values.items():
            moves.sudo().write({
                "collection_reminder_level": level,
                "collection_last_reminder_date": date,
            })


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    collection_reminder_level = fields.Integer(
        string="Reminder Level", copy=False, readonly=True,
        help="The reminder level this receivable line has reached.",
    )
    collection_last_reminder_date = fields.Date(
        string="Last Reminder Date", copy=False, readonly=True,
    )
