# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import date, timedelta

from odoo import Command
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestProcessLetterIssuesReminders(TransactionCase):
    """A letter step with a reminder level issues a reminder at that level."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.today = date(2026, 6, 30)
        manager_group = cls.env.ref("account_collections_automation.group_collections_manager")
        cls.manager = cls.env["res.users"].create({
            "name": "Letter Manager", "login": "letter_manager",
            "groups_id": [Command.set([manager_group.id, cls.env.ref("base.group_user").id])],
            "company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)],
        })
        fee_account = cls.env["account.account"].search([
            ("company_ids", "in", cls.company.id), ("account_type", "=", "income_other")], limit=1)
        journal = cls.env["account.journal"].search([
            ("company_id", "=", cls.company.id), ("type", "=", "general")], limit=1)
        cls.company.write({
            "collection_reminder_journal_id": journal.id,
            "collection_fee_account_id": fee_account.id,
            "collection_interest_account_id": fee_account.id,
        })
        cls.term = cls.env["collection.reminder.term"].create({
            "name": "Letter terms",
            "level_ids": [
                Command.create({"level": 1, "grace_period": "30D", "additional_fee": 0}),
                Command.create({"level": 2, "grace_period": "30D", "additional_fee": 15}),
            ],
        })
        cls.level_2 = cls.term.level_ids.filtered(lambda level: level.level == 2)
        cls.pool = cls.env["collection.pool"].create({
            "name": "Letter pool", "partner_domain": "[('name', 'like', 'Letter customer')]"})
        cls.process = cls.env["collection.process"].create({
            "name": "Letters", "pool_id": cls.pool.id, "rank": 77,
            "step_ids": [
                Command.create({"name": "Reminder letter", "action_type": "letter",
                                "timing": "after", "days": 10,
                                "reminder_level_id": cls.level_2.id}),
            ],
        })
        cls.customer = cls.env["res.partner"].create({
            "name": "Letter customer A", "is_company": True, "customer_rank": 1,
            "email": "a@letter.example.com"})
        cls.plain = cls.env["res.partner"].create({
            "name": "Letter customer B", "is_company": True, "customer_rank": 1,
            "email": "b@letter.example.com"})
        invoices = cls.env["account.move"].create([{
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_date": cls.today - timedelta(days=60),
            "invoice_date_due": cls.today - timedelta(days=20),
            "invoice_line_ids": [Command.create(
                {"name": "Goods", "quantity": 1, "price_unit": 400, "tax_ids": []})],
        } for partner in (cls.customer, cls.plain)])
        invoices.action_post()
        cls.invoice = invoices[0]

    def _run(self):
        """A run, then its letters as the document queue makes them."""
        actions = self.process.with_user(self.manager).run(self.today)
        self.env["collection.action"]._collection_produce_documents(actions.ids)
        return actions

    def test_letter_step_issues_a_reminder_at_its_level(self):
        actions = self._run()
        action = actions.filtered(lambda a: a.partner_id == self.customer)
        self.assertEqual(action.state, "done", action.error)
        reminder = action.reminder_id
        self.assertTrue(reminder, "the letter is a reminder")
        self.assertEqual(reminder.state, "issued")
        self.assertEqual(reminder.level_id, self.level_2)
        self.assertEqual(reminder.fee_amount, 15.0)
        self.assertTrue(reminder.fee_move_id, "the fee is posted")
        self.assertEqual(self.invoice.collection_reminder_level, 2)
        # Both customers got their own reminder, and the next run repeats nothing.
        self.assertEqual(len(actions.reminder_id), 2)
        self.assertFalse(self._run())
        self.assertEqual(
            self.env["collection.reminder"].search_count([("partner_id", "=", self.customer.id)]),
            1)

    def test_simulation_shows_the_letter_without_issuing(self):
        planned = self.process.with_user(self.manager).simulate(self.today)
        self.assertEqual({p["partner_id"] for p in planned}, {self.customer.id, self.plain.id})
        self.assertEqual({p["action_type"] for p in planned}, {"letter"})
        self.assertFalse(self.env["collection.reminder"].search(
            [("partner_id", "in", (self.customer.id, self.plain.id))]))

    def test_without_anything_left_to_remind_the_letter_lists_open_items(self):
        # Already at level 2: no reminder to issue at level 2, a plain letter instead.
        self.invoice.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        ).write({"collection_reminder_level": 2,
                 "collection_last_reminder_date": self.today - timedelta(days=1)})
        actions = self._run()
        action = actions.filtered(lambda a: a.partner_id == self.customer)
        self.assertEqual(action.state, "done", action.error)
        self.assertFalse(action.reminder_id)
        self.assertTrue(action.attachment_id, "a letter listing the open items")
