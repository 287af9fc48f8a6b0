# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Creating reminders as a collections team does: the Create Reminders wizard
(options, preview with the reasons, confirmation), automations that issue and
send only what they created, the automation preview's reasons, and the first
run date Start schedules."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .test_reminders import TODAY, ReminderCommon

MODULE = "account_collections_automation"


@tagged("post_install", "-at_install")
class TestCreateRemindersWizard(ReminderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = cls.env["res.users"].sudo().create({
            "name": "Collections Agent", "login": "reminders_agent",
            "company_id": cls.company_a.id, "company_ids": [Command.set(cls.company_a.ids)],
            "groups_id": [Command.set([cls.env.ref(f"{MODULE}.group_collections_agent").id])],
        })
        cls.paid_up = cls._customer("Paid Up Customer", cls.term)  # no open item at all

    def _scenario(self):
        """Two customers due for a reminder, one within its grace period, one
        with an invoice not due yet, one without open items."""
        second = self._customer("Customer Two", self.term)
        in_grace = self._customer("In Grace Customer", self.term)
        not_due = self._customer("Not Due Customer", self.term)
        self._invoice(self.customer, TODAY - timedelta(days=20), 100)
        self._invoice(second, TODAY - timedelta(days=20), 200)
        self._invoice(in_grace, TODAY - timedelta(days=2), 300)
        self._invoice(not_due, TODAY + timedelta(days=5), 400)
        return second, in_grace, not_due

    def _reminders(self):
        return self.env["collection.reminder"].sudo().search(
            [("partner_id", "in", self.env["res.partner"].search(
                [("collection_reminder_term_id", "=", self.term.id)]).ids)])

    def _open_wizard(self, user):
        action = self.env["collection.reminder"].with_user(user).action_create_from_terms()
        self.assertEqual(action["res_model"], "collection.reminder.create.wizard")
        self.assertEqual(action["target"], "new")
        return Form(self.env[action["res_model"]].with_user(user))

    def test_menu_opens_the_wizard_and_writes_only_on_confirm(self):
        second, in_grace, not_due = self._scenario()
        for user in (self.agent, self.manager):
            with self.subTest(user=user.login):
                form = self._open_wizard(user)
                form.date = TODAY
                form.term_ids.add(self.term)
                wizard = form.save()
                self.assertFalse(self._reminders(), "opening the wizard writes nothing")
                wizard.action_preview()
                self.assertFalse(self._reminders(), "the preview writes nothing")
                self.assertEqual(wizard.state, "preview")
                self.assertEqual(wizard.reminder_count, 2)
                created = wizard.line_ids.filtered(lambda line: not line.skip_kind)
                self.assertEqual(created.partner_id, self.customer | second)
                reasons = {line.partner_id: line.skip_reason
                           for line in wizard.line_ids.filtered("skip_kind")}
                self.assertEqual(set(reasons), {in_grace, not_due, self.paid_up},
                                 "every customer considered that gets nothing is listed")
                self.assertIn("No invoice due for its next level yet", reasons[in_grace])
                self.assertIn("grace period", reasons[in_grace])
                self.assertIn("Nothing overdue", reasons[not_due])
                self.assertIn("No open receivables", reasons[self.paid_up])
                action = wizard.action_confirm()
                reminders = self._reminders()
                self.assertEqual(reminders.partner_id, self.customer | second)
                self.assertEqual(action["domain"][0][:2], ("id", "in"))
                self.assertEqual(set(action["domain"][0][2]), set(reminders.ids))
                self.assertEqual(set(reminders.mapped("state")), {"draft"})
                self.assertFalse(reminders.automation_id, "made by hand")
                reminders.unlink()

    def test_options_and_scope(self):
        second, _in_grace, not_due = self._scenario()
        form = self._open_wizard(self.agent)
        form.date = TODAY
        form.partner_ids.add(second)
        form.partner_ids.add(not_due)
        form.include_not_due = True
        wizard = form.save()
        wizard.action_preview()
        self.assertEqual(wizard.line_ids.partner_id, second | not_due,
                         "only the chosen customers")
        wizard.action_back()
        self.assertEqual((wizard.state, len(wizard.line_ids)), ("options", 0))
        wizard.action_confirm()
        reminder = self._reminders()
        self.assertEqual(reminder.partner_id, second, "only the chosen customers")
        # Nothing left to create: said, and nothing written.
        again = self.env["collection.reminder.create.wizard"].with_user(self.agent).create(
            {"date": TODAY, "partner_ids": [Command.set(second.ids)]})
        with self.assertRaisesRegex(UserError, "No reminder to create"):
            again.action_confirm()
        self.assertEqual(len(self._reminders()), 1)

    def test_include_not_due_option_lists_the_not_due_invoices(self):
        self._invoice(self.customer, TODAY - timedelta(days=20), 100)
        self._invoice(self.customer, TODAY + timedelta(days=5), 50)
        wizard = self.env["collection.reminder.create.wizard"].with_user(self.manager).create({
            "date": TODAY, "partner_ids": [Command.set(self.customer.ids)],
            "include_not_due": True})
        wizard.action_confirm()
        reminder = self._reminders()
        self.assertEqual(len(reminder), 1)
        not_due = reminder.line_ids.filtered(lambda line: line.line_type == "not_due")
        self.assertEqual(not_due.mapped("amount_residual"), [50.0],
                         "the invoice not due yet is listed")


@tagged("post_install", "-at_install")
class TestAutomationScope(ReminderCommon):
    def _automation(self, actions, **values):
        return self.env["collection.automation"].create({
            "name": "Scoped Automation",
            "term_ids": [Command.set(self.term.ids)],
            "action_ids": [Command.create(vals) for vals in actions],
            **values,
        })

    def test_issue_and_send_take_only_what_the_automation_created(self):
        by_hand_customer = self._customer("Hand Made Customer", self.term)
        self._invoice(by_hand_customer, TODAY - timedelta(days=20), 100)
        by_hand = self.Reminder.create_reminders(by_hand_customer, date=TODAY)
        self._invoice(self.customer, TODAY - timedelta(days=20), 100)
        automation = self._automation([
            {"sequence": 1, "action_type": "create",
             "filter_domain": f"[('id', '=', {self.customer.id})]"},
            {"sequence": 2, "action_type": "issue"},
            {"sequence": 3, "action_type": "send", "send_method": "print"},
        ])
        logs = automation.run(TODAY)
        own = self.Reminder.search([("automation_id", "=", automation.id)])
        self.assertEqual(own.partner_id, self.customer)
        self.assertEqual((logs[1].issued_count, logs[2].sent_count), (1, 1))
        self.assertEqual(own.state, "issued")
        self.assertEqual((by_hand.state, by_hand.send_count), ("draft", 0),
                         "a draft made by hand is left to its author")

        # With the option, the actions take the others' reminders too.
        automation.action_ids.filtered(lambda a: a.action_type != "create").write(
            {"include_other_reminders": True})
        logs = automation.run(TODAY + timedelta(days=1))
        self.assertEqual(logs[1].issued_count, 1)
        self.assertEqual(by_hand.state, "issued")
        self.assertEqual(by_hand.send_count, 1)

    def test_preview_gives_the_reason_for_every_customer_without_reminder(self):
        """The automation previews for today: each customer it considers is
        listed, with what would be created or why nothing would be."""
        today = fields.Date.context_today(self.env.user)
        due = self._customer("Due Customer", self.term)
        in_grace = self._customer("In Grace Customer", self.term)
        not_due = self._customer("Not Due Customer", self.term)
        self._invoice(due, today - timedelta(days=20), 100)
        self._invoice(in_grace, today - timedelta(days=2), 100)
        self._invoice(not_due, today + timedelta(days=2), 100)
        other_terms = self._customer("Other Terms", self._make_term(self.company_a, "Other"))
        self._invoice(other_terms, today - timedelta(days=20), 100)
        automation = self._automation([{"action_type": "create"}])
        preview = self.env["collection.reminder.preview"].browse(
            automation.action_preview()["res_id"])
        lines = {line.partner_id: line for line in preview.line_ids}
        self.assertEqual(set(lines), {self.customer, due, in_grace, not_due},
                         "every customer with the automation's terms, no other")
        self.assertFalse(lines[due].skip_kind)
        self.assertEqual(lines[due].level, 1)
        self.assertEqual(lines[in_grace].skip_kind, "not_eligible")
        self.assertIn("grace period", lines[in_grace].skip_reason)
        self.assertEqual(lines[not_due].skip_kind, "no_overdue")
        self.assertIn("Nothing overdue", lines[not_due].skip_reason)
        self.assertEqual(lines[self.customer].skip_kind, "no_items")
        self.assertIn("No open receivables", lines[self.customer].skip_reason)
        self.assertFalse(self.Reminder.search_count(
            [("partner_id", "in", [due.id, in_grace.id])]), "a preview writes nothing")
