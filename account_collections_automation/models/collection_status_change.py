# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The history of the collections statuses of the open items: one row per
change (who, when, from what to what). The chatter says it in words; the KPI
snapshots count promises made and disputes opened and resolved from here."""

from odoo import fields, models

from ..engine import vocabulary


class CollectionStatusChange(models.Model):
    _name = "collection.status.change"
    _description = "Collections Status Change"
    _order = "date desc, id desc"

    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    move_line_id = fields.Many2one("account.move.line", string="Open Item", required=True,
                                   ondelete="cascade", index=True)
    move_id = fields.Many2one(related="move_line_id.move_id", store=True, string="Invoice")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True,
                                 ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, index=True)
    user_id = fields.Many2one("res.users", string="Changed By",
                              default=lambda self: self.env.user)
    old_status = fields.Selection(vocabulary.COLLECTION_STATUSES, string="From")
    new_status = fields.Selection(vocabulary.COLLECTION_STATUSES, string="To")
    promise_date = fields.Date(string="Promised Payment Date")
