# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Reminder automations: the log of each run and action, and its detail lines."""

from odoo import api, fields, models

from ..engine import vocabulary

# The records an action goes through: customers (create), reminders (issue, send).
RECORD_MODELS = [("res.partner", "Customer"), ("collection.reminder", "Reminder")]


class CollectionAutomationLog(models.Model):
    """One row per automation run and action."""

    _name = "collection.automation.log"
    _description = "Reminder Automation Log Entry"
    _order = "start desc, id desc"

    automation_id = fields.Many2one(
        "collection.automation", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="automation_id.company_id", store=True)
    action_id = fields.Many2one(
        "collection.automation.action", string="Automation Action", ondelete="set null"
    )
    action_type = fields.Selection(
        vocabulary.AUTOMATION_ACTION_TYPES, string="Action", store=True,
        compute="_compute_action_type",
    )
    run_date = fields.Date(required=True)
    start = fields.Datetime(required=True, default=fields.Datetime.now)
    end = fields.Datetime()
    state = fields.Selection(vocabulary.LOG_STATES, default="running", required=True)
    created_count = fields.Integer(string="Created")
    issued_count = fields.Integer(string="Issued")
    sent_count = fields.Integer(string="Sent")
    skipped_count = fields.Integer(string="Skipped")
    failed_count = fields.Integer(string="Failed")
    processed_count = fields.Integer(
        string="Records Processed",
        help="The customers (create) or reminders (issue, send) the action went through, "
        "as committed.",
    )
    last_record_ref = fields.Reference(
        RECORD_MODELS, string="Last Record Processed",
        help="The last customer or reminder the action committed: after a failure, the "
        "next run resumes after it.",
    )
    interrupted = fields.Boolean(
        readonly=True,
        help="The action stopped before the end of its records (an error or the end of the "
        "process): the next run of the automation resumes after the last record processed.",
    )
    resumed_from_id = fields.Many2one(
        "collection.automation.log", string="Resumes", readonly=True, ondelete="set null",
        help="The interrupted log entry this run resumed, after its last record processed.",
    )
    message = fields.Text()
    line_ids = fields.One2many("collection.automation.log.line", "log_id", string="Details")

    @api.depends("action_id.action_type")
    def _compute_action_type(self):
        for log in self:
            log.action_type = log.action_id.action_type or log.action_type

    def _resume_after(self):
        """The id of the last record this log's action committed, when the
        action was interrupted: the next run starts after it (0: from the start,
        also for no log)."""
        log = self[:1]
        if log.interrupted and log.last_record_ref:
            return log.last_record_ref.id
        return 0

    def _count_processed(self, records):
        """Add ``records`` (processed, in order) to the log: their number and the last one."""
        if records:
            self.write({
                "processed_count": self.processed_count + len(records),
                "last_record_ref": f"{records._name},{records[-1].id}",
            })


class CollectionAutomationLogLine(models.Model):
    """An error or a skip of an automation run, with the customer and document."""

    _name = "collection.automation.log.line"
    _description = "Reminder Automation Log Detail"
    _order = "id"

    log_id = fields.Many2one(
        "collection.automation.log", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="log_id.company_id", store=True)
    severity = fields.Selection(
        [("skip", "Skipped"), ("error", "Error")], required=True, default="error"
    )
    partner_id = fields.Many2one("res.partner", string="Customer")
    reminder_id = fields.Many2one("collection.reminder", string="Reminder", ondelete="set null")
    message = fields.Text()
