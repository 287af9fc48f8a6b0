# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Reminders: the reminder lines (overdue invoices, fees, interest)."""

from odoo import api, fields, models

from ..engine import vocabulary


class CollectionReminderLine(models.Model):
    _name = "collection.reminder.line"
    _description = "Reminder Line"
    _order = "reminder_id, sequence, id"

    reminder_id = fields.Many2one(
        "collection.reminder", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="reminder_id.company_id", store=True)
    currency_id = fields.Many2one(related="reminder_id.currency_id")
    sequence = fields.Integer(default=10)
    line_type = fields.Selection(
        vocabulary.REMINDER_LINE_TYPES, string="Type", required=True, default="overdue"
    )
    name = fields.Char(string="Description", compute="_compute_name", store=True, readonly=False)
    move_line_id = fields.Many2one("account.move.line", string="Journal Item", index=True)
    move_id = fields.Many2one("account.move", string="Document", index=True)
    due_date = fields.Date()
    original_amount = fields.Monetary()
    amount_residual = fields.Monetary(string="Remaining Amount")
    interest_amount = fields.Monetary(string="Interest")
    amount = fields.Monetary(
        help="The amount of a fee or interest line.",
    )
    days_overdue = fields.Integer()
    level = fields.Integer()
    new_level = fields.Boolean(
        help="This reminder raises the invoice to its level."
    )
    on_hold = fields.Boolean()
    previous_level = fields.Integer(readonly=True, help="The level before this reminder.")
    previous_reminder_date = fields.Date(readonly=True)

    @api.depends("move_id", "line_type")
    def _compute_name(self):
        labels = dict(vocabulary.REMINDER_LINE_TYPES)
        for line in self:
            if line.name:
                continue
            line.name = line.move_id.name or labels.get(line.line_type, "")
