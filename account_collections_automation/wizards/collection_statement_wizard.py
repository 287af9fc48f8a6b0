# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Send or print customer statements of account: for one customer (the
workspace) or many (the customer list's Action menu)."""

from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..engine import vocabulary


class CollectionStatementWizard(models.TransientModel):
    _name = "collection.statement.wizard"
    _description = "Send Customer Statements"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True,
                                 default=lambda self: self.env.company)
    mode = fields.Selection(vocabulary.STATEMENT_MODES, string="Statement", required=True,
                            default="period")
    date_from = fields.Date(string="From", default=lambda self: self._default_dates()[0])
    date_to = fields.Date(string="To", required=True,
                          default=lambda self: self._default_dates()[1],
                          help="The end of the period, or the date the open items are as of.")
    send_method = fields.Selection(vocabulary.STATEMENT_SEND_METHODS, string="Send",
                                   required=True, default="email")
    statement_ids = fields.Many2many("collection.statement", string="Statements", readonly=True)
    failed_count = fields.Integer(compute="_compute_failed_count")

    @api.model
    def _default_dates(self):
        """The previous month."""
        today = fields.Date.context_today(self)
        last = today.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "partner_ids" in fields_list and not values.get("partner_ids"):
            context = self.env.context
            if context.get("active_model") == "res.partner":
                ids = context.get("active_ids") or [context.get("active_id")]
                partners = self.env["res.partner"].browse([i for i in ids if i])
                values["partner_ids"] = [(6, 0, partners.commercial_partner_id.ids)]
        return values

    @api.depends("statement_ids.state")
    def _compute_failed_count(self):
        for wizard in self:
            wizard.failed_count = len(wizard.statement_ids.filtered(
                lambda s: s.state == "failed"))

    def action_send(self):
        """Send or print the statements; print returns their PDF."""
        self.ensure_one()
        if not self.partner_ids:
            raise UserError(_("Customers: choose at least one customer."))
        statements = self.env["collection.statement"].with_company(
            self.company_id)._collection_send_statements(
            self.partner_ids, self.mode, self.date_from, self.date_to, self.send_method)
        self.statement_ids = statements
        done = statements.filtered(lambda s: s.state == "done")
        if self.send_method == "print" and done:
            return done.action_print()
        failed = statements - done
        if failed:
            return {
                "type": "ir.actions.act_window",
                "name": _("Statements not sent"),
                "res_model": "collection.statement",
                "view_mode": "list,form",
                "views": [(False, "list"), (False, "form")],
                "domain": [("id", "in", failed.ids)],
                "target": "current",
            }
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("%(count)s statement(s) sent.", count=len(done)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
