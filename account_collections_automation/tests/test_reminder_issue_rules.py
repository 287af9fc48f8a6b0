# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Issue rules (Business Central's issue action): the posting date and the
VAT date each keep the reminder's date or take the issuing date, optionally
shifted by a date formula; the fee and interest entry is dated on the posting
date. Reminders created by a Collections Agent, issued by a Collections
Manager's automation, in two companies."""

from datetime import date, datetime, timedelta

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import freeze_time, tagged

from .test_reminders import TODAY, ReminderCommon

MODULE = "account_collections_automation"
CREATED = TODAY - timedelta(days=3)  # 2025-03-07


@tagged("post_install", "-at_install")
class TestReminderIssueRules(ReminderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        companies = cls.company_a | cls.company_b
        cls.agent = cls.env["res.users"].sudo().create({
            "name": "Issue Agent", "login": "issue_agent",
            "company_id": cls.company_a.id, "company_ids": [Command.set(companies.ids)],
            "groups_id": [Command.set([cls.env.ref(f"{MODULE}.group_collections_agent").id])],
        })
        company_b = cls.company_b.sudo()
        journal_b = cls.env["account.journal"].sudo().search(
            [("company_id", "=", company_b.id), ("type", "=", "general")], limit=1)
        income_b = cls.env["account.account"].sudo().search([
            *cls.env["account.account"]._check_company_domain(company_b),
            ("account_type", "=", "income")], limit=1)
        company_b.write({
            "collection_reminder_journal_id": journal_b.id,
            "collection_fee_account_id": income_b.id,
            "collection_interest_account_id": income_b.id,
        })

    def _env(self, company, user=None):
        return self.env(user=user or self.env.user, context=dict(
            self.env.context, allowed_company_ids=company.ids))

    def _setup(self, company):
        """A one-level term with a fee and interest, a customer with an
        invoice 20 days overdue, and a reminder the agent created on CREATED."""
        env = self._env(company)
        term = env["collection.reminder.term"].create({
            "name": f"Issue rules {company.name}",
            "company_id": company.id,
            "level_ids": [Command.create({
                "level": 1, "grace_period": "0D", "due_date_formula": "10D",
                "additional_fee": 5.0, "calculate_interest": True, "interest_rate": 10.0,
            })],
        })
        customer = self._customer(f"Issue customer {company.name}", term, company=company)
        self._invoice(customer, TODAY - timedelta(days=20), 100, company=company)
        agent_env = self._env(company, self.agent)
        reminder = agent_env["collection.reminder"].create_reminders(
            customer.with_env(agent_env), date=CREATED)
        self.assertEqual((reminder.date, reminder.due_date), (CREATED, date(2025, 3, 17)))
        return reminder.with_env(env)

    def _run_issue(self, company, **rules):
        automation = self._env(company)["collection.automation"].create({
            "name": f"Issue {company.name}",
            "company_id": company.id,
            "action_ids": [Command.create({
                "action_type": "issue", "include_other_reminders": True, **rules})],
        })
        with freeze_time(datetime.combine(TODAY, datetime.min.time()) + timedelta(hours=9)):
            logs = automation.run(TODAY)
        self.assertEqual((logs.state, logs.issued_count), ("done", 1), logs.message)
        return automation

    def _assert_posted(self, reminder, posting_date, vat_date, due_date):
        self.assertEqual(reminder.state, "issued")
        self.assertEqual((reminder.posting_date, reminder.vat_date, reminder.due_date),
                         (posting_date, vat_date, due_date))
        move = reminder.fee_move_id
        self.assertEqual((move.state, move.date), ("posted", posting_date))
        self.assertEqual(set(move.line_ids.mapped("date")), {posting_date})
        receivable = move.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable")
        self.assertEqual(receivable.date_maturity, due_date)
        self.assertAlmostEqual(receivable.debit, reminder.fee_amount + reminder.interest_amount)
        self.assertEqual(reminder.fee_amount, 5.0)
        self.assertGreater(reminder.interest_amount, 0.0)

    def test_keep_the_reminder_dates_shifted_by_formulas(self):
        """Kept dates: the posting date is the reminder's date shifted to the
        end of its month, the VAT date the reminder's; the due date moves by
        as many days as the posting date (24)."""
        for company in (self.company_a, self.company_b):
            with self.subTest(company=company.name):
                reminder = self._setup(company)
                self._run_issue(company, posting_date_formula="CM")
                self._assert_posted(reminder, date(2025, 3, 31), CREATED, date(2025, 4, 10))

    def test_take_the_issuing_date_shifted_by_formulas(self):
        """Replaced dates: the posting date is the issuing date, the VAT date
        the issuing date plus one day; the due date moves by 3 days."""
        for company in (self.company_a, self.company_b):
            with self.subTest(company=company.name):
                reminder = self._setup(company)
                self._run_issue(company, replace_posting_date=True, replace_vat_date=True,
                                vat_date_formula="1D")
                self._assert_posted(reminder, TODAY, date(2025, 3, 11), date(2025, 3, 20))

    def test_invalid_formula_is_refused_naming_field_and_value(self):
        automation = self._run_issue_setup_only()
        action = automation.action_ids
        with self.refused(ValidationError, r"Posting Date Formula: '5X' is not a valid"):
            action.write({"posting_date_formula": "5X"})
        with self.refused(ValidationError, r"VAT Date Formula: 'CM\+' is not a valid"):
            action.write({"vat_date_formula": "CM+"})
        self.assertFalse(action.posting_date_formula or action.vat_date_formula)
        # An agent reads the rules but does not change them.
        with self.assertRaises(AccessError):
            action.with_user(self.agent).write({"posting_date_formula": "CM"})
        self.assertFalse(action.with_user(self.agent).posting_date_formula)

    def _run_issue_setup_only(self):
        return self.env["collection.automation"].create({
            "name": "Issue rules setup",
            "action_ids": [Command.create({"action_type": "issue"})],
        })
