# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..engine import vocabulary


class CollectionStatusWizard(models.TransientModel):
    _name = "collection.status.wizard"
    _description = "Change Collection Status"

    move_ids = fields.Many2many("account.move", string="Invoices", required=True)
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    collection_status = fields.Selection(
        vocabulary.COLLECTION_STATUSES,
        required=True,
        default="none")
    promise_date = fields.Date(string="Promised Payment Date")
    promise_amount = fields.Monetary(string="Promised Amount", currency_field="currency_id")
    note = fields.Text()

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "account.move":
            moves = self.env["account.move"].browse(self.env.context.get("active_ids", []))
            values["move_ids"] = [fields.Command.set(moves.ids)]
            if len(moves) == 1:
                values.update(
                    collection_status=moves.collection_status,
                    promise_date=moves.collection_promise_date,
                    promise_amount=moves.collection_promise_amount or moves.amount_residual,
                )
            elif len(moves.currency_id) == 1:
                values["promise_amount"] = sum(moves.mapped("amount_residual"))
        return values

    @api.depends("move_ids")
    def _compute_currency_id(self):
        for wizard in self:
            wizard.currency_id = wizard.move_ids.currency_id[:1] or self.env.company.currency_id

    def action_apply(self):
        self.ensure_one()
        moves = self.move_ids
        if not moves:
            raise UserError(_("Invoices: choose at least one invoice."))
        moves._collection_check_receivable()
        values = {"collection_status": self.collection_status}
        if self.collection_status == "promised":
            if not self.promise_date:
                raise ValidationError(_("Promised Payment Date: a promise to pay needs a date."))
            if self.promise_amount <= 0:
                raise ValidationError(_(
                    "Promised Amount: %(amount)s is not a positive amount.",
                    amount=self.promise_amount))
            if len(moves.currency_id) > 1:
                raise ValidationError(_(
                    "Promised Amount: the invoices are in several currencies; record "
                    "one promise per currency."))
            if len(moves) == 1:
                values.update(collection_promise_date=self.promise_date,
                              collection_promise_amount=self.promise_amount)
                moves.write(values)
            else:
                # The promised amount is spread over the invoices, oldest due first.
                remaining = self.promise_amount
                for move in moves.sorted(lambda m: (m.invoice_date_due or m.date, m.id)):
                    share = min(remaining, move.amount_residual)
                    remaining -= share
                    move.write({**values, "collection_promise_date": self.promise_date,
                                "collection_promise_amount": share})
        else:
            # A promise no longer made is kept in the chatter (tracking), not on the invoice.
            values.update(collection_promise_date=False, collection_promise_amount=0.0)
            moves.write(values)
        if self.note:
            for move in moves:
                move.message_post(body=self.note, subtype_xmlid="mail.mt_note")
        return {"type": "ir.actions.act_window_close"}
