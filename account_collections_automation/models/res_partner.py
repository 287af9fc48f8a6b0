from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..engine import vocabulary

COLLECTIONS_AGENT = "account_collections_automation.group_collections_agent"


class ResPartner(models.Model):
    _inherit = "res.partner"

    collection_agent_id = fields.Many2one(
        "res.users",
        string="Collections Agent",
        groups=COLLECTIONS_AGENT,
        tracking=True,
        domain=[("share", "=", False)],
        help="The agent who follows this customer's receivables.",
    )
    collection_contact_id = fields.Many2one(
        "res.partner",
        string="Collections Contact",
        groups=COLLECTIONS_AGENT,
        domain="[('commercial_partner_id', '=', commercial_partner_id), "
        "('id', '!=', id)]",
        help="The contact of the customer's company who receives collection "
        "e-mails and letters.",
    )
    collection_credit_group_id = fields.Many2one(
        "collection.credit.group",
        string="Customer Credit Group",
        groups=COLLECTIONS_AGENT,
        tracking=True,
    )
    collection_account_status = fields.Selection(
        list(vocabulary.ACCOUNT_STATUSES),  # Odoo wants a list: a tuple gives no options
        string="Account Status",
        groups=COLLECTIONS_AGENT,
        default="active",
        tracking=True,
    )

    @api.constrains("collection_contact_id")
    def _check_collection_contact_id(self):
        for partner in self:
            contact = partner.collection_contact_id
            if contact and contact.commercial_partner_id != partner.commercial_partner_id:
                raise ValidationError(
                    _(
                        "Collections Contact: %(contact)s is not a contact of "
                        "%(company)s.",
                        contact=contact.display_name,
                        company=partner.commercial_partner_id.display_name,
                    )
                )

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + [
            "collection_agent_id",
            "collection_credit_group_id",
            "collection_account_status",
        ]

    def action_open_collections_workspace(self):
        """The collections coordinator workspace of this customer."""
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "collections_customer_workspace",
            "name": self.commercial_partner_id.display_name,
            "params": {"partner_id": self.commercial_partner_id.id},
            "context": {"active_id": self.commercial_partner_id.id},
        }

    def action_collection_settle_customer(self):
        """Settle: open the customer's open receivable items to match them."""
        return self.env["account.move.line"]._collection_settle_action(
            self.commercial_partner_id)
