# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    collection_aging_boundaries = fields.Char(
        related="company_id.collection_aging_boundaries", readonly=False
    )
    collection_prediction_activity_type_id = fields.Many2one(
        related="company_id.collection_prediction_activity_type_id", readonly=False)
    collection_prediction_summary = fields.Char(
        related="company_id.collection_prediction_summary", readonly=False)
    collection_prediction_very_late_days = fields.Integer(
        related="company_id.collection_prediction_very_late_days", readonly=False)
    collection_prediction_days_before = fields.Integer(
        related="company_id.collection_prediction_days_before", readonly=False)
    collection_reminder_journal_id = fields.Many2one(
        related="company_id.collection_reminder_journal_id", readonly=False
    )
    collection_fee_account_id = fields.Many2one(
        related="company_id.collection_fee_account_id", readonly=False
    )
    collection_interest_account_id = fields.Many2one(
        related="company_id.collection_interest_account_id", readonly=False
    )
    collection_history_retention_days = fields.Integer(
        related="company_id.collection_history_retention_days", readonly=False
    )

    # The ranked worklist's weights (res_company_worklist.py).
    collection_worklist_weight_overdue_amount = fields.Float(
        related="company_id.collection_worklist_weight_overdue_amount", readonly=False)
    collection_worklist_weight_overdue_age = fields.Float(
        related="company_id.collection_worklist_weight_overdue_age", readonly=False)
    collection_worklist_weight_risk = fields.Float(
        related="company_id.collection_worklist_weight_risk", readonly=False)
    collection_worklist_weight_broken_promises = fields.Float(
        related="company_id.collection_worklist_weight_broken_promises", readonly=False)
    collection_worklist_weight_no_contact = fields.Float(
        related="company_id.collection_worklist_weight_no_contact", readonly=False)
    collection_worklist_weight_activities_due = fields.Float(
        related="company_id.collection_worklist_weight_activities_due", readonly=False)
    collection_worklist_weight_predicted_lateness = fields.Float(
        related="company_id.collection_worklist_weight_predicted_lateness", readonly=False)

    # The customer's collections page (res_company_portal.py).
    collection_portal_promise_days = fields.Integer(
        related="company_id.collection_portal_promise_days", readonly=False)
    collection_portal_rate_limit = fields.Integer(
        related="company_id.collection_portal_rate_limit", readonly=False)
