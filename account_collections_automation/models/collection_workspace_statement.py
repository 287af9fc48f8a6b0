# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Collections workspace: customer statements of account, sent from a
customer's workspace and shown in its timeline."""

from odoo import _, api, fields, models


class CollectionWorkspace(models.AbstractModel):
    _inherit = "collection.workspace"  # pylint: disable=consider-merging-classes-inherited

    def _timeline_kinds(self):
        return super()._timeline_kinds() + [("statement", _("Statements"))]

    def _timeline_sources(self):
        return super()._timeline_sources() + [self._timeline_statements]

    def _timeline_statements(self, partner, date_from):
        statements = self.env["collection.statement"].search([
            ("partner_id", "=", partner.id),
            ("company_id", "=", self.env.company.id),
            ("date", ">=", date_from),
        ])
        methods = dict(statements._fields["send_method"]._description_selection(self.env))
        return [{
            "kind": "statement",
            "date": fields.Date.to_string(statement.date),
            "title": _("Statement of account (%(method)s)",
                       method=methods.get(statement.send_method)),
            "amount": False,
            "currency_id": False,
            "res_model": "collection.statement",
            "res_id": statement.id,
            "details": statement.error if statement.state == "failed" else _(
                "%(period)s, closing balance %(closing)s",
                period=statement._period_text(), closing=statement.closing_summary),
        } for statement in statements]

    @api.model
    def action_send_statement(self, partner_id):
        """The statement wizard for one customer (the workspace's button)."""
        self._check_collections_access()
        partner = self.env["res.partner"].browse(partner_id).commercial_partner_id
        partner.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": _("Send statement"),
            "res_model": "collection.statement.wizard",
            "views": [(False, "form")],
            "target": "new",
            "context": {"active_model": "res.partner", "active_ids": partner.ids,
                        "active_id": partner.id},
        }
