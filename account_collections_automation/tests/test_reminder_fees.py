# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Dynamic reminder fees (tiers) and the send-once-per-level rule, as a
Collections Agent and a Collections Manager, in two companies."""

from datetime import datetime, timedelta
from unittest.mock import patch

from odoo import Command, modules
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from .test_process_usage import closed_port
from .test_reminders import TODAY, ReminderCommon

MODULE = "account_collections_automation"

# From 0: 5 flat. From 1000: 10 + 1%, at least 22, at most 25. Per line: 2.
TIERS = (
    {"threshold": 0, "fixed_amount": 5},
    {"threshold": 1000, "fixed_amount": 10, "percentage": 1, "minimum_amount": 22,
     "maximum_amount": 25},
    {"threshold": 0, "fixed_amount": 2, "per_line": True},
)


@tagged("post_install", "-at_install")
class TestReminderFees(ReminderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = cls.env["res.users"].sudo().create({
            "name": "Fees Agent", "login": "fees_agent",
            "company_id": cls.company_a.id, "company_ids": [Command.set(cls.company_a.ids)],
            "groups_id": [Command.set([cls.env.ref(f"{MODULE}.group_collections_agent").id])],
        })

    @classmethod
    def _dynamic_term(cls, name, calculation, company=None, levels=1, tiers=TIERS):
        company = company or cls.company_a
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=company.ids))
        return env["collection.reminder.term"].create({
            "name": name,
            "company_id": company.id,
            "level_ids": [Command.create({
                "level": number, "grace_period": "0D", "due_date_formula": "10D",
                "fee_calculation": calculation,
                "fee_tier_ids": [Command.create(dict(tier)) for tier in tiers],
            }) for number in range(1, levels + 1)],
        })

    def _posted_fee(self, reminder):
        receivable = reminder.fee_move_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable")
        return receivable

    def test_single_and_accumulated_fees_posted_on_issue_reversed_on_cancel(self):
        single = self._dynamic_term("Single", "single_dynamic")
        accumulated = self._dynamic_term("Accumulated", "accumulated_dynamic")
        # 1500 owed: single 10 + 15 = 25 (the maximum), + 2 per line = 27;
        # accumulated: 10 + 1% of 500 = 15 raised to 22, + 5, + 2 per line = 29.
        for user in (self.agent, self.manager):
            for term, expected in ((single, 27.0), (accumulated, 29.0)):
                with self.subTest(user=user.login, calculation=term.level_ids.fee_calculation):
                    customer = self._customer(f"{term.name} {user.login}", term)
                    self._invoice(customer, TODAY - timedelta(days=20), 1500)
                    Reminder = self.Reminder.with_user(user)
                    reminder = Reminder.create_reminders(customer.with_user(user), date=TODAY)
                    self.assertEqual(reminder.fee_amount, expected)
                    fee_line = reminder.line_ids.filtered(lambda line: line.line_type == "fee")
                    self.assertEqual(fee_line.amount, expected)
                    self.assertEqual(reminder.total_due, 1500 + expected)
                    reminder.action_issue(TODAY)
                    receivable = self._posted_fee(reminder)
                    self.assertEqual(reminder.fee_move_id.state, "posted")
                    self.assertEqual(receivable.debit, expected, "the computed fee is posted")
                    income = reminder.fee_move_id.line_ids.filtered(
                        lambda line: line.account_id == self.income)
                    self.assertEqual(income.credit, expected)
                    reminder.action_cancel()
                    self.assertEqual(reminder.fee_move_id.reversal_move_ids.state, "posted")
                    self.assertTrue(receivable.reconciled, "the fee is reversed and matched")

    def test_amount_exactly_at_a_threshold(self):
        term = self._dynamic_term("At threshold", "single_dynamic")
        below = self._customer("Below", term)
        self._invoice(below, TODAY - timedelta(days=20), 999.99)
        at = self._customer("At", term)
        self._invoice(at, TODAY - timedelta(days=20), 1000)
        reminders = self.Reminder.create_reminders(below | at, date=TODAY)
        fees = {reminder.partner_id: reminder.fee_amount for reminder in reminders}
        self.assertEqual(fees, {below: 7.0, at: 24.0})  # 5 + 2; 10 + 10 raised to 22, + 2

    def test_company_tiers_converted_for_another_currency(self):
        """A reminder in a currency without tiers of its own: the company's,
        on the remaining amount converted at the posting date, the fee
        converted back. With tiers of its own (here only for the reminder's
        fee), those."""
        term = self._dynamic_term("Currencies", "single_dynamic")
        customer = self._customer("Foreign Customer", term)
        self._invoice(customer, TODAY - timedelta(days=20), 3000, currency=self.foreign)
        for user in (self.agent, self.manager):
            with self.subTest(user=user.login):
                reminder = self.Reminder.with_user(user).create_reminders(
                    customer.with_user(user), date=TODAY)
                # 2 foreign per company unit: 3000 is 1500, fee 25 + 2 per line = 27,
                # 54 in the reminder's currency.
                self.assertEqual(reminder.currency_id, self.foreign)
                self.assertEqual(reminder.fee_amount, 54.0)
                reminder.action_issue(TODAY)
                receivable = self._posted_fee(reminder)
                self.assertEqual(receivable.amount_currency, 54.0)
                self.assertEqual(receivable.currency_id, self.foreign)
                self.assertAlmostEqual(receivable.debit, 27.0)
                reminder.action_cancel()
        term.level_ids.fee_tier_ids = [Command.create(
            {"currency_id": self.foreign.id, "threshold": 0, "fixed_amount": 7})]
        reminder = self.Reminder.create_reminders(customer, date=TODAY)
        # Its own tier for the reminder (7), the company's per-line tier converted (4).
        self.assertEqual(reminder.fee_amount, 11.0)

    def test_fee_converted_again_at_a_replaced_posting_date(self):
        """Issued with the posting date replaced by the issuing date, a
        reminder in another currency converts its fee at that date's rate
        (the fee entry is dated on it), its texts say the new fee; kept, the
        fee of the reminder's date stays. As an agent and a manager."""
        term = self._dynamic_term("Posting rate", "single_dynamic")
        term.level_ids.ending_text = "<p>Fees {fees}, total {total}</p>"
        customer = self._customer("Posting Rate Customer", term)
        self._invoice(customer, TODAY - timedelta(days=20), 3000, currency=self.foreign)
        created = TODAY - timedelta(days=5)
        # 2 foreign per company unit until TODAY, then 4.
        self.env["res.currency.rate"].sudo().create({
            "currency_id": self.foreign.id, "company_id": self.company_a.id,
            "name": TODAY, "rate": 4.0})
        for user in (self.agent, self.manager):
            with self.subTest(user=user.login):
                Reminder = self.Reminder.with_user(user)
                reminder = Reminder.create_reminders(customer.with_user(user), date=created)
                # At 2: 3000 is 1500, fee 25 + 2 per line = 27, 54 foreign.
                self.assertEqual(reminder.fee_amount, 54.0)
                reminder.action_issue(TODAY)  # the posting date kept: 54 stays
                self.assertEqual((reminder.posting_date, reminder.fee_amount), (created, 54.0))
                reminder.action_cancel()
                reminder = Reminder.create_reminders(customer.with_user(user), date=created)
                reminder.action_issue(TODAY, replace_posting_date=True)
                # At 4: 3000 is 750, fee 5 + 2 per line = 7, 28 foreign.
                self.assertEqual((reminder.posting_date, reminder.fee_amount), (TODAY, 28.0))
                self.assertEqual(reminder.total_due, 3028.0)
                self.assertIn("Fees 28.00", str(reminder.ending_text))
                receivable = self._posted_fee(reminder)
                self.assertEqual(receivable.date, TODAY)
                self.assertEqual(receivable.amount_currency, 28.0)
                self.assertAlmostEqual(receivable.debit, 7.0)
                self.assertTrue(any("54.00" in str(body) and "28.00" in str(body)
                                    for body in reminder.message_ids.mapped("body")))
                reminder.action_cancel()

    def test_line_fee_once_per_invoice_per_level(self):
        """The last level repeats: a second reminder at level 1 charges its
        fee again, but a line fee only for the invoice new at the level."""
        fixed = self.env["collection.reminder.term"].create({
            "name": "Fixed one level", "level_ids": [Command.create({
                "level": 1, "grace_period": "0D", "due_date_formula": "10D",
                "additional_fee": 5, "fee_per_line": 2})]})
        dynamic = self._dynamic_term("Dynamic one level", "single_dynamic")
        for term in (fixed, dynamic):
            with self.subTest(calculation=term.level_ids.fee_calculation):
                customer = self._customer(f"Lines {term.name}", term)
                self._invoice(customer, TODAY - timedelta(days=20), 100)
                self._invoice(customer, TODAY - timedelta(days=15), 200)
                first = self.Reminder.create_reminders(customer, date=TODAY)
                self.assertEqual(first.fee_amount, 9.0)  # 5 + 2 x 2
                first.action_issue(TODAY)
                later = TODAY + timedelta(days=11)
                self._invoice(customer, later - timedelta(days=3), 300)
                second = self.Reminder.create_reminders(customer, date=later)
                self.assertEqual(second.level, 1)
                # The two invoices again, the new one, and the first reminder's fee
                # entry (an open receivable too, due since its due date).
                raised = second.line_ids.filtered("new_level")
                self.assertEqual(len(raised), 4)
                self.assertIn(first.fee_move_id, raised.move_id)
                self.assertEqual(second.fee_amount, 9.0,
                                 "5 + 2 for the new invoice and 2 for the fee entry; "
                                 "none again for the two invoices already at level 1")
                second.action_issue(later)
                self.assertEqual(self._posted_fee(second).debit, 9.0)

    def test_bad_tiers_are_refused_naming_field_and_value(self):
        term = self._dynamic_term("Bad tiers", "accumulated_dynamic")
        level = term.level_ids
        with self.refused(ValidationError, r"Remaining Amount From: two tiers of .*Level 1, "
                                           r".* fee tiers start from 1000"):
            level.fee_tier_ids = [Command.create({"threshold": 1000, "fixed_amount": 3})]
        with self.refused(ValidationError, r"Min\. Additional Fee: 30\.0 is above the maximum "
                                           r"20\.0"):
            level.fee_tier_ids = [Command.create(
                {"threshold": 50, "minimum_amount": 30, "maximum_amount": 20})]
        with self.refused(ValidationError, r"Additional Fee %: -1\.0 must not be negative"):
            level.fee_tier_ids[0].percentage = -1
        with self.refused(ValidationError, r"Additional Fee %: 100\.5 must be 100 or less"):
            level.fee_tier_ids[0].percentage = 100.5
        # The same threshold in another currency, or for line fees: fine.
        level.fee_tier_ids = [Command.create(
            {"threshold": 1000, "fixed_amount": 3, "currency_id": self.foreign.id}),
            Command.create({"threshold": 1000, "fixed_amount": 3, "per_line": True})]
        # An empty currency is the company's.
        with self.refused(ValidationError, "start from 1000"):
            level.fee_tier_ids = [Command.create(
                {"threshold": 1000, "currency_id": self.company_a.currency_id.id})]

    def test_tiers_per_company_and_group(self):
        term_b = self._dynamic_term("Company B tiers", "single_dynamic",
                                    company=self.company_b)
        customer_b = self._customer("Customer B", term_b, company=self.company_b)
        self._invoice(customer_b, TODAY - timedelta(days=20), 1500, company=self.company_b)
        env_b = self.env(context=dict(self.env.context, allowed_company_ids=[self.company_b.id]))
        reminder = env_b["collection.reminder"].create_reminders(customer_b, date=TODAY)
        self.assertEqual((reminder.company_id, reminder.fee_amount), (self.company_b, 27.0))
        Tier = self.env["collection.reminder.fee.tier"]
        self.assertFalse(Tier.with_user(self.agent).search(
            [("level_id.term_id", "=", term_b.id)]), "company A's agent sees no B tiers")
        self.assertEqual(len(Tier.with_user(self.manager).with_context(
            allowed_company_ids=[self.company_b.id]).search(
            [("level_id.term_id", "=", term_b.id)])), 3)
        term_a = self._dynamic_term("Company A tiers", "single_dynamic")
        tier = term_a.level_ids.fee_tier_ids[0].with_user(self.agent)
        self.assertEqual(tier.fixed_amount, 5.0, "agents read the tiers")
        with self.refused(AccessError, "Reminder Level Fee Tier"):
            tier.fixed_amount = 1

    def test_create_queries_do_not_grow_with_customers_or_tiers(self):
        """The tiers of every level are read once: the same queries for 3 and
        12 customers under several dynamic terms."""
        terms = [self._dynamic_term(f"Queries {index}", calculation, levels=3)
                 for index, calculation in enumerate(
                     ("single_dynamic", "accumulated_dynamic", "single_dynamic"))]

        def count_queries(number):
            partners = self.env["res.partner"]
            for index in range(number):
                partner = self._customer(f"Tiers {number} {index}", terms[index % 3])
                self._invoice(partner, TODAY - timedelta(days=20), 1500)
                partners |= partner
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            reminders = self.Reminder.create_reminders(partners, date=TODAY)
            self.assertEqual(len(reminders), number)
            self.assertEqual(set(reminders.mapped("fee_amount")), {27.0, 29.0})
            return self.env.cr.sql_log_count - before

        count_queries(3)  # warm the caches up
        self.assertEqual(count_queries(12), count_queries(3))


@tagged("post_install", "-at_install")
class TestSendOncePerLevel(ReminderCommon):
    def _automation(self, **send_values):
        return self.env["collection.automation"].create({
            "name": "Send once per level",
            "term_ids": [Command.set(self.term.ids)],
            "action_ids": [
                Command.create({"sequence": 1, "action_type": "create"}),
                Command.create({"sequence": 2, "action_type": "issue"}),
                Command.create({"sequence": 3, "action_type": "send", "max_send_count": 0,
                                **send_values}),
            ],
        })

    def _run(self, automation, day):
        with freeze_time(datetime.combine(day, datetime.min.time()) + timedelta(hours=9)):
            return automation.run(day)

    def test_send_once_per_level_then_again_after_the_interval(self):
        self._invoice(self.customer, TODAY - timedelta(days=20), 100)
        automation = self._automation()
        logs = self._run(automation, TODAY)
        reminder = self.Reminder.search([("automation_id", "=", automation.id)])
        self.assertEqual(logs[2].sent_count, 1)
        self.assertEqual((reminder.email_sent_count, reminder.level_email_sent_count,
                          reminder.last_email_level), (1, 1, 1))
        self.assertEqual(reminder.last_email_at.date(), TODAY)

        # The next day: e-mailed at its level already, not again.
        logs = self._run(automation, TODAY + timedelta(days=1))
        self.assertEqual((logs[2].sent_count, logs[2].skipped_count), (0, 1))
        self.assertIn("already e-mailed at level 1", logs[2].line_ids.message)
        self.assertEqual(reminder.email_sent_count, 1)

        # Several times per level, at least 3 days apart.
        send = automation.action_ids.filtered(lambda a: a.action_type == "send")
        send.write({"send_multiple_per_level": True, "min_send_interval": "3D"})
        logs = self._run(automation, TODAY + timedelta(days=2))
        self.assertEqual(logs[2].sent_count, 0)
        self.assertIn("minimum interval has not passed", logs[2].line_ids.message)
        logs = self._run(automation, TODAY + timedelta(days=3))
        self.assertEqual(logs[2].sent_count, 1)
        self.assertEqual((reminder.email_sent_count, reminder.level_email_sent_count,
                          reminder.last_email_level), (2, 2, 1))
        self.assertEqual(reminder.last_email_at.date(), TODAY + timedelta(days=3))
        self.assertEqual(self.env["mail.mail"].sudo().search_count(
            [("model", "=", "collection.reminder"), ("res_id", "=", reminder.id)]), 2)

        # An agent sends by hand when asked (no rule), and the counts go on.
        agent = self.env["res.users"].sudo().create({
            "name": "Send Agent", "login": "send_agent", "email": "agent@example.com",
            "company_id": self.company_a.id, "company_ids": [Command.set(self.company_a.ids)],
            "groups_id": [Command.set([self.env.ref(f"{MODULE}.group_collections_agent").id])],
        })
        reminder.with_user(agent).action_send()
        self.assertEqual(reminder.email_sent_count, 3)

    def test_failure_is_recorded(self):
        quiet = self._customer("No Address", self.term, email=False)
        self._invoice(quiet, TODAY - timedelta(days=20), 100)
        logs = self._run(self._automation(), TODAY)
        reminder = self.Reminder.search([("partner_id", "=", quiet.id)])
        self.assertEqual(logs[2].failed_count, 1)
        self.assertIn("no e-mail address", reminder.last_send_failure)
        self.assertTrue(reminder.last_send_failure_at)
        self.assertFalse(reminder.email_sent_count)

    def test_mail_server_refusal_is_the_last_failure_and_is_sent_again(self):
        """A real refusal: the only mail server is 127.0.0.1 on a closed port.
        The reminder records the server's reason, the e-mail does not count
        as sent at its level, and the next run e-mails it again."""
        self.env["ir.mail_server"].sudo().search([]).active = False
        self.env["ir.mail_server"].sudo().create({
            "name": "Closed", "smtp_host": "127.0.0.1", "smtp_port": closed_port(),
            "smtp_encryption": "none", "sequence": 0})
        self._invoice(self.customer, TODAY - timedelta(days=20), 100)
        automation = self._automation()
        self._run(automation, TODAY)
        reminder = self.Reminder.search([("automation_id", "=", automation.id)])
        self.assertEqual((reminder.email_sent_count, reminder.last_email_level), (1, 1))
        mail = self.env["mail.mail"].sudo().search(
            [("model", "=", "collection.reminder"), ("res_id", "=", reminder.id)])
        # Odoo skips SMTP in test mode: send for real. The refusal is logged
        # as an error by mail: expected here.
        with patch.object(modules.module, "current_test", False), \
                mute_logger("odoo.addons.mail.models.mail_mail"):
            mail.process_email_queue(ids=mail.ids)
        self.assertEqual(mail.state, "exception")
        self.assertIn("Connection refused", reminder.last_send_failure)
        self.assertTrue(reminder.last_send_failure_at)
        self.assertEqual((reminder.email_sent_count, reminder.level_email_sent_count,
                          reminder.last_email_level), (0, 0, 0))
        logs = self._run(automation, TODAY + timedelta(days=1))
        self.assertEqual(logs[2].sent_count, 1, "e-mailed again: the first was refused")
        self.assertEqual((reminder.email_sent_count, reminder.last_email_level), (1, 1))

    def test_bad_minimum_interval_is_refused(self):
        with self.refused(ValidationError,
                          r"Minimum Interval Between Sends: '3X' is not a valid date formula"
                          r".*position 1"):
            self._automation(send_multiple_per_level=True, min_send_interval="3X")
