# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Issue 14, track step and exclusion after the last step, as Odoo runs them:
a disputed item that comes back resumes at the step after the last one done
for it (track step on) instead of jumping to the step reached by today; an
item that had the last step leaves the process and the next oldest leads; a
process with the exclusion and no step is refused naming the field."""

from datetime import timedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common_two_companies import TwoCompaniesStatusCase
from .test_collection_process import STEPS


@tagged("post_install", "-at_install")
class TestTrackStep(TwoCompaniesStatusCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.processes = cls._company_processes("Tracked", STEPS)
        cls.processes[cls.company_a].track_step = True

    def _steps_taken(self, customer, company, days_ago=0):
        process = self.processes[company]
        actions = process.with_user(self.manager).with_context(
            allowed_company_ids=company.ids).run(self.today - timedelta(days=days_ago))
        actions = actions.filtered(lambda a: a.partner_id == customer and a.kind == "step")
        return [(action.move_id, action.step_id.name) for action in actions]

    def test_a_disputed_item_back_resumes_at_the_next_step(self):
        company = self.company_a
        customer = self._customer("Tracked Customer")
        invoice = self._invoice(customer, due_in=-45, company=company)
        # 39 days ago the invoice was 6 days past due: the call.
        self.assertEqual(self._steps_taken(customer, company, days_ago=39), [(invoice, "Call")])
        self._wizard(self.agent, company, {
            "collection_status": "disputed", "dispute_reason_id": self.price.id},
            moves=invoice).action_apply()
        self.assertEqual(self._steps_taken(customer, company), [], "disputed: not chased")
        # Resolved 45 days past due: the letter is reached, but the mail comes first.
        self._wizard(self.manager, company, {"collection_status": "resolved"},
                     moves=invoice).action_apply()
        simulated = [row for row in self.processes[company].with_user(self.agent).with_context(
            allowed_company_ids=company.ids).simulate(self.today)
            if row["partner_id"] == customer.id]
        mail = self.processes[company].step_ids.filtered(lambda step: step.name == "Mail")
        self.assertEqual([row["step_id"] for row in simulated], mail.ids)
        self.assertIn("the next after 'Call'", simulated[0]["reason"])
        self.assertEqual(self._steps_taken(customer, company), [(invoice, "Mail")])
        # One step a run (quiet days space them): the letter at the next run, then nothing.
        self.assertEqual(self._steps_taken(customer, company), [(invoice, "Letter")])
        self.assertEqual(self._steps_taken(customer, company), [], "never a step twice")

    def test_without_track_step_the_step_reached_by_today(self):
        company = self.company_b
        customer = self._customer("Untracked Customer", ref="COLLB")
        invoice = self._invoice(customer, due_in=-45, company=company)
        self.assertEqual(self._steps_taken(customer, company, days_ago=39), [(invoice, "Call")])
        self.assertEqual(self._steps_taken(customer, company), [(invoice, "Letter")])

    def test_an_item_after_the_last_step_leaves_and_the_next_leads(self):
        company = self.company_a
        process = self.processes[company]
        process.write({"track_step": False, "exclude_after_last_step": True})
        customer = self._customer("Excluded Customer")
        oldest = self._invoice(customer, due_in=-45, company=company)
        newer = self._invoice(customer, due_in=-16, company=company)
        self.assertEqual(self._steps_taken(customer, company), [(oldest, "Letter")])
        self.assertEqual(self._steps_taken(customer, company), [(newer, "Mail")])
        process.exclude_after_last_step = False
        self.assertEqual(self._steps_taken(customer, company), [],
                         "off: the oldest leads again and nothing is repeated")

    def test_the_exclusion_without_steps_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "Exclude After Last Step: set on process "
                                    "Empty"), self.cr.savepoint():
            self.env["collection.process"].with_user(self.manager).create({
                "name": "Empty", "rank": 77, "company_id": self.company_a.id,
                "exclude_after_last_step": True,
                "step_ids": [(0, 0, dict(STEPS[0], timing="before", pre_reminder=True))]})
        self.assertFalse(self.env["collection.process"].search([("name", "=", "Empty")]))
