# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""More channels (SMS, post, phone call), the fallback channel, and the
customer's answers (replies, bounces) back into the process (issue 19)."""

from datetime import timedelta
from unittest.mock import patch

from odoo import modules
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.sms.tests.common import SMSCase

from .test_collection_process import MODULE, CollectionProcessCase
from .test_process_usage import closed_port


@tagged("post_install", "-at_install")
class TestChannelSettings(CollectionProcessCase):
    """Bad settings of the new channels are refused naming the field and the value."""

    def test_sms_step_without_template_is_refused(self):
        with self.assertRaisesRegex(ValidationError, r"SMS Template: empty on step Text"):
            self._process("No SMS template", self.pool_a, 31, [
                {"name": "Text", "action_type": "sms", "timing": "after", "days": 3}])

    def test_fallback_loop_is_refused_with_its_chain(self):
        with self.assertRaisesRegex(
                ValidationError,
                r"Fallback Action Type: the fallback chain of step Text loops: "
                r"SMS → E-mail → SMS"):
            self._process("Loop", self.pool_a, 32, [
                {"sequence": 1, "name": "Text", "action_type": "sms", "timing": "after",
                 "days": 3, "sms_template_id": self.env.ref(
                     "account_collections_automation.sms_template_collection_reminder").id,
                 "fallback_action_type": "email"},
                {"sequence": 2, "name": "Mail", "action_type": "email", "timing": "after",
                 "days": 10, "mail_template_id": self.template.id,
                 "fallback_action_type": "sms", "sms_template_id": self.env.ref(
                     "account_collections_automation.sms_template_collection_reminder").id}])
        with self.assertRaisesRegex(ValidationError, r"loops: Phone call → Phone call"):
            self._process("Self loop", self.pool_a, 33, [
                {"name": "Ring", "action_type": "phone_call", "timing": "after", "days": 3,
                 "fallback_action_type": "phone_call"}])

    def test_sms_fallback_without_template_is_refused(self):
        with self.assertRaisesRegex(ValidationError, r"SMS Template: empty on step Mail"):
            self._process("No fallback template", self.pool_a, 36, [
                {"name": "Mail", "action_type": "email", "timing": "after", "days": 3,
                 "mail_template_id": self.template.id, "fallback_action_type": "sms"}])

    def test_negative_pause_and_retry_limit_are_refused(self):
        with self.assertRaisesRegex(ValidationError, r"Pause after a Reply: -3 is negative"):
            self._process("Negative pause", self.pool_a, 34, [], reply_pause_days=-3)
        with self.assertRaisesRegex(ValidationError, r"Calls without Answer: -1 is negative"):
            self._process("Negative retries", self.pool_a, 35, [
                {"name": "Ring", "action_type": "phone_call", "timing": "after", "days": 3,
                 "call_retry_limit": -1}])


class ChannelCase(CollectionProcessCase, SMSCase):
    """A process with an SMS step falling back to e-mail, a phone-call step
    falling back to an SMS, and a letter step sent by post."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.sms_template = cls.env.ref(f"{MODULE}.sms_template_collection_reminder")
        cls.sms_template.with_context(lang="fr_FR").body = (
            "{{ object.name }} : une facture est en retard, merci de la régler.")
        cls.process = cls._process("Channels", cls.pool_a, 1, [
            {"sequence": 1, "name": "Text", "action_type": "sms", "timing": "after",
             "days": 5, "sms_template_id": cls.sms_template.id,
             "fallback_action_type": "email", "mail_template_id": cls.template.id},
            {"sequence": 2, "name": "Ring", "action_type": "phone_call", "timing": "after",
             "days": 20, "call_retry_limit": 2, "fallback_action_type": "sms",
             "sms_template_id": cls.sms_template.id},
            {"sequence": 3, "name": "Post", "action_type": "letter", "timing": "after",
             "days": 40, "letter_by_post": True},
        ], reply_pause_days=10)
        cls.text, cls.ring, cls.post = cls.process.step_ids.sorted("sequence")

    def _run(self, user=None):
        """A run as the manager, then its documents as the document queue makes them
        (as ``user`` opening them from the history, when given)."""
        actions = self.process.with_user(self.manager).run(self.today)
        if user:
            for action in actions:
                action.with_user(user).action_open_document()
        else:
            self.env["collection.action"]._collection_produce_documents(actions.ids)
        return actions

    def _history(self, partner):
        return self.env["collection.action"].search([("partner_id", "=", partner.id)],
                                                    order="id")


@tagged("post_install", "-at_install")
class TestSmsChannel(ChannelCase):
    def test_sms_goes_to_the_collections_contact_mobile_in_their_language(self):
        for user in (self.agent, self.manager):
            with self.subTest(user=user.name):
                customer = self._customer(f"Sms customer {user.id}", mobile="+32 470 11 22 33")
                contact = self.env["res.partner"].create({
                    "name": f"Compta {user.id}", "parent_id": customer.id, "lang": "fr_FR",
                    "mobile": "+33 6 12 34 56 78"})
                customer.collection_contact_id = contact
                self._invoice(customer, due_in=-6)
                with self.mockSMSGateway():
                    self._run(user)
                action = self._history(customer)
                self.assertEqual(len(action), 1)
                self.assertEqual((action.action_type, action.state), ("sms", "done"),
                                 action.error)
                # E.164 (+33612345678) where the phonenumbers library is installed;
                # without it Odoo sends the number as it is written.
                number = contact._phone_format(number=contact.mobile, force_format="E164")
                self.assertEqual(action.sms_number, number)
                self.assertIn("une facture est en retard", action.mail_message_id.body)
                self.assertSMSIapSent([number],
                                      content=f"{customer.name} : une facture est en retard")

    def test_no_usable_number_fails_with_the_reason_and_the_email_fallback_runs(self):
        for user in (self.agent, self.manager):
            with self.subTest(user=user.name):
                customer = self._customer(f"No mobile {user.id}")
                self._invoice(customer, due_in=-6)
                with self.mockSMSGateway():
                    self._run(user)
                sms, fallback = self._history(customer)
                self.assertEqual(sms.state, "failed")
                self.assertEqual(sms.error, f"No mobile {user.id} has no mobile number.")
                self.assertFalse(self._sms, "no SMS went out")
                self.assertEqual((fallback.kind, fallback.action_type, fallback.state),
                                 ("fallback", "email", "sending"), fallback.error)
                self.assertEqual(fallback.fallback_of_id, sms)
                self.assertEqual(fallback.step_id, self.text)
                self.assertEqual(fallback.mail_id.email_to or fallback.mail_id.recipient_ids.email,
                                 customer.email)
                self.assertIn("has no mobile number", fallback.reason)


@tagged("post_install", "-at_install")
class TestPhoneCallChannel(ChannelCase):
    def _call(self, customer):
        self._invoice(customer, due_in=-21)
        actions = self._run()
        call = actions.filtered(lambda a: a.partner_id == customer)
        self.assertEqual((call.action_type, call.state), ("phone_call", "done"), call.error)
        self.assertEqual(call.activity_id.activity_type_id,
                         self.env.ref("mail.mail_activity_data_call"))
        self.assertEqual(call.activity_id.res_model, "res.partner")
        return call

    def _record_outcome(self, call, user, **values):
        action = call.with_user(user).action_call_outcome()
        wizard = self.env[action["res_model"]].with_user(user).with_context(
            **action["context"]).create(values)
        return wizard.action_apply()

    def test_call_outcome_promise_sets_the_items_promise(self):
        for user in (self.agent, self.manager):
            with self.subTest(user=user.name):
                customer = self._customer(f"Promising {user.id}", mobile="+32 470 00 00 01")
                call = self._call(customer)
                activity = call.activity_id
                promised = self.today + timedelta(days=7)
                self._record_outcome(call, user, outcome="promise", promise_date=promised,
                              promise_amount=60.0, note="Pays next week")
                self.assertEqual(call.call_outcome, "promise")
                item = call.move_id.line_ids.filtered(
                    lambda line: line.display_type == "payment_term")
                self.assertEqual(item.collection_status, "promised")
                self.assertEqual(item.collection_promise_date, promised)
                self.assertEqual(item.collection_promise_amount, 60.0)
                self.assertFalse(activity.exists(), "the call activity is done")
                self.assertTrue(self.env["collection.status.change"].search(
                    [("move_line_id", "=", item.id)]), "the status history has the promise")

    def test_promise_without_date_is_refused_naming_the_field(self):
        customer = self._customer("Vague promise", mobile="+32 470 00 00 02")
        call = self._call(customer)
        with self.assertRaisesRegex(ValidationError,
                                    "Promised Payment Date: not set for the outcome "
                                    "Promise to pay"):
            self._record_outcome(call, self.agent, outcome="promise", promise_amount=10.0)
        self.assertFalse(call.call_outcome)

    def test_no_answer_calls_again_then_the_fallback_sms_runs(self):
        for user in (self.agent, self.manager):
            with self.subTest(user=user.name):
                customer = self._customer(f"Silent {user.id}", mobile="+32 470 00 00 03")
                call = self._call(customer)
                first = call.activity_id
                self._record_outcome(call, user, outcome="no_answer")
                self.assertEqual((call.state, call.call_attempts), ("done", 1))
                self.assertFalse(first.exists())
                self.assertTrue(call.activity_id, "a new call is scheduled")
                with self.mockSMSGateway():
                    self._record_outcome(call, user, outcome="no_answer")
                self.assertEqual(call.state, "failed")
                self.assertEqual(call.error, "no answer after 2 calls")
                fallback = call.fallback_ids
                self.assertEqual((fallback.action_type, fallback.state), ("sms", "done"),
                                 fallback.error)
                self.assertSMSIapSent([customer._phone_format(number=customer.mobile,
                                                              force_format="E164")])


@tagged("post_install", "-at_install")
class TestLetterByPost(ChannelCase):
    def test_letter_by_post_is_queued_for_the_postal_service(self):
        self.env["iap.account"].create({
            "service_id": self.env["iap.service"].search(
                [("technical_name", "=", "snailmail")], limit=1).id,
            "account_token": "collections-test-token", "company_ids": [(6, 0, self.company_a.ids)]})
        for user in (self.agent, self.manager):
            with self.subTest(user=user.name):
                customer = self._customer(
                    f"Postal customer {user.id}", street="1 Rue de la Paix", city="Paris",
                    zip="75002", country_id=self.env.ref("base.fr").id)
                self._invoice(customer, due_in=-41)
                self._run(user)
                action = self._history(customer)
                self.assertEqual((action.action_type, action.state), ("letter", "done"),
                                 action.error)
                letter = action.snailmail_letter_id
                self.assertTrue(letter, "the letter is queued for the post")
                self.assertEqual((letter.state, letter.partner_id, letter.attachment_id),
                                 ("pending", customer, action.attachment_id))
        # An address the post cannot take: printed, and the history says why.
        customer = self._customer("Postal customer without address")
        self._invoice(customer, due_in=-41)
        self._run()
        action = self._history(customer)
        self.assertEqual(action.state, "done")
        self.assertTrue(action.attachment_id)
        self.assertFalse(action.snailmail_letter_id)
        self.assertIn("the address of Postal customer without address is incomplete",
                      action.error)

    def test_without_postal_service_the_letter_is_printed(self):
        self.env["iap.account"].search([("service_name", "=", "snailmail")]).unlink()
        customer = self._customer("Printed customer", street="1 Rue", city="Paris",
                                  zip="75002", country_id=self.env.ref("base.fr").id)
        self._invoice(customer, due_in=-41)
        action = self._run()
        self.assertEqual(action.state, "done", action.error)
        self.assertTrue(action.attachment_id)
        self.assertFalse(action.snailmail_letter_id)


REPLY = """\
Return-Path: <{email}>
From: {name} <{email}>
To: {to}
Subject: Re: {subject}
Message-ID: <reply-{uid}@customer.example.com>
In-Reply-To: {parent}
References: {parent}
Date: Mon, 29 Jun 2026 10:12:00 +0200
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

We paid this invoice last week, please check your bank account.
"""

BOUNCE = """\
Return-Path: <>
From: Mail Delivery System <MAILER-DAEMON@mx.example.com>
To: {to}
Subject: Undelivered Mail Returned to Sender
Message-ID: <bounce-{uid}@mx.example.com>
Date: Mon, 29 Jun 2026 10:12:00 +0200
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="BOUNDARY"

--BOUNDARY
Content-Type: text/plain; charset="utf-8"

This is the mail system at host mx.example.com. Your message could not be delivered:
<{email}>: host mx.example.com said: 550 5.1.1 User unknown

--BOUNDARY
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com

Final-Recipient: rfc822; {email}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 User unknown

--BOUNDARY
Content-Type: text/rfc822-headers

Message-Id: {parent}
From: {sender}
To: {email}
Subject: {subject}

--BOUNDARY--
"""


@tagged("post_install", "-at_install")
class TestCustomerAnswers(ChannelCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mail_process = cls._process("Mail first", cls.pool_a_vip, 2, [
            {"sequence": 1, "name": "Mail", "action_type": "email", "timing": "after",
             "days": 5, "mail_template_id": cls.template.id,
             "fallback_action_type": "sms", "sms_template_id": cls.sms_template.id},
            {"sequence": 2, "name": "Mail again", "action_type": "email", "timing": "after",
             "days": 8, "mail_template_id": cls.template.id},
        ], reply_pause_days=10)

    def _mailed(self, name, **values):
        customer = self._customer(name, ref="COLLVIP", **values)
        self._invoice(customer, due_in=-6)
        actions = self.mail_process.with_user(self.manager).run(self.today)
        self.env["collection.action"]._collection_produce_documents(actions.ids)
        email = actions.filtered(lambda a: a.partner_id == customer)
        self.assertEqual(email.action_type, "email")
        self.assertTrue(email.mail_message_id.message_id)
        return customer, email

    def test_reply_becomes_history_pauses_the_process_and_tells_the_agent(self):
        for user in (self.agent, self.manager):
            with self.subTest(user=user.name):
                customer, email = self._mailed(f"Replying {user.id}",
                                               collection_agent_id=user.id)
                message = email.mail_message_id
                raw = REPLY.format(email=customer.email, name=customer.name,
                                   to="collections@example.com", subject=message.subject,
                                   parent=message.message_id, uid=user.id)
                self.env["mail.thread"].message_process(None, raw.encode())
                reply = self.env["collection.action"].search(
                    [("partner_id", "=", customer.id), ("kind", "=", "reply")])
                self.assertEqual(len(reply), 1)
                self.assertEqual(reply.replied_action_id, email)
                self.assertEqual(reply.paused_until, self.today + timedelta(days=10))
                self.assertIn("We paid this invoice", reply.reply_excerpt)
                self.assertEqual(reply.activity_id.user_id, user)
                self.assertIn("Customer replied", reply.activity_id.summary)
                # The agent sees the reply in the customer's timeline.
                timeline = self.env["collection.workspace"].with_user(user).get_customer(
                    customer.id)["timeline"]
                self.assertIn("reply", {entry["kind"] for entry in timeline})
                # The process leaves the customer alone for the pause, then goes on.
                later = self.today + timedelta(days=4)
                self.assertFalse([p for p in self.mail_process.with_user(self.manager)
                                  .simulate(later) if p["partner_id"] == customer.id])
                after = self.today + timedelta(days=10)
                self.assertEqual(
                    [p["step_id"] for p in self.mail_process.with_user(self.manager)
                     .simulate(after) if p["partner_id"] == customer.id],
                    [self.mail_process.step_ids.sorted("sequence")[1].id])

    def test_bounce_marks_the_email_bounced_and_runs_the_sms_fallback(self):
        for user in (self.agent, self.manager):
            with self.subTest(user=user.name):
                customer, email = self._mailed(f"Bouncing {user.id}",
                                               mobile=f"+32 470 00 10 0{user.id % 10}")
                message = email.mail_message_id
                raw = BOUNCE.format(to="bounce@example.com", email=customer.email,
                                    parent=message.message_id, sender="manager@example.com",
                                    subject=message.subject, uid=user.id)
                with self.mockSMSGateway():
                    self.env["mail.thread"].message_process(None, raw.encode())
                self.assertEqual(email.state, "bounced")
                self.assertEqual(email.bounced_email, customer.email)
                self.assertGreater(customer.message_bounce, 0, "Odoo counts the bounce")
                fallback = email.fallback_ids
                self.assertEqual((fallback.kind, fallback.action_type, fallback.state),
                                 ("fallback", "sms", "done"), fallback.error)
                self.assertSMSIapSent([customer._phone_format(number=customer.mobile,
                                                              force_format="E164")])
                # The agent sees the bounce and the SMS in the timeline.
                timeline = self.env["collection.workspace"].with_user(user).get_customer(
                    customer.id)["timeline"]
                self.assertTrue({"bounce", "sms"} <= {entry["kind"] for entry in timeline})

    def test_mail_server_refusal_runs_the_sms_fallback(self):
        """A real refusal: the only mail server is 127.0.0.1 on a closed port."""
        self.env["ir.mail_server"].search([]).active = False
        self.env["ir.mail_server"].create({
            "name": "Closed", "smtp_host": "127.0.0.1", "smtp_port": closed_port(),
            "smtp_encryption": "none", "sequence": 0})
        customer, email = self._mailed("Refused mail", mobile="+32 470 00 20 01")
        self.assertEqual(email.state, "sending")
        # Odoo skips SMTP in test mode: send for real (the refusal is logged).
        with patch.object(modules.module, "current_test", False), \
                mute_logger("odoo.addons.mail.models.mail_mail"), self.mockSMSGateway():
            self.env["mail.mail"].sudo().process_email_queue(ids=email.mail_id.ids)
        self.assertEqual(email.state, "failed")
        self.assertIn("Connection refused", email.error)
        fallback = email.fallback_ids
        self.assertEqual((fallback.action_type, fallback.state), ("sms", "done"), fallback.error)
        self.assertIn("Connection refused", fallback.reason)
