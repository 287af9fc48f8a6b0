# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..engine import reminders as engine


class CollectionReminderCreateWizard(models.TransientModel):
    """Create Reminders (Business Central's *Create Reminders*): choose the
    customers and options, preview what would be created and why the other
    customers get nothing, then confirm to create the drafts."""

    _name = "collection.reminder.create.wizard"
    _description = "Create Reminders"

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company)
    date = fields.Date(required=True, default=fields.Date.context_today)
    term_ids = fields.Many2many(
        "collection.reminder.term", string="Reminder Terms",
        domain="[('company_id', '=', company_id)]",
        help="The customers with these reminder terms (all terms when empty).")
    partner_ids = fields.Many2many(
        "res.partner", string="Customers",
        help="Only these customers (every customer with the reminder terms when empty).")
    set_highest_level = fields.Boolean(
        string="Set Highest Level on All Lines",
        help="Put every line of a reminder at the highest level it reaches.")
    include_not_due = fields.Boolean(
        string="Include Not Yet Due",
        help="List all open invoices, not only overdue ones, in a separate section.")
    state = fields.Selection(
        [("options", "Options"), ("preview", "Preview")], default="options", required=True)
    line_ids = fields.One2many(
        "collection.reminder.preview.line", "wizard_id", string="Preview", readonly=True)
    reminder_count = fields.Integer(compute="_compute_counts", string="Reminders to Create")
    skipped_count = fields.Integer(compute="_compute_counts", string="Customers Skipped")

    @api.depends("line_ids.skip_kind")
    def _compute_counts(self):
        for wizard in self:
            skipped = wizard.line_ids.filtered("skip_kind")
            wizard.skipped_count = len(skipped)
            wizard.reminder_count = len(wizard.line_ids) - len(skipped)

    def _scope(self):
        """(customers, terms, options) chosen in the wizard, in its company."""
        self.ensure_one()
        env = self.with_company(self.company_id).env
        terms = self.term_ids or env["collection.reminder.term"].search(
            [("company_id", "=", self.company_id.id)])
        domain = [("collection_reminder_term_id", "in", terms.ids)]
        if self.partner_ids:
            domain.append(("id", "in", self.partner_ids.commercial_partner_id.ids))
        partners = env["res.partner"].search(domain)
        options = engine.ReminderOptions(
            set_highest_level=self.set_highest_level,
            include_not_due=self.include_not_due,
        )
        return partners, terms, options

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Create Reminders"),
        }

    def action_preview(self):
        """Show what confirming would create, and the reasons for the others."""
        self.ensure_one()
        partners, terms, options = self._scope()
        values = self.env["collection.reminder.preview"].with_company(
            self.company_id)._line_values(partners, self.date, terms, options)
        self.write({
            "state": "preview",
            "line_ids": [Command.clear()] + [Command.create(vals) for vals in values],
        })
        return self._reopen()

    def action_back(self):
        self.write({"state": "options", "line_ids": [Command.clear()]})
        return self._reopen()

    def action_confirm(self):
        """Create the draft reminders (as the preview showed) and list them."""
        self.ensure_one()
        partners, terms, options = self._scope()
        created, _skips = self.env["collection.reminder"].with_company(
            self.company_id)._create_reminders(
                partners, date=self.date, terms=terms, options=options)
        if not created:
            raise UserError(_(
                "No reminder to create on %(date)s with these options: the preview "
                "says why for each customer.", date=fields.Date.to_string(self.date)))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_collections_automation.collection_reminder_action")
        action.update(domain=[("id", "in", created.ids)], context={})
        return action
