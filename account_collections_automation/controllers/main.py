# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, http
from odoo.exceptions import UserError
from odoo.http import content_disposition, request


class CollectionsController(http.Controller):
    @http.route("/account_collections_automation/reprint/<string:move_ids>", type="http",
                auth="user", methods=["GET", "POST"])
    def reprint(self, move_ids, **kwargs):
        """The invoices' PDF for the workspace's Reprint (one PDF, several invoices)."""
        try:
            ids = [int(move_id) for move_id in move_ids.split(",")]
        except ValueError as error:
            raise UserError(_("Invoices: %s is not a list of invoice ids.", move_ids)) from error
        moves = request.env["account.move"].browse(ids).exists()
        if not moves:
            raise UserError(_("Invoices: %s are not invoices that exist.", move_ids))
        moves.check_access("read")
        content, content_type = moves._collection_reprint_pdf()
        name = moves.name if len(moves) == 1 else _("Invoices")
        return request.make_response(content, headers=[
            ("Content-Type", "application/pdf" if content_type == "pdf" else "text/html"),
            ("Content-Length", len(content)),
            ("Content-Disposition", content_disposition(
                f"{name}.{content_type}".replace("/", "_"))),
        ])
