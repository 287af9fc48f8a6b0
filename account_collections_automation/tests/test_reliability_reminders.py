# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Reminder automations run twice for the same date: nothing new, whatever
the action (reminders, numbers, fee entries, e-mails, invoice levels)."""

from datetime import timedelta

from odoo.tests import tagged

from .test_reminders import TODAY, ReminderCommon


@tagged("post_install", "-at_install")
class TestReliabilityReminders(ReminderCommon):
    def _footprint(self, partners):
        reminders = self.env["collection.reminder"].search([("partner_id", "in", partners.ids)])
        return {
            "reminders": len(reminders),
            "issued": sorted(reminders.filtered(lambda r: r.state == "issued").mapped("name")),
            "fee_moves": self.env["account.move"].search_count(
                [("id", "in", reminders.fee_move_id.ids), ("state", "=", "posted")]),
            "sent": sorted(reminders.mapped("send_count")),
            "messages": self.env["mail.message"].search_count([
                ("model", "=", "collection.reminder"), ("res_id", "in", reminders.ids),
                ("message_type", "in", ("comment", "email"))]),
            "levels": sorted(reminders.line_ids.move_line_id.mapped("collection_reminder_level")),
        }

    def test_same_date_twice_creates_issues_posts_and_sends_nothing_new(self):
        second = self._customer("Second Customer", self.term)
        customers = self.customer | second
        for customer in customers:
            invoice = self._invoice(customer, TODAY - timedelta(days=20), 100)
            # Already at level 1: the next reminder, level 2, posts a fee.
            self._receivable(invoice).write({
                "collection_reminder_level": 1,
                "collection_last_reminder_date": TODAY - timedelta(days=15)})
        automation = self.env["collection.automation"].create({
            "name": "Twice", "term_ids": [(6, 0, self.term.ids)],
            "action_ids": [(0, 0, {"sequence": 1, "action_type": "create"}),
                           (0, 0, {"sequence": 2, "action_type": "issue"}),
                           (0, 0, {"sequence": 3, "action_type": "send"})],
        })
        first = automation.run(TODAY)
        self.assertEqual([log.state for log in first], ["done"] * 3,
                         first.line_ids.mapped("message"))
        footprint = self._footprint(customers)
        self.assertEqual(footprint["reminders"], 2)
        self.assertEqual(len(footprint["issued"]), 2, "numbered")
        self.assertEqual(footprint["fee_moves"], 2, "the level 2 fee posted")
        self.assertEqual(footprint["sent"], [1, 1])
        self.assertEqual(footprint["levels"], [2, 2])
        again = automation.run(TODAY)
        self.assertEqual((again[0].created_count, again[1].issued_count, again[2].sent_count),
                         (0, 0, 0))
        self.assertEqual(self._footprint(customers), footprint)
        # Nor a second automation over the same customers on that date.
        automation.copy({"name": "Twice again"}).run(TODAY)
        self.assertEqual(self._footprint(customers), footprint)
