# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    collection_reminder_level = fields.Integer(
        string="Reminder Level", copy=False, readonly=True,
        help="The reminder level this receivable line has reached.",
    )
    collection_last_reminder_date = fields.Date(
        string="Last Reminder Date", copy=False, readonly=True,
    )

    @api.model
    def _collection_settle_action(self, partners):
        """Settle: the customers' open receivable items, to match with each other."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_collections_automation.account_move_line_action_collections_settle")
        action["domain"] = self.env["collection.ledger"]._open_lines_domain(partners)
        if len(partners) == 1:
            action["name"] = _("Settle: %s", partners.display_name)
        return action

    def action_collection_reconcile(self):
        """Match the selected receivable items (Odoo's reconciliation; partial if unbalanced)."""
        if len(self.account_id) != 1 or len(self.partner_id.commercial_partner_id) != 1:
            raise UserError(_(
                "Journal items: choose open items of one customer on one receivable account."))
        if len(self) < 2:
            raise UserError(_("Journal items: choose at least two items to match."))
        self.reconcile()
        return True
