# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    def action_collection_nsf_payment(self):
        """NSF payment: reverse this bounced payment and reopen the invoices it paid."""
        self.env["account.move"]._collection_check_manager(_("NSF payment"))
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("NSF payment"),
            "res_model": "collection.nsf.wizard",
            "views": [[False, "form"]],
            "target": "new",
            "context": {"default_payment_id": self.id},
        }
