# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The workspace shows what the process and the reminders produce."""

from odoo import Command
from odoo.tests import tagged

from .test_workspace import WorkspaceCase


@tagged("post_install", "-at_install")
class TestWorkspaceShowsProcessAndReminders(WorkspaceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice(cls.c0, 600.0, 20)
        cls.pool = cls.env["collection.pool"].create(
            {"name": "WS pool", "partner_domain": f"[('id', '=', {cls.c0.id})]"})
        cls.process = cls.env["collection.process"].create({
            "name": "WS process", "pool_id": cls.pool.id, "rank": 91,
            "step_ids": [
                Command.create({"name": "WS call", "action_type": "activity",
                                "timing": "after", "days": 10, "sequence": 1,
                                "activity_summary": "Call the customer"}),
                Command.create({"name": "WS letter", "action_type": "activity",
                                "timing": "after", "days": 45, "sequence": 2,
                                "activity_summary": "Last call"}),
            ],
        })
        cls.term = cls.env["collection.reminder.term"].create({
            "name": "WS terms",
            "level_ids": [Command.create({"level": 1, "grace_period": "5D"})],
        })
        cls.c0.with_company(cls.company).collection_reminder_term_id = cls.term

    def test_header_shows_process_next_step_and_reminder_level(self):
        Workspace = self.env["collection.workspace"].with_user(self.manager)
        header = Workspace.get_customer(self.c0.id)["header"]
        self.assertEqual(header["process"]["name"], "WS process")
        self.assertEqual(header["process"]["next_step"], "WS call")
        self.assertFalse(header["reminder_level"])

        self.process.with_user(self.manager).run(self.today)
        reminders = self.env["collection.reminder"].with_user(self.manager).create_reminders(
            self.c0, self.today)
        reminders.action_issue(self.today)

        data = Workspace.get_customer(self.c0.id)
        self.assertEqual(data["header"]["process"]["next_step"], "WS letter",
                         "the call is done: the letter comes next")
        self.assertEqual(data["header"]["reminder_level"], 1)
        kinds = {entry["kind"] for entry in data["timeline"]}
        self.assertIn("reminder", kinds)
        self.assertIn("collection_action", kinds)
        reminder_entry = next(e for e in data["timeline"] if e["kind"] == "reminder")
        self.assertEqual(reminder_entry["res_id"], reminders.id)
        self.assertEqual(reminder_entry["amount"], reminders.total_due)
        self.assertIn("reminder", {k["key"] for k in data["timeline_kinds"]})
