# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    collection_portal_request_id = fields.Many2one(
        "collection.portal.request", string="Collections Page Answer", readonly=True,
        index="btree_not_null",
        help="The payment a customer started from the collections page.")

    def _post_process(self):
        """Once paid (Odoo has posted the payment and reconciled the invoices),
        a payment from the collections page is told in the customer's chatter
        and to the collections agent."""
        res = super()._post_process()
        for tx in self.filtered(lambda tx: tx.state == "done"
                                and tx.collection_portal_request_id.state == "started"):
            request = tx.collection_portal_request_id.sudo()
            request.write({"state": "paid", "amount": tx.amount,
                           "currency_id": tx.currency_id.id, "transaction_id": tx.id})
            request.access_id._tell(request)
        return res
