# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, fields, models


class CollectionLogCallWizard(models.TransientModel):
    """Log a call made to a customer (from the overview's worklist): a Call
    activity on the customer, marked done at once with what was said, as
    Odoo's chatter does when a scheduled call is marked done."""

    _name = "collection.log.call.wizard"
    _description = "Log a Collections Call"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True,
        default=lambda self: self.env.context.get("default_partner_id"))
    summary = fields.Char(default=lambda self: self.env._("Collections call"))
    feedback = fields.Text(string="What was said")

    def action_log_call(self):
        self.ensure_one()
        activity = self.partner_id.activity_schedule(
            "mail.mail_activity_data_call",
            date_deadline=fields.Date.context_today(self),
            summary=self.summary or _("Collections call"),
            user_id=self.env.uid,
        )
        activity.action_feedback(feedback=self.feedback or False)
        return {"type": "ir.actions.act_window_close"}
