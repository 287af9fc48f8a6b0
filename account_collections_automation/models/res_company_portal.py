# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    collection_portal_promise_days = fields.Integer(
        string="Promise to Pay Horizon (days)", default=30,
        help="On the customer's collections page, a promise to pay is for a date at most "
        "this many days ahead (0: no limit).")
    collection_portal_rate_limit = fields.Integer(
        string="Collections Page Answers per Hour", default=10,
        help="How many answers (dispute, promise, payment) one link may give per hour; "
        "beyond, the page refuses them until the hour has passed.")

    @api.constrains("collection_portal_promise_days", "collection_portal_rate_limit")
    def _check_collection_portal_settings(self):
        for company in self:
            for name in ("collection_portal_promise_days", "collection_portal_rate_limit"):
                if company[name] < 0:
                    raise ValidationError(_(
                        "%(field)s: %(value)s is negative; use 0 or more.",
                        field=self._fields[name].get_description(self.env)["string"],
                        value=company[name]))
