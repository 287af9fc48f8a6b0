# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Mail: an e-mail action of a collections process, and a reminder, follow
their e-mail's delivery."""

from odoo import models


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _postprocess_sent_message(self, success_pids, failure_reason=False, failure_type=None):
        # Before super(): it deletes the auto-deleted e-mails once sent.
        self.env["collection.action"]._collection_follow_delivery(self)
        self.env["collection.reminder"]._collection_follow_delivery(self)
        return super()._postprocess_sent_message(
            success_pids, failure_reason=failure_reason, failure_type=failure_type)
