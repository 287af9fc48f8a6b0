# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Compare strategies: what a process would do differently from another
process, or from itself with edited settings not saved yet, customer by
customer, with counts per kind of change (``collection.process.simulate_diff``)."""

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..engine import strategy, vocabulary

STEP_VALUES = ("sequence", "name", "action_type", "timing", "days", "pre_reminder")
SETTINGS = ("rank", "quiet_days", "exclude_mode", "exclude_amount", "use_prediction",
            "track_step", "exclude_after_last_step")


class CollectionProcessDiff(models.TransientModel):
    _name = "collection.process.diff"
    _description = "Collections Process: Compare Strategies"

    process_id = fields.Many2one("collection.process", required=True, readonly=True,
                                 ondelete="cascade")
    company_id = fields.Many2one(related="process_id.company_id")
    currency_id = fields.Many2one(related="process_id.company_currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    compare_with = fields.Selection(
        [("edit", "Edited settings of this process"), ("process", "Another process")],
        required=True, default="edit")
    other_process_id = fields.Many2one(
        "collection.process", string="Other Process",
        domain="[('company_id', '=', company_id), ('id', '!=', process_id)]")
    rank = fields.Integer()
    pool_id = fields.Many2one("collection.pool", string="Customer Pool",
                              domain="[('company_id', '=', company_id)]")
    quiet_days = fields.Integer()
    exclude_mode = fields.Selection(vocabulary.EXCLUDE_MODES, string="Exclude from Process",
                                    required=True, default="none")
    exclude_amount = fields.Monetary(string="Exclusion Amount")
    use_prediction = fields.Boolean()
    track_step = fields.Boolean()
    exclude_after_last_step = fields.Boolean()
    step_ids = fields.One2many("collection.process.diff.step", "diff_id", string="Steps")
    line_ids = fields.One2many("collection.process.diff.line", "diff_id", readonly=True,
                               string="Differences")
    compared = fields.Boolean(readonly=True)
    count_only_this = fields.Integer(string="Only this process acts", readonly=True)
    count_only_other = fields.Integer(string="Only the other acts", readonly=True)
    count_step = fields.Integer(string="Other step", readonly=True)
    count_action_type = fields.Integer(string="Other action type", readonly=True)
    count_date = fields.Integer(string="Other date", readonly=True)
    count_items = fields.Integer(string="Other items covered", readonly=True)

    @api.model
    def _open_for(self, process):
        wizard = self.create({
            "process_id": process.id,
            "pool_id": process.pool_id.id,
            **{name: process[name] for name in SETTINGS},
            "step_ids": [Command.create({"step_id": step.id, **{
                name: step[name] for name in STEP_VALUES}}) for step in process.step_ids],
        })
        return wizard._reopen()

    def _reopen(self):
        return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
                "view_mode": "form", "target": "new", "name": _("Compare Strategies")}

    def _edited_values(self):
        """The wizard's settings as ``simulate_diff``'s dict of unsaved values."""
        process = self.process_id
        values = {name: self[name] for name in SETTINGS if self[name] != process[name]}
        if self.pool_id != process.pool_id:
            values["pool_id"] = self.pool_id.id
        commands = []
        for line in self.step_ids:
            line_values = {name: line[name] for name in STEP_VALUES}
            if not line.step_id:
                commands.append(Command.create(line_values))
                continue
            changed = {name: value for name, value in line_values.items()
                       if value != line.step_id[name]}
            if changed:
                commands.append(Command.update(line.step_id.id, changed))
        for step in process.step_ids - self.step_ids.step_id:
            commands.append(Command.delete(step.id))
        if commands:
            values["step_ids"] = commands
        return values

    def action_compare(self):
        self.ensure_one()
        if self.compare_with == "process":
            if not self.other_process_id:
                raise UserError(_("Other Process: choose the process to compare with."))
            rows = self.process_id.simulate_diff(self.other_process_id, self.date)
        else:
            rows = self.process_id.simulate_diff(self._edited_values(), self.date)
        moves = self.env["account.move"].browse(
            {move_id for row in rows for side in ("this", "other") if row[side]
             for move_id in row[side]["move_ids"]})
        names = {move.id: move.display_name for move in moves}

        def side(row, key):
            outlook = row[key] or {}
            return {f"step_{key}": outlook.get("step", False),
                    f"action_type_{key}": outlook.get("action_type", False),
                    f"date_{key}": outlook.get("date", False),
                    f"items_{key}": ", ".join(names[m] for m in outlook.get("move_ids", []))}

        counts = strategy.count_changes(row["changes"] for row in rows)
        self.write({
            "compared": True,
            "line_ids": [Command.clear()] + [Command.create({
                "partner_id": row["partner_id"],
                **{f"change_{kind}": kind in row["changes"] for kind in counts},
                **side(row, "this"), **side(row, "other")}) for row in rows],
            **{f"count_{kind}": count for kind, count in counts.items()},
        })
        return self._reopen()


class CollectionProcessDiffStep(models.TransientModel):
    _name = "collection.process.diff.step"
    _description = "Collections Process: Compare Strategies, Edited Step"
    _order = "sequence, id"

    diff_id = fields.Many2one("collection.process.diff", required=True, ondelete="cascade")
    step_id = fields.Many2one("collection.process.step", readonly=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    action_type = fields.Selection(vocabulary.ACTION_TYPES, required=True, default="activity")
    timing = fields.Selection(vocabulary.TIMINGS, string="When", required=True,
                              default="after")
    days = fields.Integer()
    pre_reminder = fields.Boolean()


class CollectionProcessDiffLine(models.TransientModel):
    _name = "collection.process.diff.line"
    _description = "Collections Process: Compare Strategies, Difference"
    _order = "id"

    diff_id = fields.Many2one("collection.process.diff", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    change_only_this = fields.Boolean(string="Only This Acts", readonly=True)
    change_only_other = fields.Boolean(string="Only Other Acts", readonly=True)
    change_step = fields.Boolean(string="Step Differs", readonly=True)
    change_action_type = fields.Boolean(string="Action Differs", readonly=True)
    change_date = fields.Boolean(string="Date Differs", readonly=True)
    change_items = fields.Boolean(string="Invoices Differ", readonly=True)
    step_this = fields.Char(string="This Process: Step", readonly=True)
    action_type_this = fields.Selection(vocabulary.ACTION_TYPES, string="This Process: Action",
                                        readonly=True)
    date_this = fields.Date(string="This Process: Date", readonly=True)
    items_this = fields.Char(string="This Process: Invoices", readonly=True)
    step_other = fields.Char(string="Other: Step", readonly=True)
    action_type_other = fields.Selection(vocabulary.ACTION_TYPES, string="Other: Action",
                                         readonly=True)
    date_other = fields.Date(string="Other: Date", readonly=True)
    items_other = fields.Char(string="Other: Invoices", readonly=True)
