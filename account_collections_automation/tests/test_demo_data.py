# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The demo database as a collections team opens it: English installed, the
admin in English, customers in their own language, no invoice dated in the
future, the demo run's documents left to the document queue (made once the
server runs, in each customer's language, or at once when opened); and the
module found in Apps as an application."""

import unittest
from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

MODULE = "account_collections_automation"


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref(f"{MODULE}.demo_customer_01", raise_if_not_found=False):
            raise unittest.SkipTest("installed without demo data")
        cls.customers = cls.env["res.partner"].browse([
            cls.env.ref(f"{MODULE}.demo_customer_{index:02d}").id for index in range(1, 46)])

    def test_english_installed_and_the_admin_speaks_it(self):
        self.assertTrue(self.env["res.lang"]._lang_get("en_US"), "English is installed")
        self.assertEqual(self.env.ref("base.user_admin").lang, "en_US")

    def test_customers_in_their_language(self):
        for customer in self.customers:
            country = customer.country_id.code
            if country in ("FR", "BE") and self.env["res.lang"]._lang_get("fr_FR"):
                expected = "fr_FR"
            elif country == "NO" and self.env["res.lang"]._lang_get("nb_NO"):
                expected = "nb_NO"
            else:
                expected = "en_US"
            self.assertEqual(customer.lang, expected, customer.name)

    def test_no_invoice_dated_in_the_future(self):
        today = fields.Date.context_today(self.env.user)
        moves = self.env["account.move"].search([
            ("partner_id", "in", self.customers.ids),
            ("move_type", "in", ("out_invoice", "out_refund"))])
        self.assertGreater(len(moves), 400)
        self.assertEqual(moves.filtered(lambda m: m.invoice_date > today).mapped("name"), [])
        self.assertTrue(moves.filtered(lambda m: m.invoice_date_due > today),
                        "invoices not yet due are there all the same")
        payments = self.env["account.payment"].search([("partner_id", "in", self.customers.ids)])
        self.assertFalse(payments.filtered(lambda p: p.date > today))

    def test_demo_run_leaves_its_documents_to_the_queue(self):
        """Installing renders no e-mail and no PDF (no server, no translations
        yet): the demo run's e-mails and letters are queued, and the queue is
        started; the queue makes them in each customer's language."""
        processes = self.env.ref(f"{MODULE}.demo_process_france") | self.env.ref(
            f"{MODULE}.demo_process_norway")
        history = self.env["collection.action"].search([("process_id", "in", processes.ids)])
        documents = history.filtered(lambda a: a.action_type in ("email", "letter"))
        self.assertTrue(documents)
        self.assertEqual(set(documents.mapped("state")), {"queued"})
        self.assertFalse(documents.mail_message_id)
        self.assertFalse(documents.attachment_id)
        cron = self.env.ref(f"{MODULE}.ir_cron_collection_documents")
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]))

        # A letter opened before the queue made it is made at once.
        letter = documents.filtered(
            lambda a: a.action_type == "letter" and not a.step_id.reminder_level_id)[:1]
        if letter:
            letter.action_open_document()
            self.assertEqual(letter.state, "done", letter.error)
            self.assertTrue(letter.attachment_id)

        # The queue renders each e-mail in its recipient's language.
        for code in ("fr_FR", "nb_NO"):
            self.env["res.lang"]._activate_lang(code)
        self.env["ir.module.module"]._load_module_terms([MODULE], ["fr_FR", "nb_NO"],
                                                        overwrite=True)
        emails = documents.filtered(lambda a: a.action_type == "email")
        self.env["collection.action"]._collection_produce_documents(emails.ids)
        # Posted and handed to the mail queue: "sending" until the mail server accepts it.
        self.assertEqual(set(emails.mapped("state")), {"sending"}, emails.mapped("error"))
        french = emails.filtered(lambda a: a.mail_message_id.partner_ids[:1].lang == "fr_FR")
        norwegian = emails.filtered(lambda a: a.mail_message_id.partner_ids[:1].lang == "nb_NO")
        for action in french:
            self.assertIn("Bonjour", str(action.mail_message_id.body), action.partner_id.name)
        for action in norwegian:
            self.assertNotIn("Dear", str(action.mail_message_id.body), action.partner_id.name)
        # The Norwegian process leaves an audit trail of what it sent.
        audit_type = self.env.ref(f"{MODULE}.mail_activity_type_collection_audit")
        norway = self.env.ref(f"{MODULE}.demo_process_norway")
        self.assertTrue(norway.create_audit_activity)
        self.assertTrue(self.env.ref(f"{MODULE}.demo_process_france").track_step)
        for action in emails.filtered(lambda a: a.process_id == norway):
            audit = self.env["mail.activity"].with_context(active_test=False).search([
                ("res_model", "=", "res.partner"), ("res_id", "=", action.partner_id.id),
                ("activity_type_id", "=", audit_type.id)])
            self.assertTrue(audit, action.partner_id.name)
            self.assertFalse(any(audit.mapped("active")), "done activities, kept")
        self.assertEqual(self.env.ref("base.main_company").collection_history_retention_days,
                         730)
        if not french | norwegian:
            self.skipTest("the demo customers were created without French or Norwegian")

    def test_performance_snapshots_show_a_history(self):
        """The demo's back-fill: month-end snapshots of the past months and
        today's, so that the performance graphs have a history."""
        snapshots = self.env["collection.kpi.snapshot"].search([
            ("company_id", "=", self.env.company.id), ("dimension", "=", "company")])
        past = [day for day in snapshots.mapped("date")
                if day < fields.Date.context_today(snapshots)]
        self.assertGreaterEqual(len(past), 4, "several past month-ends")
        self.assertTrue(all(row.receivable_total > 0 for row in snapshots))

    def test_found_in_apps_as_an_application(self):
        module = self.env["ir.module.module"].search([("name", "=", MODULE)])
        self.assertTrue(module.application)
        self.assertEqual(module.icon, f"/{MODULE}/static/description/icon.png")
        self.assertTrue(module.icon_image, "the icon file exists")
        # The Apps menu's default filter ("Apps": application) and a search.
        found = self.env["ir.module.module"].search(
            [("application", "=", True), ("shortdesc", "ilike", "Collections")])
        self.assertIn(module, found)

    def test_each_status_on_demo_items_and_an_installment_invoice(self):
        lines = self.env["account.move.line"].search([
            ("partner_id", "in", self.customers.ids), ("display_type", "=", "payment_term"),
            ("parent_state", "=", "posted")])
        statuses = set(lines.mapped("collection_status"))
        self.assertEqual(statuses, {"none", "disputed", "promised", "resolved", "broken"})
        disputed = lines.filtered(lambda line: line.collection_status == "disputed")
        self.assertTrue(all(disputed.mapped("collection_dispute_reason_id")))
        installments = self.env.ref(f"{MODULE}.demo_installment_invoice")
        items = installments.collection_item_ids.sorted("date_maturity")
        self.assertEqual(len(items), 2)
        self.assertEqual(items.mapped("collection_status"), ["disputed", "promised"])
        self.assertEqual(installments.collection_status, "disputed")

    def test_collection_letter_sequence_with_a_block_level(self):
        """Issue 14's letters in the demo: the German customers' process has
        letter steps on a collection letter sequence (reminder terms), whose
        second level has the Block flag. The install's run issued each of
        them the first level; the next letter, a month on, the Block level,
        which puts the account on hold."""
        term = self.env.ref(f"{MODULE}.demo_reminder_term_letters")
        level_1, level_2 = term.level_ids.sorted("level")
        self.assertEqual((level_1.block_customer, level_2.block_customer), (False, True))
        process = self.env.ref(f"{MODULE}.demo_process_letter_sequence")
        self.assertEqual(set(process.step_ids.mapped("action_type")), {"letter"})
        self.assertEqual(process.step_ids.reminder_term_id, term)
        self.assertFalse(process.step_ids.reminder_level_id, "the sequence, not a fixed level")
        germans = self.customers.filtered(lambda customer: customer.country_id.code == "DE")
        self.assertEqual(len(germans), 2)

        # The install's run: one letter per German customer, left to the
        # document queue (see above); made, it is a reminder at the first level.
        Action = self.env["collection.action"]
        first = Action.search([("process_id", "=", process.id)])
        self.assertEqual(first.partner_id, germans)
        self.assertEqual((set(first.mapped("action_type")), set(first.mapped("state"))),
                         ({"letter"}, {"queued"}))
        Action._collection_produce_documents(first.ids)
        letters = first.filtered("reminder_id")
        self.assertEqual(letters.partner_id, germans, first.mapped("error"))
        self.assertEqual(letters.reminder_id.level_id, level_1)
        self.assertEqual(set(letters.reminder_id.mapped("state")), {"issued"})
        self.assertEqual(set(germans.mapped("collection_account_status")), {"active"})

        # The next letter, a month on: the Block level, the accounts on hold.
        later = fields.Date.context_today(self.env.user) + timedelta(days=30)
        second = process.run(later)
        self.assertEqual(second.partner_id, germans)
        Action._collection_produce_documents(second.ids)
        self.assertEqual(second.filtered("reminder_id").partner_id, germans,
                         second.mapped("error"))
        self.assertEqual(second.reminder_id.level_id, level_2)
        self.assertEqual(set(germans.mapped("collection_account_status")), {"on_hold"})
