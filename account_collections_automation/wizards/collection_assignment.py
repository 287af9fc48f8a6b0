# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, fields, models

from ..models.collection_reason import reason_renderer

ASSIGNMENT_SOURCES = [
    ("manual", "Manual assignment"),
    ("pool", "Pool and rank"),
    ("none", "Not assigned"),
]


class CollectionAssignmentWizard(models.TransientModel):
    """Manual assignment: set or clear the process of one or many customers."""

    _name = "collection.assignment.wizard"
    _description = "Collections Process Manual Assignment"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True,
                                   domain=[("parent_id", "=", False)])
    process_id = fields.Many2one(
        "collection.process", string="Process",
        domain="[('company_id', '=', company_id)]",
        help="Empty: clear the manual assignment; the customers then follow their pools.")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "res.partner" and "partner_ids" in fields_list:
            partners = self.env["res.partner"].browse(self.env.context.get("active_ids", []))
            values["partner_ids"] = [fields.Command.set(partners.commercial_partner_id.ids)]
        return values

    def action_apply(self):
        self.ensure_one()
        # Managers only (access rights of this wizard): they may assign a
        # process without the right to edit every field of the customer.
        self.partner_ids.sudo().with_company(self.company_id).write(
            {"collection_process_id": self.process_id.id})
        return self.env["collection.assignment.preview"].with_company(
            self.company_id)._open_for_partners(self.partner_ids)


class CollectionAssignmentPreview(models.TransientModel):
    """Preview customer / process assignment: which process takes whom, and why."""

    _name = "collection.assignment.preview"
    _description = "Collections Process Assignment Preview"

    name = fields.Char(readonly=True)
    process_id = fields.Many2one("collection.process", readonly=True)
    line_ids = fields.One2many("collection.assignment.preview.line", "preview_id",
                               readonly=True)

    def _open(self, name, assignments, process=None):
        render = reason_renderer(self.env)
        preview = self.create({
            "name": name,
            "process_id": process.id if process else False,
            "line_ids": [fields.Command.create({
                "partner_id": a.partner_id,
                "process_id": a.process_id or False,
                "source": a.source,
                "rank": a.rank or 0,
                "reason": render(a.reason),
            }) for a in assignments],
        })
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": preview.id,
            "name": name,
            "view_mode": "form",
            "target": "new",
        }

    @api.model
    def _open_for_partners(self, partners):
        assignments = self.env["collection.process"]._collection_assignments(partners.ids)
        return self._open(_("Preview customer assignment"),
                          [assignments[pid] for pid in partners.ids])

    @api.model
    def _open_for_process(self, process):
        process = process.with_company(process.company_id)
        assignments = process._collection_assignments()
        taken = [a for a in assignments.values() if a.process_id == process.id]
        return self.with_company(process.company_id)._open(
            _("Preview process assignment: %s", process.display_name), taken, process)


class CollectionAssignmentPreviewLine(models.TransientModel):
    _name = "collection.assignment.preview.line"
    _description = "Collections Process Assignment Preview Line"
    _order = "partner_id"

    preview_id = fields.Many2one("collection.assignment.preview", required=True,
                                 ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    process_id = fields.Many2one("collection.process", string="Process", readonly=True)
    source = fields.Selection(ASSIGNMENT_SOURCES, string="Assigned By", readonly=True)
    rank = fields.Integer(readonly=True)
    reason = fields.Char(readonly=True)
