# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""A collections process's call activity: marking it done opens the call
outcome wizard (``static/src/components/collections_call_outcome``)."""

from odoo import models

COLLECTIONS_AGENT = "account_collections_automation.group_collections_agent"


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def action_collection_call_outcome(self):
        """The call outcome wizard of the process call this activity is, or
        False (any other activity, or a user outside the collections groups)."""
        self.ensure_one()
        if not self.env.user.has_group(COLLECTIONS_AGENT):
            return False
        call = self.env["collection.action"].search(
            [("activity_id", "=", self.id), ("action_type", "=", "phone_call")], limit=1)
        return call.action_call_outcome() if call else False
