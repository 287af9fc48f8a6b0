# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models


class CollectionActivityWizard(models.TransientModel):
    """New activity from the collections overview: pick the customer first."""

    _name = "collection.activity.wizard"
    _description = "New Collections Activity"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True,
        domain="[('parent_id', '=', False), ('customer_rank', '>', 0)]")
    activity_type_id = fields.Many2one(
        "mail.activity.type", string="Activity Type", required=True,
        domain="['|', ('res_model', '=', False), ('res_model', '=', 'res.partner')]",
        default=lambda self: self.env.ref("mail.mail_activity_data_call",
                                          raise_if_not_found=False))
    summary = fields.Char()
    date_deadline = fields.Date(string="Due Date", required=True,
                                default=fields.Date.context_today)
    user_id = fields.Many2one("res.users", string="Assigned to", required=True,
                              default=lambda self: self.env.user,
                              domain=[("share", "=", False)])
    note = fields.Html()

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "res.partner" and self.env.context.get(
                "active_id"):
            values["partner_id"] = self.env.context["active_id"]
        return values

    def action_schedule(self):
        self.ensure_one()
        self.partner_id.activity_schedule(
            activity_type_id=self.activity_type_id.id,
            summary=self.summary or False,
            note=self.note or "",
            user_id=self.user_id.id,
            date_deadline=self.date_deadline,
        )
        return {"type": "ir.actions.act_window_close"}
