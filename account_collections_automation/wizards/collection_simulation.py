# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, fields, models
from odoo.tools import format_date

from ..engine import vocabulary


class CollectionSimulation(models.TransientModel):
    """Process simulation: the actions a run would take on a date, taking none."""

    _name = "collection.simulation"
    _description = "Collections Process Simulation"

    date = fields.Date(required=True, default=fields.Date.context_today)
    process_ids = fields.Many2many("collection.process", string="Processes")
    line_ids = fields.One2many("collection.simulation.line", "simulation_id", readonly=True)
    line_count = fields.Integer(compute="_compute_line_count", string="Actions")

    @api.depends("date", "process_ids")
    def _compute_display_name(self):
        for simulation in self:
            simulation.display_name = _(
                "Simulation of %(processes)s on %(date)s",
                processes=", ".join(simulation.process_ids.mapped("name"))
                or _("all processes"),
                date=format_date(self.env, simulation.date),
            )

    @api.depends("line_ids")
    def _compute_line_count(self):
        for simulation in self:
            simulation.line_count = len(simulation.line_ids)

    @api.model
    def _open_for(self, processes):
        simulation = self.create({"process_ids": [fields.Command.set(processes.ids)]})
        simulation.action_simulate()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": simulation.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_simulate(self):
        self.ensure_one()
        rows = self.process_ids.simulate(self.date)
        self.line_ids = [fields.Command.clear()] + [
            fields.Command.create({key: row[key] for key in (
                "partner_id", "process_id", "step_id", "move_id", "action_type", "kind",
                "reason")})
            for row in rows
        ]
        return True


class CollectionSimulationLine(models.TransientModel):
    _name = "collection.simulation.line"
    _description = "Collections Process Simulation Line"
    _order = "process_id, partner_id, id"

    simulation_id = fields.Many2one("collection.simulation", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    process_id = fields.Many2one("collection.process", string="Process", readonly=True)
    step_id = fields.Many2one("collection.process.step", string="Step", readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    invoice_date_due = fields.Date(related="move_id.invoice_date_due", string="Due Date")
    amount_residual = fields.Monetary(related="move_id.amount_residual", string="Amount Due",
                                      currency_field="currency_id")
    currency_id = fields.Many2one(related="move_id.currency_id")
    action_type = fields.Selection(vocabulary.ACTION_TYPES, readonly=True)
    kind = fields.Selection(vocabulary.DECISION_KINDS, readonly=True)
    reason = fields.Char(readonly=True)
