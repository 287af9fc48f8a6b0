# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError


class CollectionNsfWizard(models.TransientModel):
    """NSF payment: a customer payment bounced. Its journal entry is reversed
    with Odoo's reversal, which reopens the invoices it paid; an optional fee
    is invoiced to the customer."""

    _name = "collection.nsf.wizard"
    _description = "NSF Payment"

    payment_id = fields.Many2one(
        "account.payment", string="Payment", required=True,
        domain="[('partner_type', '=', 'customer'), ('payment_type', '=', 'inbound'), "
        "('state', 'in', ('in_process', 'paid'))]")
    date = fields.Date(string="Reversal Date", required=True, default=fields.Date.context_today)
    reason = fields.Char(required=True, default=lambda self: _("Insufficient funds"))
    fee_amount = fields.Monetary(string="Fee", currency_field="currency_id")
    fee_account_id = fields.Many2one(
        "account.account", string="Fee Account",
        domain="[('account_type', 'in', ('income', 'income_other'))]")
    currency_id = fields.Many2one(related="payment_id.currency_id")
    invoice_ids = fields.Many2many("account.move", compute="_compute_invoice_ids",
                                   string="Invoices Reopened")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "account.payment" and not values.get(
                "payment_id"):
            values["payment_id"] = self.env.context.get("active_id")
        return values

    @api.depends("payment_id")
    def _compute_invoice_ids(self):
        for wizard in self:
            wizard.invoice_ids = wizard.payment_id.reconciled_invoice_ids

    def action_reverse(self):
        self.ensure_one()
        self.env["account.move"]._collection_check_manager(_("NSF payment"))
        payment = self.payment_id
        if payment.state not in ("in_process", "paid") or not payment.move_id:
            raise UserError(_("Payment: %s is not a posted payment.", payment.display_name))
        if self.fee_amount < 0:
            raise UserError(_("Fee: %s is not a positive amount.", self.fee_amount))
        if self.fee_amount and not self.fee_account_id:
            raise UserError(_("Fee Account: choose the income account of the fee."))
        invoices = payment.reconciled_invoice_ids
        move = payment.move_id
        # Unmatch the payment from the invoices: they are open again.
        move.line_ids.filtered(lambda line: line.account_id.reconcile).remove_move_reconcile()
        reversal = move._reverse_moves(
            [{"date": self.date, "ref": _("NSF: %(payment)s, %(reason)s",
                                          payment=move.name, reason=self.reason)}],
            cancel=True,
        )
        body = _("NSF payment %(payment)s reversed by %(reversal)s: %(reason)s",
                 payment=payment.name, reversal=reversal._get_html_link(), reason=self.reason)
        payment.message_post(body=body)
        for invoice in invoices:
            invoice.message_post(body=body)
        if self.fee_amount:
            fee = self.env["account.move"].create({
                "move_type": "out_invoice",
                "partner_id": payment.partner_id.id,
                "currency_id": payment.currency_id.id,
                "company_id": payment.company_id.id,
                "invoice_date": self.date,
                "invoice_line_ids": [Command.create({
                    "name": _("NSF fee: %s", payment.name),
                    "quantity": 1,
                    "price_unit": self.fee_amount,
                    "account_id": self.fee_account_id.id,
                    "tax_ids": [],
                })],
            })
            fee.action_post()
        return {"type": "ir.actions.act_window_close"}
