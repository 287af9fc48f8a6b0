# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""What broke when the product was used as a collections team would use it
(process side): two activities on one invoice in one batch, pre-reminders
about overdue invoices, chasing disputed / held / promised invoices, and
failed e-mails shown as done."""

import socket
import socketserver
import threading
from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import modules
from odoo.tests import tagged
from odoo.tools import format_date

from .test_collection_process import MODULE, STEPS, CollectionProcessCase
from .test_reminders import TODAY as REMINDER_TODAY
from .test_reminders import ReminderCommon


def _dispute(invoice):
    """Dispute every open item of ``invoice`` (for a wrong price)."""
    invoice.collection_item_ids.write({
        "collection_status": "disputed",
        "collection_dispute_reason_id": invoice.env.ref(f"{MODULE}.dispute_reason_price").id})


class _SMTPHandler(socketserver.StreamRequestHandler):
    """A minimal SMTP server that accepts every message."""

    def handle(self):
        self.wfile.write(b"220 localhost test SMTP\r\n")
        in_data, lines = False, []
        for line in self.rfile:
            if in_data:
                if line == b".\r\n":
                    in_data = False
                    self.server.messages.append(b"".join(lines))
                    lines = []
                    self.wfile.write(b"250 2.0.0 queued\r\n")
                else:
                    lines.append(line)
                continue
            command = line[:4].upper()
            if command in (b"EHLO", b"HELO"):
                self.wfile.write(b"250 localhost\r\n")
            elif command == b"DATA":
                in_data = True
                self.wfile.write(b"354 end with <CRLF>.<CRLF>\r\n")
            elif command == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:  # MAIL, RCPT, RSET, NOOP
                self.wfile.write(b"250 OK\r\n")


def closed_port():
    """A port on 127.0.0.1 where nothing listens: connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def smtp_server(test):
    """A real SMTP server on 127.0.0.1 accepting every message, for ``test``."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPHandler)
    server.daemon_threads = True
    server.messages = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    test.addCleanup(server.server_close)
    test.addCleanup(server.shutdown)
    return server


@tagged("post_install", "-at_install")
class TestTwoActivitiesOnOneInvoice(CollectionProcessCase):
    """Issue item 2: a step and a pre-reminder (or a payment prediction)
    reaching one invoice the same day made mail.activity.create() subscribe
    the responsible user twice to the invoice: UniqueViolation on the
    followers, the whole batch failed, and the cron failed again."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a.write({"collection_prediction_days_before": 7})
        cls.process = cls._process("Same invoice", cls.pool_a, 1, [
            {"sequence": 1, "name": "Heads-up call", "action_type": "activity",
             "timing": "before", "days": 3, "pre_reminder": True,
             "activity_summary": "Pre-reminder call"},
            {"sequence": 2, "name": "Early call", "action_type": "activity", "timing": "before",
             "days": 5, "activity_summary": "Early call"},
            {"sequence": 3, "name": "Late letter", "action_type": "letter", "timing": "after",
             "days": 30},
        ])

    def _customer_with_invoice_due_in_3_days(self, name):
        customer = self._customer(name, collection_agent_id=self.agent.id)
        return customer, self._invoice(customer, due_in=3)

    def _assert_both_activities(self, customer, invoice, kinds):
        actions = self.env["collection.action"].search([("partner_id", "=", customer.id)])
        self.assertEqual(sorted(actions.mapped("kind")), kinds)
        self.assertEqual(set(actions.mapped("state")), {"done"}, actions.mapped("error"))
        self.assertEqual(actions.activity_id.mapped("res_id"), [invoice.id] * 2)
        self.assertEqual(set(actions.activity_id.user_id.ids), {self.agent.id})
        followers = invoice.message_follower_ids.filtered(
            lambda f: f.partner_id == self.agent.partner_id)
        self.assertEqual(len(followers), 1, "the agent follows the invoice once")

    def test_step_and_pre_reminder_on_one_invoice_by_run_now(self):
        customer, invoice = self._customer_with_invoice_due_in_3_days("Same Day Run Now")
        self._customer_with_invoice_due_in_3_days("Same Day Other Customer")
        result = self.process.with_user(self.manager).action_run()
        self.assertEqual(result["res_model"], "collection.action")
        self._assert_both_activities(customer, invoice, ["pre_reminder", "step"])
        self.assertEqual(len(self.env["collection.action"].search(result["domain"])), 4,
                         "both customers of the batch are worked")

    def test_step_and_pre_reminder_on_one_invoice_by_the_cron(self):
        customer, invoice = self._customer_with_invoice_due_in_3_days("Same Day Cron")
        self.env.ref(f"{MODULE}.ir_cron_collection_process").method_direct_trigger()
        self._assert_both_activities(customer, invoice, ["pre_reminder", "step"])

    def test_step_and_prediction_on_one_invoice(self):
        self.process.use_prediction = True
        self._step(self.process, "Heads-up call").unlink()
        customer, invoice = self._customer_with_invoice_due_in_3_days("Same Day Late Payer")
        for weeks in (12, 9, 6, 4):
            paid = self._invoice(customer, due_in=-7 * weeks)
            self._pay(paid, paid.invoice_date_due + timedelta(days=20))
        self.process.with_user(self.manager).action_run()
        self._assert_both_activities(customer, invoice, ["prediction", "step"])
        customer_b, invoice_b = self._customer_with_invoice_due_in_3_days("Cron Late Payer")
        for weeks in (12, 9, 6, 4):
            paid = self._invoice(customer_b, due_in=-7 * weeks)
            self._pay(paid, paid.invoice_date_due + timedelta(days=20))
        self.env.ref(f"{MODULE}.ir_cron_collection_process").method_direct_trigger()
        self._assert_both_activities(customer_b, invoice_b, ["prediction", "step"])


@tagged("post_install", "-at_install")
class TestPreReminderIsAboutInvoicesNotYetDue(CollectionProcessCase):
    """Issue item 8: pre-reminders about invoices already overdue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pre_template = cls.env.ref(f"{MODULE}.mail_template_collection_pre_reminder")
        cls.process = cls._process("Pre-reminders", cls.pool_a, 1, [
            {"sequence": 1, "name": "Notice", "action_type": "email", "timing": "before",
             "days": 5, "pre_reminder": True, "mail_template_id": cls.pre_template.id},
            {"sequence": 2, "name": "Letter", "action_type": "letter", "timing": "after",
             "days": 30},
        ])

    def test_simulation_ten_days_ahead_lists_no_overdue_invoice_as_pre_reminder(self):
        customer = self._customer("Pre Simulated")
        overdue_then = self._invoice(customer, due_in=6)  # 4 days overdue in 10 days
        due_then = self._invoice(customer, due_in=10)  # due on the simulated date
        soon_then = self._invoice(customer, due_in=12)  # due 2 days after it
        ahead = self.today + timedelta(days=10)
        rows = self.process.with_user(self.agent).simulate(ahead)
        # Was: the pre-reminder of soon_then. As in the seed, none while the
        # customer has an older item overdue (overdue_then, in 10 days).
        self.assertEqual([(r["kind"], r["move_id"]) for r in rows], [])
        self._pay(overdue_then, self.today)
        rows = self.process.with_user(self.agent).simulate(ahead)
        self.assertEqual([(r["kind"], r["move_id"]) for r in rows],
                         [("pre_reminder", soon_then.id)])
        screen = self.env["collection.simulation"].with_user(self.agent).browse(
            self.process.with_user(self.agent).action_simulate()["res_id"])
        screen.date = ahead
        screen.action_simulate()
        self.assertEqual(screen.line_ids.move_id, soon_then)
        self.assertNotIn(overdue_then | due_then, screen.line_ids.move_id)

    def test_run_after_the_due_date_sends_no_pre_reminder(self):
        """FAC/2026/00316, due on the 28th, got "falls due on 28/11/2026" on the 30th."""
        customer = self._customer("Pre Run Late")
        late = self._invoice(customer, due_in=-2)
        actions = self.process.with_user(self.manager).run(self.today)
        self.assertNotIn(late, actions.move_id)
        self.assertFalse(actions)

    def test_pre_reminder_step_after_the_due_date_is_refused(self):
        Step = self.env["collection.process.step"].with_user(self.manager)
        self._step(self.process, "Notice").pre_reminder = False
        for timing, days in (("after", 3), ("before", 0)):
            with self.subTest(timing=timing), \
                    self.assertRaisesRegex(Exception, "Pre-reminder: step Late notice acts "
                                           f".*, {days} days; a pre-reminder warns"):
                Step.create({"process_id": self.process.id, "name": "Late notice",
                             "action_type": "activity", "timing": timing, "days": days,
                             "pre_reminder": True})


@tagged("post_install", "-at_install")
class TestNoChasingOfHeldInvoices(CollectionProcessCase):
    """Issue item 9: disputed, held and promised invoices are not chased, and
    every customer-facing text is in the customer's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        steps = [dict(step) for step in STEPS]
        steps[1]["mail_template_id"] = cls.template.id
        cls.process = cls._process("Not chased", cls.pool_a, 1, steps)

    def _held_invoices(self, customer, due_in):
        disputed = self._invoice(customer, due_in=due_in - 9)
        _dispute(disputed)
        held = self._invoice(customer, due_in=due_in - 8)
        held.collection_on_hold = True
        promised = self._invoice(customer, due_in=due_in - 7)
        promised.collection_item_ids.write({
            "collection_status": "promised", "collection_promise_amount": 10,
            "collection_promise_date": self.today + timedelta(days=5)})
        return disputed | held | promised

    def test_draft_email_lists_no_held_invoice_in_the_contacts_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms([MODULE], ["fr_FR"], overwrite=True)
        customer = self._customer("Client Lyonnais", lang="fr_FR")
        customer.collection_contact_id = self.env["res.partner"].create({
            "name": "Comptabilité Lyon", "parent_id": customer.id, "lang": "fr_FR",
            "email": "compta@lyon.example.com"})
        owed = self._invoice(customer, due_in=-20)
        broken = self._invoice(customer, due_in=-15)
        # Was: status promised with a past date; the daily job now makes it 'broken'.
        broken.collection_item_ids.write({"collection_status": "broken"})
        held = self._held_invoices(customer, due_in=-20)
        self.agent.lang = "en_US"  # the agent reads English, the contact French
        Workspace = self.env["collection.workspace"].with_user(self.agent)
        context = Workspace.action_draft_reminder_email(customer.id)["context"]
        body = str(context["default_body"])
        self.assertIn(f"{owed.name}:", body)
        self.assertIn(f"{broken.name}:", body, "a broken promise is chased again")
        for move in held:
            self.assertNotIn(f"{move.name}:", body)
        self.assertIn("Bonjour Comptabilité Lyon,", body)
        self.assertIn("Pourriez-vous nous indiquer quand nous pouvons attendre votre paiement",
                      body)
        french_date = format_date(self.env(context={"lang": "fr_FR"}), owed.invoice_date_due)
        self.assertIn(f"échéance {french_date}", body)
        self.assertNotIn("Dear", body)
        self.assertTrue(context["default_subject"].startswith("Votre compte chez"),
                        context["default_subject"])

    def test_process_acts_on_no_held_invoice_and_letters_list_none(self):
        customer = self._customer("Letter Held")
        owed = self._invoice(customer, due_in=-31)
        held = self._held_invoices(customer, due_in=-31)
        actions = self.process.with_user(self.manager).run(self.today)
        self.assertEqual((actions.move_id, actions.action_type), (owed, "letter"),
                         "the held invoices, older, do not lead")
        self.env["collection.action"]._collection_produce_documents(actions.ids)
        self.assertEqual(actions.state, "done", actions.error)
        letter = actions.attachment_id.raw.decode()
        self.assertIn(owed.name, letter)
        for move in held:
            self.assertNotIn(move.name, letter)
        only_held = self._customer("Only Held")
        self._held_invoices(only_held, due_in=-16)
        self.assertFalse([row for row in self.process.simulate(self.today)
                          if row["partner_id"] == only_held.id])

    def test_email_of_an_invoice_disputed_after_the_run_is_not_sent(self):
        customer = self._customer("Disputed Meanwhile")
        invoice = self._invoice(customer, due_in=-16)
        action = self.process.with_user(self.manager).run(self.today)
        self.assertEqual((action.action_type, action.state), ("email", "queued"))
        _dispute(invoice)
        self.env["collection.action"]._collection_produce_documents(action.ids)
        self.assertEqual(action.state, "failed")
        self.assertIn("no longer chased (disputed)", action.error)
        self.assertFalse(action.mail_message_id)


@tagged("post_install", "-at_install")
class TestRemindersSkipHeldInvoices(ReminderCommon):
    """Issue item 9: created reminders included an invoice with a pending
    promise to pay."""

    def test_reminders_never_include_promised_disputed_or_held_invoices(self):
        owed = self._invoice(self.customer, REMINDER_TODAY - timedelta(days=40), 100)
        promised = self._invoice(self.customer, REMINDER_TODAY - timedelta(days=40), 70)
        with freeze_time(REMINDER_TODAY):
            promised.collection_item_ids.write({
                "collection_status": "promised", "collection_promise_amount": 70,
                "collection_promise_date": REMINDER_TODAY + timedelta(days=5)})
        broken = self._invoice(self.customer, REMINDER_TODAY - timedelta(days=40), 30)
        # Was: status promised with a past date; the daily job now makes it 'broken'.
        broken.collection_item_ids.write({"collection_status": "broken"})
        disputed = self._invoice(self.customer, REMINDER_TODAY - timedelta(days=40), 50)
        _dispute(disputed)
        held = self._invoice(self.customer, REMINDER_TODAY - timedelta(days=40), 20)
        held.collection_on_hold = True
        for highest in (False, True):
            with self.subTest(set_highest_level=highest):
                reminder = self.Reminder.create_reminders(
                    self.customer, date=REMINDER_TODAY, set_highest_level=highest)
                self.assertEqual(reminder.line_ids.move_id, owed | broken)
                self.assertEqual(reminder.remaining_amount, 130.0)
                reminder.unlink()

    def test_no_include_on_hold_option_on_screen(self):
        """Was: an "Include Entries on Hold" option on the automations' create
        actions and the Create Reminders wizard, which did nothing since held,
        disputed and promised invoices are never listed as owed."""
        for model in ("collection.automation.action", "collection.reminder.create.wizard"):
            with self.subTest(model=model):
                Model = self.env[model]
                self.assertNotIn("include_on_hold", Model._fields)
                arch = Model.get_views([(False, "form")])["views"]["form"]["arch"]
                self.assertIn('name="set_highest_level"', arch)
                self.assertNotIn("include_on_hold", arch)
                self.assertNotIn("on Hold", arch)
        with self.assertRaises(TypeError):
            self.Reminder.create_reminders(
                self.customer, date=REMINDER_TODAY, include_on_hold=True)


@tagged("post_install", "-at_install")
class TestEmailDelivery(CollectionProcessCase):
    """Issue item 10: with the mail server refusing, the history showed a
    green Done and the workspace "last contacted". An e-mail action is done
    only when the mail server accepted the e-mail."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        steps = [dict(step) for step in STEPS]
        steps[1]["mail_template_id"] = cls.template.id
        cls.process = cls._process("Delivery", cls.pool_a, 1, steps)
        cls.env["ir.mail_server"].search([]).active = False
        cls.mail_server = cls.env["ir.mail_server"].create({
            "name": "Refusing", "smtp_host": "127.0.0.1", "smtp_port": closed_port(),
            "smtp_encryption": "none", "sequence": 0})

    def _send_queue(self, mails):
        """Odoo's mail queue, really sending (Odoo's test runner skips SMTP)."""
        with patch.object(modules.module, "current_test", False):
            self.env["mail.mail"].sudo().process_email_queue(ids=mails.ids)

    def test_refused_email_is_failed_shown_and_no_contact(self):
        Workspace = self.env["collection.workspace"]
        customer = self._customer("Refused Delivery")
        self._invoice(customer, due_in=-16)
        action = self.process.with_user(self.manager).run(self.today)
        self.env["collection.action"]._collection_produce_documents(action.ids)
        self.assertEqual((action.action_type, action.state, action.mail_state),
                         ("email", "sending", "outgoing"), "not done before it is sent")
        mail = action.mail_id
        self._send_queue(mail)
        self.assertEqual(mail.state, "exception")
        self.assertEqual(action.state, "failed", "refused: failed, not done")
        self.assertIn("Connection refused", action.error)
        # The overview shows it to the agent.
        failed = Workspace.with_user(self.agent).get_overview(False)["failed_actions"]
        self.assertGreaterEqual(failed["count"], 1)
        item = next(item for item in failed["items"] if item["id"] == action.id)
        self.assertEqual(item["partner_id"], customer.id)
        self.assertIn("Connection refused", item["error"])
        # No contact: neither for the workspace nor for the quiet days.
        self.assertIsNone(Workspace._last_contact_date(customer))
        _done, last_contact, _pauses = self.env["collection.action"]._collection_history(
            customer.ids, self.company_a)
        self.assertNotIn(customer.id, last_contact)
        self.process.quiet_days = 20
        rows = self.process.simulate(self.today + timedelta(days=14))
        self.assertEqual([(r["partner_id"], r["action_type"]) for r in rows],
                         [(customer.id, "letter")], "the refused e-mail is no contact")

        # Once the mail server accepts it, a retry makes it done.
        smtp = smtp_server(self)
        self.mail_server.smtp_port = smtp.server_address[1]
        with patch.object(modules.module, "current_test", False):
            self.assertIs(action.with_user(self.agent).action_retry(), True)
        self.assertEqual((action.state, action.error), ("done", False))
        self.assertEqual(len(smtp.messages), 1)
        self.assertIn(b"refused.delivery@example.com", smtp.messages[0])
        self.assertEqual(Workspace._last_contact_date(customer), self.today)
        self.assertFalse(self.process.simulate(self.today + timedelta(days=14)),
                         "now within the quiet days")

    def test_accepted_email_is_done_when_sent(self):
        smtp = smtp_server(self)
        self.mail_server.smtp_port = smtp.server_address[1]
        customer = self._customer("Accepted Delivery")
        self._invoice(customer, due_in=-16)
        action = self.process.with_user(self.manager).run(self.today)
        self.env["collection.action"]._collection_produce_documents(action.ids)
        self.assertEqual(action.state, "sending")
        self.assertIsNone(self.env["collection.workspace"]._last_contact_date(customer),
                          "queued is not contacted yet")
        self._send_queue(action.mail_id)
        self.assertEqual(action.state, "done")
        self.assertEqual(len(smtp.messages), 1)
        self.assertEqual(self.env["collection.workspace"]._last_contact_date(customer),
                         self.today)
