# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval


class CollectionPool(models.Model):
    """A customer pool: the customers a collections process or agent works.

    Its filter is an Odoo domain on customers, so a pool follows the customer
    base as it changes (country, credit group, salesperson, ...).
    """

    _name = "collection.pool"
    _description = "Customer Pool"
    _inherit = ["mail.thread"]
    _order = "name, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_domain = fields.Char(
        string="Customers",
        default="[]",
        required=True,
        tracking=True,
        help="Which customers belong to the pool: a filter on customers, applied to "
        "commercial entities only (companies and individuals that are not a contact "
        "of a company, with a receivable), never to their contacts.",
    )
    partner_count = fields.Integer(compute="_compute_partner_count", string="Customer Count")
    description = fields.Text(translate=True)

    process_ids = fields.One2many("collection.process", "pool_id", string="Processes")
    process_id = fields.Many2one(
        "collection.process", compute="_compute_process_id", string="Process",
        help="The collections process that works this pool's customers.")

    @api.constrains("partner_domain")
    def _check_partner_domain(self):
        for pool in self:
            pool._partner_search_domain()  # raises a ValidationError naming the value

    def _partner_search_domain(self):
        """The pool's customers as a search domain on res.partner."""
        self.ensure_one()
        try:
            domain = safe_eval(self.partner_domain or "[]")
            domain = expression.normalize_domain(domain)
            expression.expression(domain, self.env["res.partner"])
        except Exception as error:  # noqa: BLE001 -- any failure means a bad domain
            raise ValidationError(
                _(
                    "Customers: %(value)r is not a valid filter on customers "
                    "(%(error)s).",
                    value=self.partner_domain,
                    error=error,
                )
            ) from error
        return expression.AND([domain, self._customer_domain(self.company_id.id)])

    @api.model
    def _customer_domain(self, company_id):
        """What a pool's filter applies to, the one definition of a pool's
        customers: the commercial entities (not a company's contacts) that are
        customers, shared or of the pool's company. The pool list's count, the
        form's count of matching records (the filter's widget searches with
        ``collection_pool_company_id`` in its context, see res.partner's
        ``_search``), the customers button and the processes all use it."""
        return [
            ("parent_id", "=", False),
            ("customer_rank", ">", 0),
            "|", ("company_id", "=", False), ("company_id", "=", company_id),
        ]

    def _compute_partner_count(self):
        Partner = self.env["res.partner"]
        for pool in self:
            pool.partner_count = Partner.search_count(pool._partner_search_domain())

    def action_view_partners(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_collections_automation.res_partner_action_collections"
        )
        action.update(
            name=_("Customers of %s", self.display_name),
            domain=self._partner_search_domain(),
        )
        return action

    @api.depends("process_ids")
    def _compute_process_id(self):
        for pool in self:
            pool.process_id = pool.process_ids[:1]

    def action_view_process(self):
        self.ensure_one()
        action = {
            "type": "ir.actions.act_window",
            "res_model": "collection.process",
            "name": _("Process"),
            "view_mode": "form",
            "context": {"default_pool_id": self.id, "default_company_id": self.company_id.id},
        }
        if self.process_id:
            action["res_id"] = self.process_id.id
        return action
