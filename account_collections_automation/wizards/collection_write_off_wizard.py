# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError


class CollectionWriteOffWizard(models.TransientModel):
    """Write off invoices' open amounts: a journal entry moving the residual from
    the receivable to a write-off account, matched with the invoices by Odoo's
    reconciliation (``account.move.line.reconcile``), like a payment difference."""

    _name = "collection.write.off.wizard"
    _description = "Write Off Customer Invoices"

    move_ids = fields.Many2many("account.move", string="Invoices", required=True)
    company_id = fields.Many2one("res.company", compute="_compute_company_id")
    journal_id = fields.Many2one(
        "account.journal", string="Journal", required=True,
        domain="[('type', '=', 'general'), ('company_id', '=', company_id)]",
        default=lambda self: self.env["account.journal"].search(
            [("type", "=", "general"), ("company_id", "=", self.env.company.id)], limit=1))
    account_id = fields.Many2one(
        "account.account", string="Write-off Account", required=True,
        domain="[('account_type', 'in', ('expense', 'income', 'income_other')), "
        "('company_ids', 'in', company_id)]")
    date = fields.Date(required=True, default=fields.Date.context_today)
    label = fields.Char(required=True, default=lambda self: _("Write-off"))
    amount = fields.Monetary(compute="_compute_amount",
                             currency_field="company_currency_id")
    company_currency_id = fields.Many2one(related="company_id.currency_id")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "account.move":
            values["move_ids"] = [Command.set(self.env.context.get("active_ids", []))]
        return values

    @api.depends("move_ids")
    def _compute_company_id(self):
        for wizard in self:
            wizard.company_id = wizard.move_ids.company_id[:1] or self.env.company

    @api.depends("move_ids")
    def _compute_amount(self):
        for wizard in self:
            wizard.amount = sum(wizard._open_lines().mapped("amount_residual"))

    def _open_lines(self):
        return self.move_ids.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
            and not line.reconciled)

    def action_write_off(self):
        self.ensure_one()
        self.env["account.move"]._collection_check_manager(_("Write off"))
        self.move_ids._collection_check_receivable()
        if len(self.move_ids.company_id) > 1:
            raise UserError(_("Invoices: write off the invoices of one company at a time."))
        entries = self.env["account.move"]
        for invoice in self.move_ids:
            lines = self._open_lines().filtered(lambda line, inv=invoice: line.move_id == inv)
            if not lines:
                raise UserError(_("%s has nothing left to write off.", invoice.display_name))
            line_vals = []
            for line in lines:
                line_vals += [
                    Command.create({
                        "name": self.label, "account_id": line.account_id.id,
                        "partner_id": line.partner_id.id, "currency_id": line.currency_id.id,
                        "amount_currency": -line.amount_residual_currency,
                        "balance": -line.amount_residual,
                    }),
                    Command.create({
                        "name": self.label, "account_id": self.account_id.id,
                        "partner_id": line.partner_id.id, "currency_id": line.currency_id.id,
                        "amount_currency": line.amount_residual_currency,
                        "balance": line.amount_residual,
                    }),
                ]
            entry = self.env["account.move"].create({
                "move_type": "entry",
                "journal_id": self.journal_id.id,
                "date": self.date,
                "ref": _("Write-off of %s", invoice.name),
                "line_ids": line_vals,
            })
            entry.action_post()
            counterpart = entry.line_ids.filtered(
                lambda line, accounts=lines.account_id: line.account_id in accounts)
            for account in lines.account_id:
                ((lines | counterpart).filtered(lambda line, a=account: line.account_id == a)
                 .reconcile())
            invoice.message_post(body=_("Written off: %s", entry._get_html_link()))
            entries |= entry
        return {"type": "ir.actions.act_window_close"}
