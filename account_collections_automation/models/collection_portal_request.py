# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The answers customers gave on their collections page: a dispute, a promise
to pay, a payment, each with its items, accepted or refused (and why). It is
the collections history of those answers, and the rate limit counts them."""

from odoo import fields, models

from ..engine import vocabulary


class CollectionPortalRequest(models.Model):
    _name = "collection.portal.request"
    _description = "Collections Page Answer"
    _order = "create_date desc, id desc"

    access_id = fields.Many2one("collection.portal.access", string="Page Link", required=True,
                                index=True, ondelete="cascade")
    partner_id = fields.Many2one(related="access_id.partner_id", store=True, index=True,
                                 string="Customer")
    company_id = fields.Many2one(related="access_id.company_id", store=True, index=True)
    user_id = fields.Many2one("res.users", string="Answered By", readonly=True,
                              default=lambda self: self.env.user,
                              help="The portal user, or the public user for a signed link.")
    kind = fields.Selection(vocabulary.PORTAL_REQUEST_KINDS, required=True, readonly=True)
    state = fields.Selection(vocabulary.PORTAL_REQUEST_STATES, required=True, readonly=True)
    move_line_ids = fields.Many2many("account.move.line", string="Items", readonly=True)
    dispute_reason_id = fields.Many2one("collection.dispute.reason", readonly=True)
    promise_date = fields.Date(string="Promised Payment Date", readonly=True)
    amount = fields.Monetary(currency_field="currency_id", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    message = fields.Text(readonly=True)
    error = fields.Text(readonly=True, help="Why the answer was refused.")
    transaction_id = fields.Many2one("payment.transaction", readonly=True)
