# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The amounts a performance snapshot's customers paid in its month (to its
date), by the last process step taken, and by the last reminder level issued,
for the customer on or before each payment (``engine.kpi.attribute_collected``)."""

from odoo import fields, models

from ..engine import vocabulary


class CollectionKpiCollected(models.Model):
    _name = "collection.kpi.collected"
    _description = "Collections Performance: Collected After a Step or Level"
    _order = "snapshot_id, source, reminder_level, step_id, id"

    snapshot_id = fields.Many2one("collection.kpi.snapshot", required=True, index=True,
                                  ondelete="cascade", readonly=True)
    date = fields.Date(related="snapshot_id.date", store=True)
    company_id = fields.Many2one(related="snapshot_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="snapshot_id.currency_id", store=True)
    dimension = fields.Selection(related="snapshot_id.dimension", store=True)
    pool_id = fields.Many2one(related="snapshot_id.pool_id", store=True)
    agent_id = fields.Many2one(related="snapshot_id.agent_id", store=True)
    process_id = fields.Many2one(related="snapshot_id.process_id", store=True)
    source = fields.Selection(vocabulary.KPI_COLLECTED_SOURCES, string="After", required=True,
                              readonly=True)
    step_id = fields.Many2one(
        "collection.process.step", string="Process Step", readonly=True, ondelete="set null",
        help="The last step taken for the customer before the payment; empty: none.")
    reminder_level = fields.Integer(
        readonly=True, help="The last reminder level issued to the customer before the "
        "payment; 0: none.")
    amount = fields.Monetary(string="Collected", readonly=True)
