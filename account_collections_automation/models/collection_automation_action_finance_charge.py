# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Reminder automations: the ``finance_charge`` action, which creates and
issues the finance charge memos of the customers of its filter (those with
finance charge terms) on the automation's cadence, with the posting date rule
of its issue settings."""

from odoo import api, models
from odoo.osv import expression


class CollectionAutomationAction(models.Model):
    _inherit = "collection.automation.action"  # pylint: disable=consider-merging-classes-inherited

    @api.depends("action_type")
    def _compute_filter_model(self):
        res = super()._compute_filter_model()
        for action in self.filtered(lambda a: a.action_type == "finance_charge"):
            action.filter_model = "res.partner"
        return res

    def _finance_charge_customers(self, resume_after=0):
        """The customers with finance charge terms the action's filter selects,
        by id (after ``resume_after`` when a run resumes an interrupted one)."""
        self.ensure_one()
        domain = [("collection_finance_charge_term_id", "!=", False)]
        if resume_after:
            domain.append(("id", ">", resume_after))
        return self.env["res.partner"].with_company(self.automation_id.company_id).search(
            expression.AND([self._filter(), domain]), order="id")

    def _execute_finance_charge(self, date, log):
        """Create the memos of the run's date and issue them: a memo that
        cannot be issued stays a draft, logged and listed with the errors."""
        automation = self.automation_id
        Memo = self.env["collection.finance.charge.memo"].with_company(automation.company_id)
        customers = self._finance_charge_customers(log.resumed_from_id._resume_after())
        memos, skips = Memo._create_memos(
            customers, date=date, extra_vals={"automation_id": automation.id})
        issued, failures = Memo.browse(), []
        rules = {"replace_posting_date": self.replace_posting_date,
                 "posting_date_formula": self.posting_date_formula or ""}
        for memo in memos:
            try:
                with self.env.cr.savepoint():
                    memo.action_issue(date, **rules)
                issued |= memo
            except Exception as error:  # noqa: BLE001 -- logged with the customer
                failures.append((memo.partner_id, str(error)))
        log.write({
            "created_count": len(memos),
            "issued_count": len(issued),
            "skipped_count": len(skips),
            "failed_count": len(failures),
            "line_ids": [(0, 0, {
                "severity": "error",
                "partner_id": partner.id,
                "message": message,
            }) for partner, message in failures],
        })
        log._count_processed(customers)
        self._record_errors(log, failures)
        return bool(failures)
