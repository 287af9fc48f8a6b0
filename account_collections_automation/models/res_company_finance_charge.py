# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    collection_finance_charge_account_id = fields.Many2one(
        "account.account",
        string="Finance Charge Income Account",
        domain="[('account_type', 'in', ('income', 'income_other'))]",
        help="Credited with the interest of issued finance charge memos; empty: the "
        "reminders' interest income account.",
    )

    def _collection_finance_charge_account(self):
        """The account crediting a memo's interest: the company's finance charge
        income account, else the reminders' interest income account."""
        self.ensure_one()
        return (self.collection_finance_charge_account_id
                or self.collection_interest_account_id)
