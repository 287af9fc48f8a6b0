# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The open items the process run reads (``collection.ledger._open_invoices``,
from the journal items alone): exactly the unreconciled installments of the
posted customer invoices, whoever of the customer's contacts they were made
out to, and nothing of a credit note, a vendor refund, a draft, a paid invoice,
an invoice paid outside Odoo or another company."""

from datetime import timedelta
from decimal import Decimal

from odoo import Command
from odoo.tests import tagged

from .test_workspace import WorkspaceCase


@tagged("post_install", "-at_install")
class TestLedgerOpenInvoices(WorkspaceCase):
    def open_items(self, customer, company=None):
        company = company or self.company
        return self.env["collection.ledger"]._open_invoices(company, [customer.id])[customer.id]

    def expected_items(self, customer, company=None):
        """The same, as Odoo's ORM says it: the installment lines of the open
        customer invoices of the customer."""
        company = company or self.company
        moves = self.env["account.move"].search(
            [("commercial_partner_id", "=", customer.id), ("company_id", "=", company.id)]
            + self.env["collection.ledger"]._open_invoice_domain())
        return moves.line_ids.filtered(
            lambda line: line.display_type == "payment_term" and not line.reconciled)

    def test_exactly_the_open_installments_of_the_customer(self):
        customer = self.c0
        plain = self.invoice(customer, 400, 20)
        # Made out to a contact of the customer: still the customer's item.
        to_contact = self.invoice(self.contact, 250, 5)
        term = self.env["account.payment.term"].create({
            "name": "Half at 30, half at 60 days",
            "line_ids": [
                Command.create({"value": "percent", "value_amount": 50, "nb_days": 30}),
                Command.create({"value": "percent", "value_amount": 50, "nb_days": 60}),
            ],
        })
        installments = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": customer.id,
            "invoice_date": self.today - timedelta(days=70),
            "invoice_payment_term_id": term.id,
            "invoice_line_ids": [Command.create(
                {"name": "x", "quantity": 1, "price_unit": 1000, "tax_ids": []})],
        })
        installments.action_post()
        partly_paid = self.invoice(customer, 300, 10)
        self.pay(partly_paid, amount=120)
        on_hold = self.invoice(customer, 90, 15)
        on_hold.collection_on_hold = True
        # Never items: paid, draft, credit note, vendor refund, another company's
        # invoice, and an invoice paid outside Odoo (``invoicing_legacy``, which
        # Odoo's accounting app sets by SQL for the invoices before its start).
        self.pay(self.invoice(customer, 80, 30))
        self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": customer.id,
            "invoice_line_ids": [Command.create(
                {"name": "x", "quantity": 1, "price_unit": 70, "tax_ids": []})]})
        self.invoice(customer, 60, 0, move_type="out_refund")
        self.invoice(customer, 50, 0, move_type="in_refund")
        self.invoice(customer, 40, 25, company=self.company_b)
        legacy = self.invoice(customer, 30, 300)
        self.env.flush_all()
        self.env.cr.execute("UPDATE account_move SET payment_state = 'invoicing_legacy' "
                            "WHERE id = %s", [legacy.id])
        legacy.invalidate_recordset(["payment_state"])

        items = self.open_items(customer)
        by_line = {item.line_id: item for item in items}
        expected = self.expected_items(customer)
        self.assertEqual(set(by_line), set(expected.ids))
        self.assertEqual({item.move_id for item in items},
                         set((plain | to_contact | installments | partly_paid | on_hold).ids))
        for line in expected:
            item = by_line[line.id]
            self.assertEqual(item.move_id, line.move_id.id)
            self.assertEqual(item.due_date, line.date_maturity)
            self.assertEqual(item.residual, Decimal(str(line.amount_residual)))
            self.assertEqual(item.on_hold, line.move_id == on_hold)
            self.assertEqual(item.status, "none")
        self.assertEqual(sorted(item.residual for item in items if item.move_id == partly_paid.id),
                         [Decimal("180.00")])
        self.assertEqual(len([item for item in items if item.move_id == installments.id]), 2)
        # The other company reads its own invoice only.
        other = self.open_items(customer, self.company_b)
        self.assertEqual(len(other), 1)
        self.assertEqual(other[0].residual, Decimal("40.00"))

    def test_statuses_of_the_items(self):
        invoice = self.invoice(self.c1, 500, 12)
        line = invoice.line_ids.filtered(lambda line: line.display_type == "payment_term")
        promise = self.today + timedelta(days=7)
        line.write({"collection_status": "promised", "collection_promise_date": promise,
                    "collection_promise_amount": 500})
        (item,) = self.open_items(self.c1)
        self.assertEqual((item.status, item.promise_date), ("promised", promise))
