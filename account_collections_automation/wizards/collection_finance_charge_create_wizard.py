# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CollectionFinanceChargeCreateWizard(models.TransientModel):
    """Create Finance Charge Memos (Business Central's *Create Finance Charge
    Memos*) for many customers at once: those with the chosen finance charge
    terms (or the chosen customers), as of a date."""

    _name = "collection.finance.charge.create.wizard"
    _description = "Create Finance Charge Memos"

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company)
    date = fields.Date(
        string="Document Date", required=True, default=fields.Date.context_today,
        help="The interest is counted up to this date.")
    term_ids = fields.Many2many(
        "collection.finance.charge.term", "collection_fc_create_wizard_term_rel",
        "wizard_id", "term_id", string="Finance Charge Terms",
        domain="[('company_id', '=', company_id)]",
        help="The customers with these finance charge terms (all terms when empty).")
    partner_ids = fields.Many2many(
        "res.partner", "collection_fc_create_wizard_partner_rel", "wizard_id", "partner_id",
        string="Customers",
        help="Only these customers (every customer with finance charge terms when empty).")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "res.partner" and "partner_ids" in fields_list:
            values["partner_ids"] = [(6, 0, self.env.context.get("active_ids") or [])]
        return values

    def _customers(self):
        self.ensure_one()
        env = self.with_company(self.company_id).env
        terms = self.term_ids or env["collection.finance.charge.term"].search(
            [("company_id", "=", self.company_id.id)])
        domain = [("collection_finance_charge_term_id", "in", terms.ids)]
        if self.partner_ids:
            domain.append(("id", "in", self.partner_ids.commercial_partner_id.ids))
        return env["res.partner"].search(domain), terms

    def action_confirm(self):
        """Create the draft memos and list them."""
        self.ensure_one()
        customers, terms = self._customers()
        memos, _skips = self.env["collection.finance.charge.memo"].with_company(
            self.company_id)._create_memos(customers, date=self.date, terms=terms)
        if not memos:
            raise UserError(_(
                "No finance charge memo to create on %(date)s: no customer with these terms "
                "has an item bearing interest (past its grace period, not on hold, disputed "
                "or promised) for at least the minimum amount.",
                date=fields.Date.to_string(self.date)))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_collections_automation.collection_finance_charge_memo_action")
        action.update(domain=[("id", "in", memos.ids)], context={})
        return action
