# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Reminder automations: their open errors (smart button) and where a run
resumes after an interrupted one."""

from odoo import fields, models


class CollectionAutomation(models.Model):
    _inherit = "collection.automation"  # pylint: disable=consider-merging-classes-inherited

    error_ids = fields.One2many("collection.automation.error", "automation_id", string="Errors")
    open_error_count = fields.Integer(string="Open Errors", compute="_compute_open_error_count")

    def _compute_open_error_count(self):
        counts = dict(self.env["collection.automation.error"]._read_group(
            [("automation_id", "in", self.ids), ("dismissed", "=", False)],
            ["automation_id"], ["__count"]))
        for automation in self:
            automation.open_error_count = counts.get(automation, 0)

    def action_view_errors(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_collections_automation.collection_automation_error_action")
        action["domain"] = [("automation_id", "=", self.id)]
        action["context"] = {"search_default_open": 1, "default_automation_id": self.id}
        return action

    def _interrupted_log(self, action):
        """The log of ``action``'s last run when that run was interrupted: this
        run resumes after its last record processed (an empty recordset otherwise)."""
        last = self.env["collection.automation.log"].search(
            [("automation_id", "=", self.id), ("action_id", "=", action.id)],
            order="id desc", limit=1)
        return last if last._resume_after() else last.browse()

    def _log_interruption(self, log, message):
        """``log``'s action stopped before the end of its records: the next run
        resumes after its last record processed; the error goes to the list."""
        log.interrupted = True
        self.env["collection.automation.error"]._record(log, [(None, message)])
