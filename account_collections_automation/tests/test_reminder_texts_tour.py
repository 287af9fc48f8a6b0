# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

AGENT = "account_collections_automation.group_collections_agent"


@tagged("post_install", "-at_install")
class TestReminderTextsTour(HttpCase):
    """"Update Texts" and the automation's errors, clicked in a browser by a
    Collections Agent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.context_today(cls.env.user)
        cls.term = cls.env["collection.reminder.term"].create({
            "name": "Texts Tour Terms",
            "level_ids": [Command.create({
                "level": 1, "grace_period": "0D", "due_date_formula": "10D",
                "additional_fee": 5.0,
                "beginning_text": "<p>Tour first wording {level}</p>"})],
        })
        cls.customers = cls.env["res.partner"].create([{
            "name": f"Texts Tour Customer {index}", "is_company": True, "customer_rank": 1,
            "lang": "en_US", "collection_reminder_term_id": cls.term.id,
        } for index in range(2)])
        cls.env["account.move"].create([{
            "move_type": "out_invoice", "partner_id": customer.id,
            "invoice_date": today - timedelta(days=40),
            "invoice_date_due": today - timedelta(days=10),
            "invoice_line_ids": [Command.create(
                {"name": "x", "quantity": 1, "price_unit": 100, "tax_ids": []})],
        } for customer in cls.customers]).action_post()
        cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Texts Tour Agent", "login": "texts_tour_agent",
            "password": "texts_tour_agent_pw", "email": "texts_tour_agent@example.com",
            "groups_id": [Command.set([cls.env.ref("base.group_user").id,
                                       cls.env.ref(AGENT).id])],
        })

    def test_update_texts_tour(self):
        reminder = self.env["collection.reminder"].create_reminders(self.customers[0])
        self.assertIn("Tour first wording 1", reminder.beginning_text)
        self.term.level_ids.beginning_text = "<p>Tour new wording {level}</p>"
        self.assertIn("Tour first wording 1", reminder.beginning_text, "kept until updated")
        self.start_tour(
            f"/odoo/action-account_collections_automation.collection_reminder_action/{reminder.id}",
            "collections_reminder_texts_tour", login="texts_tour_agent")
        reminder.invalidate_recordset()
        self.assertIn("Tour new wording 1", reminder.beginning_text)

    def test_automation_errors_tour(self):
        # No reminder journal: issuing the fee of each reminder fails.
        self.env.company.collection_reminder_journal_id = False
        automation = self.env["collection.automation"].create({
            "name": "Errors Tour", "term_ids": [Command.set(self.term.ids)],
            "action_ids": [Command.create({"sequence": 1, "action_type": "create"}),
                           Command.create({"sequence": 2, "action_type": "issue"})],
        })
        automation.run()
        self.assertEqual(automation.open_error_count, 2)
        self.start_tour(
            f"/odoo/action-account_collections_automation.collection_automation_action/"
            f"{automation.id}",
            "collections_automation_errors_tour", login="texts_tour_agent")
        automation.invalidate_recordset()
        self.assertEqual(automation.open_error_count, 1)
        self.assertEqual(automation.error_ids.filtered("dismissed").dismissed_uid.login,
                         "texts_tour_agent")
