# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Reminder automations: what each run logs (records processed, the last
one, start and end, counts per action) and the list of errors per automation
(record, action, message, time) that users dismiss, with the count of open
ones on the automation. As a Collections Agent and a Collections Manager, in
two companies. The resume after a committed failure is in
``tests/e2e/test_automation_resume.py`` (Odoo's scheduler, real commits)."""

from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_reminders import TODAY, ReminderCommon

MODULE = "account_collections_automation"
AUTOMATION_LOGGER = f"odoo.addons.{MODULE}.models.collection_automation"


@tagged("post_install", "-at_install")
class TestAutomationErrors(ReminderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = cls.env["res.users"].sudo().create({
            "name": "Errors Agent", "login": "errors_agent",
            "company_id": cls.company_a.id, "company_ids": [Command.set(cls.company_a.ids)],
            "groups_id": [Command.set([cls.env.ref(f"{MODULE}.group_collections_agent").id])],
        })

    def _env(self, company):
        return self.env(context=dict(self.env.context, allowed_company_ids=company.ids))

    def _setup(self, company, customers=3):
        """A term posting a fee at level 1, ``customers`` overdue customers
        and an automation creating and issuing their reminders."""
        env = self._env(company)
        term = env["collection.reminder.term"].create({
            "name": f"Errors {company.name}", "company_id": company.id,
            "level_ids": [Command.create({"level": 1, "grace_period": "0D",
                                          "due_date_formula": "10D", "additional_fee": 5.0})],
        })
        partners = env["res.partner"].browse()
        for index in range(customers):
            partner = self._customer(f"Errors {company.id} {index}", term, company=company)
            self._invoice(partner, TODAY - timedelta(days=20), 100, company=company)
            partners |= partner
        automation = env["collection.automation"].create({
            "name": f"Errors {company.name}", "company_id": company.id,
            "term_ids": [Command.set(term.ids)],
            "action_ids": [Command.create({"sequence": 1, "action_type": "create"}),
                           Command.create({"sequence": 2, "action_type": "issue"})],
        })
        return automation, partners

    def test_run_logs_records_processed_last_record_times_and_counts(self):
        automation, partners = self._setup(self.company_a)
        create_log, issue_log = automation.run(TODAY)
        reminders = self.Reminder.search([("automation_id", "=", automation.id)])
        self.assertEqual(len(reminders), 3)
        self.assertEqual((create_log.state, create_log.created_count,
                          create_log.processed_count), ("done", 3, 3))
        self.assertEqual(create_log.last_record_ref, partners.sorted("id")[-1])
        self.assertEqual((issue_log.state, issue_log.issued_count, issue_log.processed_count),
                         ("done", 3, 3))
        self.assertEqual(issue_log.last_record_ref, reminders.sorted("id")[-1])
        for log in (create_log, issue_log):
            self.assertTrue(log.start and log.end and log.start <= log.end)
            self.assertFalse(log.interrupted or log.resumed_from_id)
        self.assertFalse(automation.open_error_count)

    def test_errors_listed_per_automation_and_dismissed(self):
        """Issuing fails for every reminder of company A (no reminder journal
        for its fee): one error per reminder on the automation's list; the
        agent and the manager dismiss them; company B's are apart."""
        automation, _partners = self._setup(self.company_a, customers=2)
        automation_b, _partners_b = self._setup(self.company_b, customers=1)
        self.company_a.sudo().collection_reminder_journal_id = False
        self.company_b.sudo().collection_reminder_journal_id = False
        _create, issue_log = automation.run(TODAY)
        automation_b.with_env(self._env(self.company_b)).run(TODAY)
        self.assertEqual((issue_log.issued_count, issue_log.failed_count), (0, 2))
        errors = automation.error_ids
        self.assertEqual(len(errors), 2)
        reminders = self.Reminder.search([("automation_id", "=", automation.id)])
        self.assertEqual({error.record_ref for error in errors}, set(reminders))
        self.assertEqual(set(errors.mapped("action_type")), {"issue"})
        self.assertEqual(errors.partner_id, reminders.partner_id)
        self.assertTrue(all("Reminder Journal" in error.message for error in errors))
        self.assertTrue(all(error.date for error in errors))
        self.assertEqual(automation.open_error_count, 2)

        # The agent of company A sees its errors (not company B's) and dismisses one.
        Error = self.env["collection.automation.error"].with_user(self.agent)
        visible = Error.search([])
        self.assertEqual(visible, errors.with_user(self.agent))
        visible[0].action_dismiss()
        self.assertEqual((visible[0].dismissed, visible[0].dismissed_uid),
                         (True, self.agent))
        automation.invalidate_recordset(["open_error_count"])
        self.assertEqual(automation.open_error_count, 1)
        with self.assertRaises(AccessError):
            visible[1].write({"message": "changed"})
        with self.assertRaises(AccessError):
            Error.browse(automation_b.error_ids.ids).action_dismiss()
        self.assertFalse(automation_b.with_env(self._env(self.company_b)).error_ids.dismissed)

        # The manager dismisses the other; the smart button's list shows open ones.
        action = automation.action_view_errors()
        self.assertEqual(action["domain"], [("automation_id", "=", automation.id)])
        self.assertEqual(action["context"]["search_default_open"], 1)
        errors[1].action_dismiss()
        automation.invalidate_recordset(["open_error_count"])
        self.assertEqual(automation.open_error_count, 0)
        errors[1].action_restore()
        automation.invalidate_recordset(["open_error_count"])
        self.assertEqual(automation.open_error_count, 1)

    def test_failed_action_in_one_transaction_restarts_from_the_beginning(self):
        """Run by hand (one transaction): an action that fails is rolled back
        whole, nothing of it is committed, so the next run starts from the
        first record (no resume point), and the failure is on the list."""
        automation, partners = self._setup(self.company_a)
        unrated = self.env["res.currency"].sudo().create(
            {"name": "XUR", "symbol": "u", "rounding": 0.01})
        self.env["res.currency.rate"].sudo().create({
            "currency_id": unrated.id, "company_id": self.company_a.id,
            "name": TODAY - timedelta(days=100), "rate": 2.0})
        self._invoice(partners[-1], TODAY - timedelta(days=20), 100, currency=unrated)
        self.env["res.currency.rate"].sudo().search(
            [("currency_id", "=", unrated.id)]).unlink()
        with self.assertLogs(AUTOMATION_LOGGER, level="ERROR") as logged:
            create_log, _issue = automation.run(TODAY)
        self.assertIn("failed", logged.output[0])
        self.assertEqual(create_log.state, "failed")
        self.assertIn("XUR has no exchange rate", create_log.message)
        self.assertTrue(create_log.interrupted)
        self.assertFalse(create_log.last_record_ref, "rolled back: nothing processed")
        self.assertEqual(automation.open_error_count, 1)
        self.assertEqual(automation.error_ids.action_type, "create")
        self.assertIn("XUR", automation.error_ids.message)

        self.env["res.currency.rate"].sudo().create({
            "currency_id": unrated.id, "company_id": self.company_a.id,
            "name": TODAY - timedelta(days=100), "rate": 2.0})
        again, _issue = automation.run(TODAY)
        self.assertFalse(again.resumed_from_id)
        self.assertEqual((again.state, again.processed_count, again.created_count),
                         ("done", 3, 4))
