# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Collection letters as Dynamics 365 does them: a letter step on a reminder
term (the collection letter sequence) issues the customer's next level; a
level with the Block flag puts the customer's account on hold and says so in
the chatter; a letter lists every eligible item. In two companies, run by a
Collections Manager, simulated by a Collections Agent."""

from datetime import timedelta

from odoo import Command
from odoo.tests import tagged

from .common_two_companies import TwoCompaniesStatusCase


@tagged("post_install", "-at_install")
class TestProcessLetterSequence(TwoCompaniesStatusCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.terms = {}
        cls.processes = {}
        for company, pool in ((cls.company_a, cls.pool_a), (cls.company_b, cls.pool_b)):
            fee_account = cls.env["account.account"].search([
                ("company_ids", "in", company.id), ("account_type", "=", "income_other")],
                limit=1)
            journal = cls.env["account.journal"].search([
                ("company_id", "=", company.id), ("type", "=", "general")], limit=1)
            company.write({
                "collection_reminder_journal_id": journal.id,
                "collection_fee_account_id": fee_account.id,
                "collection_interest_account_id": fee_account.id,
            })
            term = cls.env["collection.reminder.term"].create({
                "name": f"Letter sequence {company.name}", "company_id": company.id,
                "level_ids": [
                    Command.create({"level": 1, "grace_period": "60D"}),
                    Command.create({"level": 2, "grace_period": "60D", "block_customer": True}),
                ],
            })
            cls.terms[company] = term
            cls.processes[company] = cls._process(f"Letters {company.name}", pool, 1, [
                {"sequence": 1, "name": "First letter", "action_type": "letter",
                 "timing": "after", "days": 10, "reminder_term_id": term.id},
                {"sequence": 2, "name": "Second letter", "action_type": "letter",
                 "timing": "after", "days": 30, "reminder_term_id": term.id},
            ], company=company)

    def _run(self, company, date):
        process = self.processes[company].with_user(self.manager).with_context(
            allowed_company_ids=company.ids)
        actions = process.run(date)
        self.env["collection.action"]._collection_produce_documents(actions.ids)
        return actions

    def test_letters_issue_the_next_level_and_the_block_level_puts_the_account_on_hold(self):
        for company in (self.company_a, self.company_b):
            with self.subTest(company=company.name):
                self._check_sequence(company)

    def _check_sequence(self, company):
        customer = self._customer(f"Sequence {company.name}")
        lead = self._invoice(customer, -20, amount=300.0, company=company)
        self._pay(lead, self.today - timedelta(days=2), amount=100.0)
        other = self._invoice(customer, -5, amount=80.0, company=company)
        disputed = self._invoice(customer, -12, amount=70.0, company=company)
        self._dispute(disputed, company)
        term = self.terms[company]
        level_1, level_2 = term.level_ids.sorted("level")
        rows = [row for row in self.processes[company].with_user(self.agent).with_context(
            allowed_company_ids=company.ids).simulate(self.today)
            if row["partner_id"] == customer.id]
        self.assertEqual([(row["action_type"], row["move_id"]) for row in rows],
                         [("letter", lead.id)])

        first = self._run(company, self.today).filtered(lambda a: a.partner_id == customer)
        self.assertEqual(first.state, "done", first.error)
        reminder = first.reminder_id
        self.assertEqual((reminder.state, reminder.level_id), ("issued", level_1),
                         "the first level: the customer had none")
        # Every eligible item, not only the leading one; not the disputed one.
        self.assertEqual(set(reminder.line_ids.move_id.ids), {lead.id, other.id})
        self.assertEqual(sum(reminder.line_ids.filtered("move_id").mapped("amount_residual")),
                         280.0)
        self.assertEqual(customer.collection_account_status, "active")

        later = self.today + timedelta(days=15)
        second = self._run(company, later).filtered(lambda a: a.partner_id == customer)
        self.assertEqual(second.step_id.name, "Second letter")
        self.assertEqual(second.state, "done", second.error)
        self.assertEqual(second.reminder_id.level_id, level_2, "the customer's next level")
        self.assertEqual(customer.collection_account_status, "on_hold", "level 2 blocks")
        notes = customer.message_ids.filtered(
            lambda m: second.reminder_id.name in (m.body or ""))
        self.assertTrue(notes, "the chatter says why the account is on hold")
        self.assertIn("on hold", str(notes[0].body))

    def test_a_level_without_block_leaves_the_account_alone(self):
        customer = self._customer("No Block")
        self._invoice(customer, -20, amount=100.0)
        self.terms[self.company_a].level_ids.write({"block_customer": False})
        action = self._run(self.company_a, self.today).filtered(
            lambda a: a.partner_id == customer)
        self.assertTrue(action.reminder_id)
        self.assertEqual(customer.collection_account_status, "active")
