# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount

from ..engine import vocabulary


class CollectionStatusWizard(models.TransientModel):
    """Change the collections status of open items: the installments chosen,
    by default every open item of the selected invoices."""

    _name = "collection.status.wizard"
    _description = "Change Collection Status"

    move_ids = fields.Many2many("account.move", string="Invoices", required=True)
    move_line_ids = fields.Many2many(
        "account.move.line", string="Items",
        domain="[('move_id', 'in', move_ids), ('display_type', '=', 'payment_term'), "
        "('reconciled', '=', False)]",
        help="The open items (installments) to change; all the invoices' open items by default.")
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    collection_status = fields.Selection(
        vocabulary.COLLECTION_STATUSES,
        required=True,
        default="none")
    dispute_reason_id = fields.Many2one("collection.dispute.reason", string="Dispute Reason")
    promise_date = fields.Date(string="Promised Payment Date")
    promise_amount = fields.Monetary(string="Promised Amount", currency_field="currency_id")
    note = fields.Text(help="Disputed: the dispute's note. Resolved: the resolution note.")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        Line = self.env["account.move.line"]
        if context.get("active_model") == "account.move":
            moves = self.env["account.move"].browse(context.get("active_ids", []))
            lines = Line._collection_open_items(moves)
        elif context.get("active_model") == "account.move.line":
            lines = Line.browse(context.get("active_ids", []))
            moves = lines.move_id
        else:
            return values
        values["move_ids"] = [fields.Command.set(moves.ids)]
        values["move_line_ids"] = [fields.Command.set(lines.ids)]
        if len(set(lines.mapped("collection_status"))) == 1 and lines:
            line = lines[0]
            values.update(
                collection_status=line.collection_status or "none",
                dispute_reason_id=line.collection_dispute_reason_id.id,
                promise_date=line.collection_promise_date,
            )
        if len(lines.currency_id) == 1:
            promised = sum(lines.mapped("collection_promise_amount"))
            values["promise_amount"] = promised or sum(lines.mapped("amount_residual_currency"))
        return values

    @api.depends("move_ids", "move_line_ids")
    def _compute_currency_id(self):
        for wizard in self:
            wizard.currency_id = (wizard.move_line_ids.currency_id[:1]
                                  or wizard.move_ids.currency_id[:1]
                                  or self.env.company.currency_id)

    def _items(self):
        lines = self.move_line_ids or self.env["account.move.line"]._collection_open_items(
            self.move_ids)
        if not lines:
            raise ValidationError(_(
                "Items: %(invoices)s has no open item; no status change on a paid invoice.",
                invoices=", ".join(self.move_ids.mapped("display_name"))))
        return lines.sorted(lambda line: (line.date_maturity or line.date, line.id))

    def action_apply(self):
        self.ensure_one()
        if not self.move_ids and not self.move_line_ids:
            raise UserError(_("Invoices: choose at least one invoice."))
        lines = self._items()
        status = self.collection_status
        common = {
            "collection_status": status,
            "collection_dispute_reason_id": self.dispute_reason_id.id
            if status == "disputed" else False,
            "collection_dispute_note": self.note if status == "disputed" else False,
            "collection_resolution_note": self.note if status == "resolved" else False,
            "collection_promise_date": False,
            "collection_promise_amount": 0.0,
        }
        vals_by_line = {line: dict(common) for line in lines}
        if status == "promised":
            if len(lines.currency_id) > 1:
                raise ValidationError(_(
                    "Promised Amount: the items are in several currencies; record "
                    "one promise per currency."))
            # The promised amount is spread over the items, oldest due first;
            # an item left without a share is left as it is.
            remaining = self.promise_amount
            for line in lines:
                share = min(remaining, line.amount_residual_currency)
                if len(lines) == 1 or share > 0:
                    remaining -= share
                    vals_by_line[line].update(collection_promise_date=self.promise_date,
                                              collection_promise_amount=share)
                else:
                    del vals_by_line[line]
            if len(lines) == 1:
                vals_by_line[lines].update(collection_promise_amount=self.promise_amount)
            elif remaining > 0:
                open_amount = sum(lines.mapped("amount_residual_currency"))
                raise ValidationError(_(
                    "Promised Amount: %(amount)s is above the open amount %(open)s of the "
                    "items.", amount=format_amount(self.env, self.promise_amount,
                                                   self.currency_id),
                    open=format_amount(self.env, open_amount, self.currency_id)))
        # Every item checked before any is written: all or nothing.
        lines.browse()._collection_check_status(vals_by_line)
        (self.move_ids | lines.move_id)._collection_check_receivable()
        for line, vals in vals_by_line.items():
            line.write(vals)
        if self.note and status not in ("disputed", "resolved"):
            for move in lines.move_id:
                move.message_post(body=self.note, subtype_xmlid="mail.mt_note")
        return {"type": "ir.actions.act_window_close"}
