# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Reminders (Business Central): the reminder's fields, computes and report
helpers. Creating, issuing and sending them are in ``collection_reminder_create.py``,
``collection_reminder_insert.py``, ``collection_reminder_issue.py`` and
``collection_reminder_send.py``; the lines in ``collection_reminder_line.py``."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..engine import recipients as recipient_engine
from ..engine import vocabulary

PARTNER_BATCH = 500  # customers per batch of create_reminders (collection_reminder_create.py)


class CollectionReminder(models.Model):
    """A reminder (collection letter) to one customer, in one currency."""

    _name = "collection.reminder"
    _description = "Reminder"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    state = fields.Selection(
        vocabulary.REMINDER_STATES, default="draft", required=True, readonly=True, copy=False,
        tracking=True, index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company,
        readonly=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True,
        check_company=True,
    )
    recipient_partner_id = fields.Many2one(
        "res.partner", compute="_compute_recipient_partner_id", string="Recipient",
        help="The customer's collections contact, else the customer.",
    )
    lang = fields.Selection(related="partner_id.lang")
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.company.currency_id
    )
    term_id = fields.Many2one(
        "collection.reminder.term", string="Reminder Terms", required=True, check_company=True,
        index=True,
    )
    level_id = fields.Many2one(
        "collection.reminder.level", string="Reminder Level", required=True,
        domain="[('term_id', '=', term_id)]",
    )
    level = fields.Integer(related="level_id.level", store=True, string="Level")
    date = fields.Date(
        string="Document Date", required=True, default=fields.Date.context_today, tracking=True
    )
    due_date = fields.Date(required=True, tracking=True)
    posting_date = fields.Date(copy=False)
    vat_date = fields.Date(string="VAT Date", copy=False)
    issued_date = fields.Date(string="Issued On", copy=False, readonly=True)
    send_count = fields.Integer(string="Times Sent", copy=False, readonly=True)
    last_sent_date = fields.Date(string="Last Sent", copy=False, readonly=True)
    line_ids = fields.One2many("collection.reminder.line", "reminder_id", string="Lines", copy=True)
    remaining_amount = fields.Monetary(
        compute="_compute_totals", store=True,
        help="What the overdue invoices listed still owe.",
    )
    fee_amount = fields.Monetary(string="Additional Fee", compute="_compute_totals", store=True)
    interest_amount = fields.Monetary(string="Interest", compute="_compute_totals", store=True)
    total_due = fields.Monetary(compute="_compute_totals", store=True)
    fee_move_id = fields.Many2one(
        "account.move", string="Fee Entry", copy=False, readonly=True, check_company=True,
        help="The journal entry posting this reminder's fees and interest on the receivable.",
    )
    automation_id = fields.Many2one(
        "collection.automation", string="Created by Automation", copy=False, readonly=True,
        index="btree_not_null",
    )

    @api.depends("partner_id")
    def _compute_recipient_partner_id(self):
        for reminder in self:
            contact = reminder.partner_id.sudo().collection_contact_id
            recipient_id = recipient_engine.reminder_recipient(recipient_engine.Contacts(
                customer_id=reminder.partner_id.id,
                collections_contact_id=contact.id,
                with_email=frozenset(contact.filtered("email").ids),
            ))
            reminder.recipient_partner_id = reminder.partner_id.browse(recipient_id)

    @api.depends("line_ids.line_type", "line_ids.amount_residual", "line_ids.amount")
    def _compute_totals(self):
        for reminder in self:
            lines = reminder.line_ids
            remaining = sum(lines.filtered(lambda line: line.line_type == "overdue").mapped(
                "amount_residual"))
            fees = sum(lines.filtered(lambda line: line.line_type == "fee").mapped("amount"))
            interest = sum(
                lines.filtered(lambda line: line.line_type == "interest").mapped("amount"))
            reminder.remaining_amount = remaining
            reminder.fee_amount = fees
            reminder.interest_amount = interest
            reminder.total_due = remaining + fees + interest

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        for reminder in self:
            reminder.display_name = (
                reminder.name if reminder.name != "/" else _("Draft Reminder")
            )

    def unlink(self):
        if any(reminder.state == "issued" for reminder in self):
            raise UserError(_("Issued reminders cannot be deleted: cancel them instead."))
        return super().unlink()

    # Report helpers ------------------------------------------------------
    def _report_lines(self, line_type):
        return self.line_ids.filtered(lambda line: line.line_type == line_type).sorted(
            lambda line: (line.due_date or fields.Date.today(), line.id))
