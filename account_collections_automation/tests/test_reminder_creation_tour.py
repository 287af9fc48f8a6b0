# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

AGENT = "account_collections_automation.group_collections_agent"


@tagged("post_install", "-at_install")
class TestCreateRemindersTour(HttpCase):
    """The Create Reminders menu, clicked in a browser by a Collections Agent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.context_today(cls.env.user)
        cls.term = cls.env["collection.reminder.term"].create({
            "name": "Tour Terms",
            "level_ids": [Command.create({"level": 1, "grace_period": "0D",
                                          "due_date_formula": "10D"})],
        })
        cls.customer, cls.paid = cls.env["res.partner"].create([
            {"name": "Tour Reminder Customer", "is_company": True, "customer_rank": 1},
            {"name": "Tour Paid Customer", "is_company": True, "customer_rank": 1},
        ])
        (cls.customer | cls.paid).write({"collection_reminder_term_id": cls.term.id})
        cls.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": cls.customer.id,
            "invoice_date": today - timedelta(days=40),
            "invoice_date_due": today - timedelta(days=10),
            "invoice_line_ids": [Command.create(
                {"name": "x", "quantity": 1, "price_unit": 100, "tax_ids": []})],
        }).action_post()
        cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Reminder Tour Agent", "login": "reminder_tour_agent",
            "password": "reminder_tour_agent_pw", "email": "reminder_tour_agent@example.com",
            "groups_id": [Command.set([cls.env.ref("base.group_user").id,
                                       cls.env.ref(AGENT).id])],
        })

    def test_create_reminders_tour(self):
        Reminder = self.env["collection.reminder"]
        self.start_tour("/odoo", "collections_create_reminders_tour",
                        login="reminder_tour_agent")
        created = Reminder.search([("term_id", "=", self.term.id)])
        self.assertEqual(created.partner_id, self.customer)
        self.assertEqual((created.state, created.automation_id.id), ("draft", False))
        self.assertEqual(created.create_uid.login, "reminder_tour_agent")
