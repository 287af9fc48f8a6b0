# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Payment prediction as Dynamics 365 presents it: per invoice the
probabilities of on time / late / very late (the very-late threshold in days
in the settings), the top three factors in words, an activity type and a
threshold per class on the process, at most one prediction activity per
customer per run. As a Collections Agent and Manager, in two companies."""

from datetime import timedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .test_collection_process import CollectionProcessCase


@tagged("post_install", "-at_install")
class TestProcessPrediction(CollectionProcessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Type = cls.env["mail.activity.type"]
        cls.late_type = Type.create({"name": "Likely late", "res_model": "account.move"})
        cls.very_late_type = Type.create({"name": "Likely very late",
                                          "res_model": "account.move"})
        cls.processes = {
            company: cls._process(f"Predict {company.name}", pool, 1, [], company=company,
                                  use_prediction=True,
                                  prediction_late_activity_type_id=cls.late_type.id,
                                  prediction_very_late_activity_type_id=cls.very_late_type.id,
                                  prediction_late_threshold=50,
                                  prediction_very_late_threshold=50)
            for company, pool in ((cls.company_a, cls.pool_a), (cls.company_b, cls.pool_b))
        }
        for company in (cls.company_a, cls.company_b):
            company.write({"collection_prediction_days_before": 7,
                           "collection_prediction_very_late_days": 30})

    def _payer(self, company, name, days_late):
        customer = self._customer(f"{name} {company.name}")
        for weeks in (30, 24, 18, 12):
            invoice = self._invoice(customer, -7 * weeks, company=company)
            self._pay(invoice, invoice.invoice_date_due + timedelta(days=days_late))
        return customer

    def test_one_activity_per_customer_with_the_class_activity_type(self):
        for company in (self.company_a, self.company_b):
            with self.subTest(company=company.name):
                self._check_classes(company)

    def _check_classes(self, company):
        very_late = self._payer(company, "Very Late Payer", 45)
        late = self._payer(company, "Late Payer", 12)
        punctual = self._payer(company, "Punctual Payer", -1)
        first = self._invoice(very_late, 2, company=company)
        second = self._invoice(very_late, 5, company=company)
        late_invoice = self._invoice(late, 3, company=company)
        self._invoice(punctual, 3, company=company)
        process = self.processes[company].with_context(allowed_company_ids=company.ids)
        rows = [row for row in process.with_user(self.agent).simulate(self.today)
                if row["kind"] == "prediction"]
        self.assertEqual(sorted((row["partner_id"], row["move_id"]) for row in rows),
                         sorted([(very_late.id, first.id), (very_late.id, second.id),
                                 (late.id, late_invoice.id)]))
        lead_row = next(row for row in rows if row["move_id"] == first.id)
        self.assertIn("likely to be paid very late", lead_row["reason"])
        self.assertIn("% on time", lead_row["reason"])
        self.assertIn("paid more than 30 days late", lead_row["reason"], "a factor")
        self.assertEqual(next(row for row in rows if row["move_id"] == second.id)
                         ["sent_with_move_id"], first.id)

        actions = process.with_user(self.manager).run(self.today)
        activities = actions.activity_id
        self.assertEqual(len(activities), 2, "one activity per customer")
        by_move = {activity.res_id: activity for activity in activities}
        self.assertEqual(by_move[first.id].activity_type_id, self.very_late_type)
        self.assertEqual(by_move[late_invoice.id].activity_type_id, self.late_type)
        covered = actions.filtered(lambda a: a.move_id == second)
        self.assertEqual((covered.state, covered.parent_id.move_id, covered.activity_id.id),
                         ("done", first, False))
        self.assertFalse(process.with_user(self.manager).run(self.today).filtered(
            lambda a: a.kind == "prediction"), "once per invoice")

    def test_the_very_late_days_of_the_settings_decide_the_class(self):
        customer = self._payer(self.company_a, "Twenty Days", 20)
        invoice = self._invoice(customer, 3)
        process = self.processes[self.company_a]
        rows = process.with_user(self.agent).simulate(self.today)
        self.assertIn("likely to be paid late:",
                      next(r["reason"] for r in rows if r["move_id"] == invoice.id))
        self.company_a.collection_prediction_very_late_days = 10
        rows = process.with_user(self.agent).simulate(self.today)
        self.assertIn("likely to be paid very late",
                      next(r["reason"] for r in rows if r["move_id"] == invoice.id))

    def test_bad_thresholds_are_refused_naming_the_field(self):
        process = self.processes[self.company_a].with_user(self.manager)
        with self.assertRaisesRegex(ValidationError, "Late Payment Threshold.*140"):
            process.prediction_late_threshold = 140
        with self.assertRaisesRegex(ValidationError, "Very Late After.*0"):
            self.company_a.collection_prediction_very_late_days = 0
