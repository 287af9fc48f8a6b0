# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""A customer's reply to a collections e-mail, as Odoo's mail gateway
delivers it to the customer's thread (``message_update`` with the replied
message as ``parent_id``, found from In-Reply-To / References)."""

from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def message_update(self, msg_dict, update_vals=None):
        result = super().message_update(msg_dict, update_vals=update_vals)
        if msg_dict.get("parent_id"):
            self.env["collection.action"].sudo()._collection_receive_reply(
                self, msg_dict["parent_id"], msg_dict)
        return result
