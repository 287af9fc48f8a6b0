# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""A bounce of a collections e-mail, as Odoo's mail gateway handles it (it
counts the bounce on the address): the e-mail action is bounced and its
step's fallback channel runs."""

from odoo import api, models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def _routing_handle_bounce(self, email_message, message_dict):
        result = super()._routing_handle_bounce(email_message, message_dict)
        bounced_message = message_dict.get("bounced_message")
        if bounced_message:
            self.env["collection.action"].sudo()._collection_receive_bounce(
                bounced_message, message_dict.get("bounced_email"), message_dict.get("body"))
        return result
