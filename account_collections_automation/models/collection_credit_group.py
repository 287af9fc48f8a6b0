# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class CollectionCreditGroup(models.Model):
    """Customer credit group, as shown in the aged balances grid."""

    _name = "collection.credit.group"
    _description = "Customer Credit Group"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )
    partner_ids = fields.One2many("res.partner", "collection_credit_group_id")
    partner_count = fields.Integer(compute="_compute_partner_count")

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)",
         "A credit group with this name already exists in this company."),
    ]

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("collection_credit_group_id", "in", self.ids)],
                ["collection_credit_group_id"],
                ["__count"],
            )
        )
        for group in self:
            group.partner_count = counts.get(group, 0)
