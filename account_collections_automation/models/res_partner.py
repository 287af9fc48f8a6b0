# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

from ..engine import aging, vocabulary
from ..engine import chase as chase_engine

COLLECTIONS_AGENT = "account_collections_automation.group_collections_agent"


class ResPartner(models.Model):
    _inherit = "res.partner"

    collection_agent_id = fields.Many2one(
        "res.users",
        string="Collections Agent",
        groups=COLLECTIONS_AGENT,
        tracking=True,
        domain=[("share", "=", False)],
        help="The agent who follows this customer's receivables.",
    )
    collection_contact_id = fields.Many2one(
        "res.partner",
        string="Collections Contact",
        groups=COLLECTIONS_AGENT,
        domain="[('commercial_partner_id', '=', commercial_partner_id), "
        "('id', '!=', id)]",
        help="The contact of the customer's company who receives collection "
        "e-mails and letters.",
    )
    collection_credit_group_id = fields.Many2one(
        "collection.credit.group",
        string="Customer Credit Group",
        groups=COLLECTIONS_AGENT,
        tracking=True,
    )
    collection_account_status = fields.Selection(
        # A list, not a tuple: Odoo only reflects (and translates) list selections.
        vocabulary.ACCOUNT_STATUSES,
        string="Account Status",
        groups=COLLECTIONS_AGENT,
        default="active",
        tracking=True,
    )
    collection_process_id = fields.Many2one(
        "collection.process",
        string="Collections Process",
        company_dependent=True,
        groups=COLLECTIONS_AGENT,
        tracking=True,
        help="Manual assignment to a collections process; empty: the process of "
        "the best-ranked pool the customer is in.",
    )
    collection_action_count = fields.Integer(
        compute="_compute_collection_action_count", groups=COLLECTIONS_AGENT,
        string="Collections Process History")
    collection_reminder_term_id = fields.Many2one(
        "collection.reminder.term",
        string="Reminder Terms",
        company_dependent=True,
        domain="[('company_id', '=', current_company_id)]",
        tracking=True,
        help="How this customer is reminded of overdue invoices in this company.",
    )

    @api.model
    def _search(self, domain, *args, **kwargs):
        # A pool's filter counts and lists the pool's customers, as the pool
        # list does: its widget searches with this context key (pool form).
        company_id = self.env.context.get("collection_pool_company_id")
        if company_id:
            domain = expression.AND([
                domain, self.env["collection.pool"]._customer_domain(company_id)])
            self = self.with_context(collection_pool_company_id=False)
        return super()._search(domain, *args, **kwargs)

    def _compute_collection_action_count(self):
        counts = dict(self.env["collection.action"]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]))
        for partner in self:
            partner.collection_action_count = counts.get(partner, 0)

    def collection_preview_process(self):
        """Preview customer assignment: the collection.process this customer
        follows in the current company (empty recordset if none)."""
        self.ensure_one()
        partner = self.commercial_partner_id
        assignment = self.env["collection.process"]._collection_assignments(partner.ids)
        return self.env["collection.process"].browse(assignment[partner.id].process_id or [])

    def action_preview_collection_process(self):
        return self.env["collection.assignment.preview"]._open_for_partners(
            self.commercial_partner_id)

    def action_view_collection_actions(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_collections_automation.collection_action_action")
        action["domain"] = [("partner_id", "in", self.commercial_partner_id.ids)]
        action["context"] = {}
        return action

    @api.constrains("collection_contact_id")
    def _check_collection_contact_id(self):
        for partner in self:
            contact = partner.collection_contact_id
            if contact and contact.commercial_partner_id != partner.commercial_partner_id:
                raise ValidationError(
                    _(
                        "Collections Contact: %(contact)s is not a contact of "
                        "%(company)s.",
                        contact=contact.display_name,
                        company=partner.commercial_partner_id.display_name,
                    )
                )

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + [
            "collection_agent_id",
            "collection_credit_group_id",
            "collection_account_status",
        ]

    def _collection_letter_values(self):
        """The open items a collection letter lists, in the letter's company."""
        self.ensure_one()
        context = self.env.context
        today = context.get("collection_letter_date") or fields.Date.context_today(self)
        if isinstance(today, str):
            today = fields.Date.to_date(today)
        company = self.env["res.company"].browse(
            context.get("collection_company_id") or self.env.company.id)
        # The ledger's open items as of the letter's date: each installment of
        # an invoice with its own due date and residual.
        rows = self.env["collection.ledger"]._open_lines(
            company, today, [self.commercial_partner_id.id])
        moves = self.env["account.move"].browse({row.move_id for row in rows})
        items = self.env["account.move.line"].browse([row.line_id for row in rows])
        # A letter never lists an invoice on hold, nor an item disputed or
        # promised, as owed.
        chased = {item.id for item in items
                  if item.move_id.move_type == "out_invoice"
                  and chase_engine.hold_reason(
                      item.move_id.collection_on_hold, item.collection_status,
                      item.collection_promise_date, today) is None}
        rows = [row for row in rows if row.line_id in chased and row.residual > 0]
        # A process's letter lists the items of its communication (the engine's).
        listed = context.get("collection_line_ids")
        if listed:
            listed = set(listed)
            rows = [row for row in rows if row.line_id in listed]
        lead_move_id = context.get("collection_lead_move_id")
        lead_line_id = next((row.line_id for row in rows if row.move_id == lead_move_id), None)
        labels = dict(items._fields["collection_status"]._description_selection(self.env))
        currencies = self.env["res.currency"].browse({row.currency_id for row in rows})
        lines = [{"move": moves.browse(row.move_id),
                  "date_maturity": row.aging_date,
                  "residual": float(row.residual_currency),
                  "currency": currencies.browse(row.currency_id),
                  "days_overdue": max(aging.days_overdue(row.aging_date, today), 0),
                  "status": labels.get(items.browse(row.line_id).collection_status or "none"),
                  "lead": row.line_id == lead_line_id}
                 for row in rows]
        totals = [{"currency": currency,
                   "amount": float(sum(row.residual_currency for row in rows
                                       if row.currency_id == currency.id))}
                  for currency in currencies]
        return {"date": today, "lines": lines, "totals": totals, "company": company}

    def action_open_collections_workspace(self):
        """The collections coordinator workspace of this customer."""
        self.ensure_one()
        customer = self.commercial_partner_id
        action = self.env["ir.actions.actions"]._for_xml_id(
            "account_collections_automation.collections_customer_workspace_action")
        # The action's path and id make the URL and the breadcrumbs survive a reload.
        action.update(name=customer.display_name, params={"partner_id": customer.id})
        return action

    def action_collection_settle_customer(self):
        """Settle: open the customer's open receivable items to match them."""
        return self.env["account.move.line"]._collection_settle_action(
            self.commercial_partner_id)
