# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Reminder automations: the ``statement`` action, which sends the customer
statements of account on the automation's cadence, to the customers of its
filters (its own filter on customers, and the automation's reminder terms
when it has some)."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from ..engine import dates, vocabulary
from ..engine import statement as statement_engine
from .collection_reminder_term import formula_error


class CollectionAutomationAction(models.Model):
    _inherit = "collection.automation.action"  # pylint: disable=consider-merging-classes-inherited

    statement_mode = fields.Selection(
        vocabulary.STATEMENT_MODES, string="Statement", default="period",
        help="The transactions of a period, or the items open as of a date.")
    statement_start_formula = fields.Char(
        string="Period Start", default="-CM-1M",
        help="Date formula applied to the run date: the first day of the period "
        "(-CM-1M: the first day of the previous month).")
    statement_end_formula = fields.Char(
        string="Period End", default="-CM-1D",
        help="Date formula applied to the run date: the last day of the period, or the "
        "date the open items are as of (-CM-1D: the last day of the previous month; "
        "empty: the run date).")
    statement_send_method = fields.Selection(
        vocabulary.STATEMENT_SEND_METHODS, string="Send Statements By", default="email")

    @api.depends("action_type")
    def _compute_filter_model(self):
        res = super()._compute_filter_model()
        for action in self.filtered(lambda a: a.action_type == "statement"):
            action.filter_model = "res.partner"
        return res

    @api.constrains("action_type", "statement_mode", "statement_start_formula",
                    "statement_end_formula")
    def _check_statement_formulas(self):
        for action in self.filtered(lambda a: a.action_type == "statement"):
            checks = [("statement_end_formula", action.statement_end_formula)]
            if action.statement_mode == "period":
                checks.append(("statement_start_formula", action.statement_start_formula))
            for name, formula in checks:
                if not (formula or "").strip():
                    continue
                try:
                    dates.validate(formula)
                except dates.DateFormulaError as error:
                    raise formula_error(
                        action._fields[name]._description_string(self.env), error) from error

    def _statement_period(self, date):
        """(start, end) of the statements of a run on ``date``."""
        self.ensure_one()
        if self.statement_mode == "open_items":
            end = self.statement_end_formula
            return False, dates.apply(end, date) if (end or "").strip() else date
        try:
            return statement_engine.period_from_formulas(
                date, self.statement_start_formula, self.statement_end_formula)
        except ValueError as error:
            raise UserError(str(error)) from error

    def _statement_customers(self):
        """The commercial entities the action's filters select."""
        self.ensure_one()
        automation = self.automation_id
        domain = self._filter()
        if automation.term_ids:
            domain = expression.AND([domain, [
                ("collection_reminder_term_id", "in", automation.term_ids.ids)]])
        partners = self.env["res.partner"].with_company(automation.company_id).search(domain)
        return partners.commercial_partner_id

    def _execute_statement(self, date, log):
        date_from, date_to = self._statement_period(date)
        customers = self._statement_customers()
        statements = self.env["collection.statement"].with_company(
            self.automation_id.company_id)._collection_send_statements(
            customers, self.statement_mode, date_from, date_to,
            self.statement_send_method or "email", automation=self.automation_id,
            skip_empty=True)
        failed = statements.filtered(lambda s: s.state == "failed")
        log.write({
            "sent_count": len(statements) - len(failed),
            "skipped_count": len(customers) - len(statements),
            "failed_count": len(failed),
            "line_ids": [(0, 0, {
                "severity": "error",
                "partner_id": statement.partner_id.id,
                "message": statement.error,
            }) for statement in failed],
        })
        return bool(failed)
