# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The workspace shows what the process and the reminders produce."""

import io

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import format_date
from odoo.tools.pdf import PdfReader

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

    def test_simulation_is_named_after_its_processes_and_date(self):
        """The simulation screen's title (and breadcrumb): not "collection.simulation,2"."""
        action = self.process.with_user(self.agent).action_simulate()
        simulation = self.env["collection.simulation"].with_user(self.agent).browse(
            action["res_id"])
        self.assertEqual(simulation.display_name,
                         f"Simulation of WS process on {format_date(simulation.env, self.today)}")


@tagged("post_install", "-at_install")
class TestWorkspaceManagerActions(WorkspaceCase):
    """Write-off and NSF payment post entries: Collections Managers only, and an
    agent gets a message naming the action, never a raw access error."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.inv_a = cls.invoice(cls.c0, 700.0, 40)
        cls.inv_b = cls.invoice(cls.c0, 300.0, 10)

    def assertRefused(self, call, action_name):
        with self.assertRaises(UserError) as caught:
            call()
        self.assertIs(type(caught.exception), UserError, "not a raw access error")
        message = str(caught.exception)
        self.assertIn(action_name, message)
        self.assertIn("Collections Managers", message)
        self.assertNotIn("collection.write.off.wizard", message)
        self.assertNotIn("collection.nsf.wizard", message)

    def test_agent_is_refused_write_off_and_nsf_payment(self):
        self.pay(self.inv_b)
        payment = self.env["account.payment"].search([("partner_id", "=", self.c0.id)])
        self.assertEqual(len(payment), 1)
        as_agent = self.inv_a.with_user(self.agent)
        self.assertRefused(as_agent.action_collection_write_off, "Write off")
        self.assertRefused(self.inv_b.with_user(self.agent).action_collection_nsf_payment,
                           "NSF payment")
        self.assertRefused(payment.with_user(self.agent).action_collection_nsf_payment,
                           "NSF payment")
        # A manager gets the wizards.
        self.assertEqual(self.inv_a.with_user(self.manager).action_collection_write_off()[
            "res_model"], "collection.write.off.wizard")
        self.assertEqual(self.inv_b.with_user(self.manager).action_collection_nsf_payment()[
            "res_model"], "collection.nsf.wizard")

    def test_reprint_two_invoices_is_one_pdf(self):
        """Each invoice rendered by wkhtmltopdf on its own, the PDFs merged."""
        moves = (self.inv_a | self.inv_b).with_user(self.agent).with_context(
            force_report_rendering=True)
        # wkhtmltopdf fetches the styles from report.url: not from this
        # process's own server (odoo-bin --test-enable runs one), whose request
        # would wait for this test's uncommitted transaction, forever.
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        pdf, content_type = moves._collection_reprint_pdf()
        self.assertEqual(content_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        # Rendering both in one wkhtmltopdf call is what failed (an empty PDF with
        # Debian's wkhtmltopdf): here each invoice gives its own page(s).
        self.assertGreaterEqual(len(PdfReader(io.BytesIO(pdf)).pages), 2)
        for move in self.inv_a | self.inv_b:
            self.assertTrue(any("reprinted" in (body or "")
                                for body in move.message_ids.mapped("body")))

