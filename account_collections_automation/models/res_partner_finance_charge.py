# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    collection_finance_charge_term_id = fields.Many2one(
        "collection.finance.charge.term",
        string="Finance Charge Terms",
        company_dependent=True,
        domain="[('company_id', '=', current_company_id)]",
        tracking=True,
        help="The interest this customer's overdue items bear in this company, charged by "
        "finance charge memos.",
    )
