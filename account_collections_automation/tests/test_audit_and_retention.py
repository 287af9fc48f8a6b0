# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Audit and retention of the process history: a process with "Create audit
activity" leaves a done activity on each customer it sends an e-mail or a
letter; the daily job removes history older than the company keeps, never a
row a document points to, nor one about an invoice still open; the setting
refuses a negative number of days."""

from datetime import timedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..engine import retention
from . import test_collection_process as base

MODULE = base.MODULE


@tagged("post_install", "-at_install")
class TestAuditActivity(base.CollectionProcessCase):
    def _audit_activities(self, customer):
        return self.env["mail.activity"].with_context(active_test=False).search([
            ("res_model", "=", "res.partner"), ("res_id", "=", customer.id),
            ("activity_type_id", "=",
             self.env.ref(f"{MODULE}.mail_activity_type_collection_audit").id)])

    def test_each_email_and_letter_leaves_a_done_activity_on_the_customer(self):
        steps = [dict(step) for step in base.STEPS]
        steps[1]["mail_template_id"] = self.template.id
        audited = self._process("Audited", self.pool_a, 1, steps, create_audit_activity=True)
        mailed = self._customer("Audit Mailed")
        self._invoice(mailed, -16)
        lettered = self._customer("Audit Lettered")
        self._invoice(lettered, -31)
        called = self._customer("Audit Called")
        self._invoice(called, -6)
        actions = audited.with_user(self.manager).run(self.today)
        self.assertEqual(sorted(actions.mapped("action_type")), ["activity", "email", "letter"])
        self.env["collection.action"]._collection_produce_documents()
        self.assertEqual(set(actions.mapped("state")) - {"done", "sending"}, set(),
                         actions.mapped("error"))
        sent = ((mailed, "E-mail (Mail)"), (lettered, "Collection letter (Letter)"))
        for customer, document in sent:
            audit = self._audit_activities(customer)
            self.assertEqual(len(audit), 1, customer.name)
            self.assertFalse(audit.active, "a done activity, kept")
            self.assertEqual(audit.summary, f"Audited: {document}")
            self.assertTrue(audit.date_done)
        self.assertFalse(self._audit_activities(called), "an activity step is no document")
        # Off: no audit trail.
        pool = self.env["collection.pool"].create({
            "name": "Quiet pool", "partner_domain": "[('ref', '=', 'COLLQUIET')]"})
        plain = self._process("Plain", pool, 2, steps)
        quiet = self._customer("Audit Quiet", ref="COLLQUIET")
        self._invoice(quiet, -16)
        plain.run(self.today)
        self.env["collection.action"]._collection_produce_documents()
        self.assertFalse(self._audit_activities(quiet))


@tagged("post_install", "-at_install")
class TestHistoryRetention(base.CollectionProcessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.process = cls._process("Retention", cls.pool_a, 1, [dict(base.STEPS[0])])
        cls.company = cls.company_a
        cls.step_key = 100000

    def _action(self, customer, days_ago, move=None, **values):
        self.step_key += 1  # each row its own history key
        return self.env["collection.action"].sudo().create({
            "partner_id": customer.id, "process_id": self.process.id,
            "company_id": self.company.id, "action_type": "activity", "kind": "step",
            "step_key": self.step_key,
            "date": self.today - timedelta(days=days_ago),
            "move_id": move.id if move else False, **values})

    def test_the_daily_job_keeps_documents_and_open_invoices(self):
        customer = self._customer("Retention Customer")
        open_invoice = self._invoice(customer, -100)
        paid_invoice = self._invoice(customer, -120)
        self._pay(paid_invoice, self.today - timedelta(days=90))
        self.assertEqual(paid_invoice.payment_state, "paid")
        letter = self.env["ir.attachment"].create({"name": "letter.pdf", "raw": b"%PDF-1.4"})
        message = customer.message_post(body="Reminder sent")
        self.company.collection_history_retention_days = 60
        rows = {
            "old, paid invoice": self._action(customer, 61, paid_invoice),
            "old, no invoice": self._action(customer, 400),
            "old, open invoice": self._action(customer, 61, open_invoice),
            "old, letter": self._action(customer, 61, paid_invoice, attachment_id=letter.id),
            "old, e-mail posted": self._action(customer, 61, paid_invoice,
                                               mail_message_id=message.id),
            "60 days old": self._action(customer, 60, paid_invoice),
        }
        expected_removed = {"old, paid invoice", "old, no invoice"}
        # The engine's rule and the job's search domain say the same of each row.
        cutoff = retention.retention_cutoff(self.today, 60)
        open_moves = self.env["account.move"].search(
            self.env["collection.ledger"]._open_invoice_domain())
        for name, row in rows.items():
            self.assertEqual(
                retention.may_remove(row.date, cutoff, row._collection_has_document(),
                                     row.move_id in open_moves),
                name in expected_removed, name)
        cron = self.env.ref(f"{MODULE}.ir_cron_collection_history_retention")
        cron.method_direct_trigger()
        gone = {name for name, row in rows.items() if not row.exists()}
        self.assertEqual(gone, expected_removed)
        # 0 keeps everything.
        self.company.collection_history_retention_days = 0
        self.assertEqual(self.env["collection.action"]._cron_purge_history(), 0)
        self.assertEqual(len([row for row in rows.values() if row.exists()]), 4)

    def test_another_company_keeps_its_own_history(self):
        customer = self._customer("Retention Customer B")
        paid_invoice = self._invoice(customer, -120)
        self._pay(paid_invoice, self.today - timedelta(days=90))
        row = self._action(customer, 200, paid_invoice)
        self.company.collection_history_retention_days = 0
        other = self.env["res.company"].create({"name": "Retention Other Company"})
        other.collection_history_retention_days = 10
        self.env["collection.action"]._cron_purge_history()
        self.assertTrue(row.exists(), "a company keeping its history for ever keeps it")

    def test_negative_days_are_refused_naming_the_field_and_value(self):
        kept = self.company.collection_history_retention_days
        settings = self.env["res.config.settings"].create({})
        with self.assertRaisesRegex(ValidationError, r"Days to Keep Process History: -5 is "
                                    r"negative"), self.cr.savepoint():
            settings.collection_history_retention_days = -5
            settings.execute()
        self.env.invalidate_all()
        self.assertEqual(self.company.collection_history_retention_days, kept)
