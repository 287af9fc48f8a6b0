# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, fields, models

from ..engine import reminders as engine
from ..engine import vocabulary


class CollectionReminderPreview(models.TransientModel):
    """The reminders an automation's create actions would make (nothing written)."""

    _name = "collection.reminder.preview"
    _description = "Reminder Automation Preview"

    automation_id = fields.Many2one("collection.automation", readonly=True)
    date = fields.Date(readonly=True)
    line_ids = fields.One2many("collection.reminder.preview.line", "preview_id", readonly=True)

    @api.model
    def _line_values(self, partners, date, terms, options):
        """Values of preview lines for creating reminders for ``partners`` on
        ``date`` (in the current company): one per reminder that would be
        created, and one per customer considered that would get none, with the
        reason (every customer with ``terms``, also those without open items).
        Shares the creation's decisions (``_propose_reminders``)."""
        company = self.env.company
        customers = partners.commercial_partner_id.with_company(company)
        values, decided = [], set()
        for decisions in self.env["collection.reminder"]._propose_reminders(
                partners, date, terms, options):
            for partner, currency, proposal in decisions:
                decided.add(partner.id)
                vals = {"partner_id": partner.id, "currency_id": currency.id}
                if isinstance(proposal, engine.Skip):
                    vals.update(skip_kind=proposal.reason, skip_detail=proposal.detail)
                else:
                    vals.update({
                        "level": proposal.level,
                        "line_count": len(proposal.lines),
                        "due_date": proposal.due_date,
                        "remaining_amount": float(proposal.remaining_amount),
                        "fee_amount": float(proposal.fee_amount),
                        "interest_amount": float(proposal.interest_amount),
                        "total_due": float(proposal.total_due),
                    })
                values.append(vals)
        for partner in customers:
            term = partner.collection_reminder_term_id
            if partner.id in decided or not term or (terms is not None and term not in terms):
                continue
            values.append({
                "partner_id": partner.id,
                "currency_id": company.currency_id.id,
                "skip_kind": "no_items",
                "skip_detail": _("no open receivable item in %(company)s on %(date)s",
                                 company=company.name, date=fields.Date.to_string(date)),
            })
        return values


class CollectionReminderPreviewLine(models.TransientModel):
    _name = "collection.reminder.preview.line"
    _description = "Reminder Preview Line"
    _order = "skip_kind desc, partner_id, id"

    preview_id = fields.Many2one("collection.reminder.preview", ondelete="cascade")
    wizard_id = fields.Many2one("collection.reminder.create.wizard", ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Customer")
    currency_id = fields.Many2one("res.currency")
    level = fields.Integer()
    line_count = fields.Integer(string="Lines")
    due_date = fields.Date()
    remaining_amount = fields.Monetary()
    fee_amount = fields.Monetary(string="Additional Fee")
    interest_amount = fields.Monetary(string="Interest")
    total_due = fields.Monetary()
    skip_kind = fields.Selection(vocabulary.REMINDER_SKIP_REASONS, string="Not Created Because")
    skip_detail = fields.Char(string="Detail")
    skip_reason = fields.Char(string="Reason", compute="_compute_skip_reason")

    @api.depends("skip_kind", "skip_detail")
    def _compute_skip_reason(self):
        labels = dict(self._fields["skip_kind"]._description_selection(self.env))
        for line in self:
            line.skip_reason = line.skip_kind and (
                f"{labels[line.skip_kind]} ({line.skip_detail})" if line.skip_detail
                else labels[line.skip_kind])
