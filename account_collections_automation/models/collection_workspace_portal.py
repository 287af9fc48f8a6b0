# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Collections workspace: the customer's answers from the collections page in
the customer's timeline."""

from odoo import _, fields, models


class CollectionWorkspace(models.AbstractModel):
    _inherit = "collection.workspace"  # pylint: disable=consider-merging-classes-inherited

    def _timeline_kinds(self):
        return super()._timeline_kinds() + [("portal", _("Customer page answers"))]

    def _timeline_sources(self):
        return super()._timeline_sources() + [self._timeline_portal_answers]

    def _timeline_portal_answers(self, partner, date_from):
        requests = self.env["collection.portal.request"].search([
            ("partner_id", "=", partner.id),
            ("company_id", "=", self.env.company.id),
            ("create_date", ">=", fields.Datetime.to_datetime(date_from)),
        ])
        kinds = dict(requests._fields["kind"]._description_selection(self.env))
        states = dict(requests._fields["state"]._description_selection(self.env))
        return [{
            "kind": "portal",
            "date": fields.Date.to_string(fields.Date.context_today(self, request.create_date)),
            "title": _("Customer page: %(answer)s (%(state)s)", answer=kinds[request.kind],
                       state=states[request.state]),
            "amount": request.amount or False,
            "currency_id": request.currency_id.id or False,
            "res_model": "collection.portal.request",
            "res_id": request.id,
            "details": "; ".join(filter(None, [
                ", ".join(request.move_line_ids.move_id.mapped("name")),
                request.dispute_reason_id.name, request.message, request.error])),
        } for request in requests]
