# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Reminder automations: the errors of their runs, per automation, until a
user dismisses them (Business Central's automation errors)."""

from odoo import api, fields, models

from ..engine import vocabulary
from .collection_automation_log import RECORD_MODELS


class CollectionAutomationError(models.Model):
    """An error of an automation run: the record, the action, the message, the time."""

    _name = "collection.automation.error"
    _description = "Reminder Automation Error"
    _order = "date desc, id desc"

    automation_id = fields.Many2one(
        "collection.automation", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="automation_id.company_id", store=True)
    log_id = fields.Many2one(
        "collection.automation.log", string="Log Entry", ondelete="set null", readonly=True
    )
    action_type = fields.Selection(
        vocabulary.AUTOMATION_ACTION_TYPES, string="Action", readonly=True
    )
    record_ref = fields.Reference(RECORD_MODELS, string="Record", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    message = fields.Text(readonly=True)
    date = fields.Datetime(string="Time", required=True, default=fields.Datetime.now,
                           readonly=True)
    dismissed = fields.Boolean(readonly=True, index=True)
    dismissed_uid = fields.Many2one("res.users", string="Dismissed By", readonly=True)
    dismissed_date = fields.Datetime(string="Dismissed On", readonly=True)

    @api.depends("action_type", "record_ref", "message")
    def _compute_display_name(self):
        labels = dict(self._fields["action_type"]._description_selection(self.env))
        for error in self:
            parts = [labels.get(error.action_type, ""), error.record_ref.display_name
                     if error.record_ref else ""]
            error.display_name = ": ".join(part for part in parts if part) or (
                error.message or "")[:60]

    def action_dismiss(self):
        """The user has seen to these errors: they leave the open list. Agents
        and managers alike, on the errors they may read (the record rules)."""
        self.check_access("read")
        self.sudo().filtered(lambda error: not error.dismissed).write({
            "dismissed": True,
            "dismissed_uid": self.env.uid,
            "dismissed_date": fields.Datetime.now(),
        })
        return True

    def action_restore(self):
        self.check_access("read")
        self.sudo().write({"dismissed": False, "dismissed_uid": False, "dismissed_date": False})
        return True

    @api.model
    def _record(self, log, errors):
        """Record the errors of ``log``'s action, in one create: ``errors`` are
        ``(record, message)``, the record a customer, a reminder or None."""
        vals_list = []
        for record, message in errors:
            partner = record.partner_id if record and record._name == "collection.reminder" \
                else record
            vals_list.append({
                "automation_id": log.automation_id.id,
                "log_id": log.id,
                "action_type": log.action_type,
                "record_ref": f"{record._name},{record.id}" if record else False,
                "partner_id": partner.id if partner else False,
                "message": message,
            })
        return self.sudo().create(vals_list)
