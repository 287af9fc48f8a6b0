# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The signed link to a customer's collections page: one access token per
commercial entity and company, valid without a login until a Collections
Manager revokes it (a revoked token is replaced: the old link gets a 403)."""

import uuid
from datetime import timedelta

from werkzeug.urls import url_encode

from odoo import _, api, fields, models
from odoo.tools import consteq

COLLECTIONS_MANAGER = "account_collections_automation.group_collections_manager"


class CollectionPortalAccess(models.Model):
    _name = "collection.portal.access"
    _description = "Collections Page Access"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True,
                                 ondelete="cascade",
                                 help="The commercial entity whose collections page this opens.")
    company_id = fields.Many2one("res.company", required=True, index=True, ondelete="cascade")
    access_token = fields.Char(required=True, copy=False, groups="base.group_system",
                               default=lambda self: str(uuid.uuid4()))
    revoked_count = fields.Integer(readonly=True, help="How many times the link was revoked.")
    revoked_date = fields.Datetime(readonly=True, string="Last Revoked On")
    request_ids = fields.One2many("collection.portal.request", "access_id", string="Answers")

    _sql_constraints = [
        ("partner_company_unique", "unique(partner_id, company_id)",
         "A customer has one collections page link per company."),
    ]

    @api.model
    def _for_partner(self, partner, company):
        """The access of ``partner``'s commercial entity in ``company``, made on first use."""
        customer = partner.commercial_partner_id
        access = self.sudo().search([("partner_id", "=", customer.id),
                                     ("company_id", "=", company.id)], limit=1)
        if not access:
            access = self.sudo().create({"partner_id": customer.id, "company_id": company.id})
        return access

    @api.model
    def _check_token(self, partner_id, token):
        """The access of the page ``partner_id`` whose token is ``token``, or an
        empty recordset (a wrong or revoked token)."""
        if not token or not isinstance(token, str):
            return self.sudo().browse()
        for access in self.sudo().search([("partner_id", "=", partner_id)]):
            if consteq(access.access_token, token):
                return access
        return self.sudo().browse()

    def _url(self):
        """The page's signed link, with the server's address."""
        self.ensure_one()
        return "%s/my/collections/%s?%s" % (
            self.get_base_url(), self.partner_id.id,
            url_encode({"access_token": self.sudo().access_token}))

    def _revoke(self):
        """A new token for each access: the links sent so far stop working."""
        for access in self.sudo():
            access.write({"access_token": str(uuid.uuid4()),
                          "revoked_count": access.revoked_count + 1,
                          "revoked_date": fields.Datetime.now()})
            access.partner_id.message_post(
                body=_("Collections page link revoked (%(company)s): the links sent so far "
                       "no longer open it.", company=access.company_id.name),
                subtype_xmlid="mail.mt_note")

    def _attempts_last_hour(self):
        """How many answers were made with this token in the last hour."""
        self.ensure_one()
        since = fields.Datetime.now() - timedelta(hours=1)
        return self.env["collection.portal.request"].sudo().search_count([
            ("access_id", "=", self.id), ("create_date", ">", since)])
