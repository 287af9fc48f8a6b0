# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, models
from odoo.exceptions import AccessError

COLLECTIONS_MANAGER = "account_collections_automation.group_collections_manager"


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def _collection_portal_url(self, company=None):
        """The signed link to the customer's collections page in ``company``
        (the current company by default): what e-mails, reminders and
        letters give the customer."""
        self.ensure_one()
        company = company or self.env.company
        return self.env["collection.portal.access"]._for_partner(self, company)._url()

    def action_collection_portal_revoke(self):
        """Revoke the customer's collections page links: the links sent so far
        get a 403; the next e-mail, reminder or letter carries a new one."""
        if not self.env.user.has_group(COLLECTIONS_MANAGER):
            raise AccessError(_("Revoke collections page link: for Collections Managers only."))
        accesses = self.env["collection.portal.access"].sudo().search([
            ("partner_id", "in", self.commercial_partner_id.ids)])
        accesses._revoke()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("Collections page links revoked: %s",
                             ", ".join(self.commercial_partner_id.mapped("display_name"))),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
