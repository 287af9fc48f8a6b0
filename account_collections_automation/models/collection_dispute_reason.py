# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class CollectionDisputeReason(models.Model):
    """Why a customer disputes an open item: the list a dispute picks from
    (Collections Managers keep it; shared by every company unless set)."""

    _name = "collection.dispute.reason"
    _description = "Collections Dispute Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
