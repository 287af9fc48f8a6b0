# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Issue 14: the collections status lives on each open item (each installment
its own), bad input is refused, a daily job breaks the promises not kept, and
the statuses drive the process and the reminders. As a Collections Agent and a
Collections Manager, in two companies, with an invoice on a two-installment
payment term, a partial payment, a credit note and a promise that breaks."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common_two_companies import MODULE, TwoCompaniesStatusCase
from .test_collection_process import STEPS


@tagged("post_install", "-at_install")
class TestCollectionStatuses(TwoCompaniesStatusCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.processes = cls._company_processes("Statuses", STEPS)

    def test_the_workspace_changes_the_status_of_the_selected_installments(self):
        customer = self._customer("Workspace Items")
        invoice = self._installment_invoice(customer, 40)
        first, second = self._items(invoice)
        action = second.with_user(self.agent).action_collection_change_status()
        self.assertEqual((action["res_model"], action["context"]["active_model"],
                          action["context"]["active_ids"]),
                         ("collection.status.wizard", "account.move.line", second.ids))
        wizard = self.env["collection.status.wizard"].with_user(self.agent).with_context(
            **action["context"]).create({"collection_status": "promised",
                                         "promise_date": self.today})
        self.assertEqual((wizard.move_ids, wizard.move_line_ids, wizard.promise_amount),
                         (invoice, second, 100))
        wizard.action_apply()
        self.assertEqual((first.collection_status, second.collection_status),
                         ("none", "promised"))

    def _status_messages(self, move):
        subtype = self.env.ref(f"{MODULE}.mt_collection_status")
        return move.message_ids.filtered(lambda message: message.subtype_id == subtype)

    def _simulate(self, company):
        process = self.processes[company].with_user(self.manager).with_company(company)
        return process.simulate(self.today)

    # -- statuses per item ------------------------------------------------------
    def test_each_installment_has_its_status_as_agent_and_manager_in_two_companies(self):
        for user in (self.agent, self.manager):
            for company in (self.company_a, self.company_b):
                with self.subTest(user=user.name, company=company.name):
                    customer = self._customer(f"Items {user.id} {company.id}")
                    invoice = self._installment_invoice(customer, 40, company=company)
                    first, second = self._items(invoice)
                    self.assertEqual(
                        (first.date_maturity, second.date_maturity),
                        (self.today - timedelta(days=40), self.today - timedelta(days=10)))
                    self._wizard(user, company, {
                        "collection_status": "disputed", "dispute_reason_id": self.price.id,
                        "note": "Price list of last year"}, lines=first).action_apply()
                    self.assertEqual(
                        (first.collection_status, second.collection_status),
                        ("disputed", "none"))
                    self.assertEqual(first.collection_dispute_reason_id, self.price)
                    self.assertEqual(first.collection_dispute_note, "Price list of last year")
                    self.assertEqual(invoice.collection_status, "disputed")
                    told = self._status_messages(invoice)
                    self.assertEqual(len(told), 1)
                    self.assertIn("None → Disputed", told.body)
                    self.assertIn("Wrong price", told.body)
                    self.assertEqual(told.author_id, user.partner_id)
                    # The other installment is promised; the invoice still shows the dispute.
                    promise = self.today + timedelta(days=5)
                    self._wizard(user, company, {
                        "collection_status": "promised", "promise_date": promise,
                        "promise_amount": 60}, lines=second).action_apply()
                    self.assertEqual((second.collection_status, second.collection_promise_date,
                                      second.collection_promise_amount,
                                      second.collection_promise_state),
                                     ("promised", promise, 60, "pending"))
                    self.assertEqual(invoice.collection_status, "disputed")
                    # Resolved, with a resolution note: the invoice shows the promise.
                    self._wizard(user, company, {
                        "collection_status": "resolved", "note": "Credit note agreed"},
                        lines=first).action_apply()
                    self.assertEqual((first.collection_status, first.collection_resolution_note),
                                     ("resolved", "Credit note agreed"))
                    self.assertEqual(invoice.collection_status, "promised")
                    self.assertEqual(len(self._status_messages(invoice)), 3)
                    # The customer's workspace: tabs and counts from the items, the timeline.
                    workspace = self.env["collection.workspace"].with_user(user).with_context(
                        allowed_company_ids=company.ids).with_company(company)
                    data = workspace.get_customer(customer.id)
                    self.assertEqual(data["disputed"], [])
                    self.assertEqual([(row["id"], row["promise_state"])
                                      for row in data["promised"]], [(second.id, "pending")])
                    self.assertEqual(
                        {row["id"]: row["collection_status"] for row in data["open_items"]},
                        {first.id: "resolved", second.id: "promised"})
                    statuses = [entry for entry in data["timeline"] if entry["kind"] == "status"]
                    self.assertEqual(len(statuses), 3)
                    self.assertTrue(any("Resolved" in entry["details"]
                                        and "Credit note agreed" in entry["details"]
                                        for entry in statuses), statuses)

    def test_the_invoice_wizard_applies_to_all_open_items(self):
        customer = self._customer("Whole Invoice")
        invoice = self._installment_invoice(customer, 40, amount=300)
        first, second = self._items(invoice)
        self._pay(invoice, self.today, amount=100)  # the first installment, partly
        self.assertEqual((first.amount_residual, second.amount_residual), (50, 150))
        # The promise is spread over the open items, oldest due first.
        self._wizard(self.agent, self.company_a, {
            "collection_status": "promised", "promise_date": self.today,
            "promise_amount": 120}, moves=invoice).action_apply()
        self.assertEqual((first.collection_promise_amount, second.collection_promise_amount),
                         (50, 70))
        self.assertEqual((invoice.collection_promise_amount, invoice.collection_promise_date),
                         (120, self.today))
        self._wizard(self.agent, self.company_a, {
            "collection_status": "disputed", "dispute_reason_id": self.price.id},
            moves=invoice).action_apply()
        self.assertEqual(set(invoice.collection_item_ids.mapped("collection_status")),
                         {"disputed"})
        self.assertFalse(invoice.collection_item_ids.filtered("collection_promise_date"))

    # -- bad input ---------------------------------------------------------------
    def test_bad_input_is_refused_naming_field_and_value_and_nothing_is_written(self):
        customer = self._customer("Bad Input")
        invoice = self._installment_invoice(customer, 40)
        first, second = self._items(invoice)
        paid = self._invoice(customer, due_in=-5)
        self._pay(paid, self.today)
        draft = self._invoice(customer, due_in=-5, post=False)
        past = self.today - timedelta(days=1)
        cases = [
            ("paid", {"collection_status": "disputed", "dispute_reason_id": self.price.id},
             {"moves": paid},
             r"Items: .* has no open item; no status change on a paid invoice"),
            ("paid item", {"collection_status": "disputed", "dispute_reason_id": self.price.id},
             {"lines": paid.collection_item_ids},
             r"Collections Status: .* is paid, nothing is left to collect; no status "
             r"Disputed on a paid item"),
            ("draft", {"collection_status": "resolved"}, {"lines": draft.collection_item_ids},
             r"Collections Status: .* is not posted; no status Resolved on a draft item"),
            ("past", {"collection_status": "promised", "promise_date": past,
                      "promise_amount": 10}, {"lines": second},
             r"Promised Payment Date: .* is in the past"),
            ("above", {"collection_status": "promised", "promise_date": self.today,
                       "promise_amount": 100.01}, {"lines": second},
             r"Promised Amount: .*100\.01.* is above the open amount .*100\.00.* of"),
            ("above, invoice", {"collection_status": "promised", "promise_date": self.today,
                                "promise_amount": 250}, {"moves": invoice},
             r"Promised Amount: .*250\.00.* is above the open amount .*200\.00.* of the items"),
            ("no reason", {"collection_status": "disputed"}, {"lines": first | second},
             r"Dispute Reason: a dispute needs a reason"),
        ]
        for name, values, target, message in cases:
            with self.subTest(name), self.assertRaisesRegex(ValidationError, message):
                self._wizard(self.agent, self.company_a, values, **target).action_apply()
        # The model refuses the same on a direct write.
        with self.assertRaisesRegex(ValidationError, "Promised Payment Date: .* is in the past"):
            second.with_user(self.agent).write({
                "collection_status": "promised", "collection_promise_date": past,
                "collection_promise_amount": 10})
        with self.assertRaisesRegex(ValidationError, "no status Disputed on a paid item"):
            paid.collection_item_ids.with_user(self.manager).write({
                "collection_status": "disputed", "collection_dispute_reason_id": self.price.id})
        moves = invoice | paid | draft
        self.assertEqual(set(moves.line_ids.mapped("collection_status")), {"none"})
        self.assertFalse(moves.line_ids.filtered("collection_promise_date"))
        for move in moves:
            self.assertFalse(self._status_messages(move))

    def test_dispute_reasons_are_kept_by_managers(self):
        Reason = self.env["collection.dispute.reason"]
        reason = Reason.with_user(self.manager).create({"name": "Late delivery"})
        self.assertTrue(Reason.with_user(self.agent).search([("id", "=", reason.id)]))
        with self.assertRaises(AccessError):
            Reason.with_user(self.agent).create({"name": "Agent reason"})
        # A reason of company B is not offered in company A.
        other = Reason.create({"name": "B only", "company_id": self.company_b.id})
        visible = Reason.with_user(self.agent).with_context(
            allowed_company_ids=self.company_a.ids).search([])
        self.assertNotIn(other, visible)
        self.assertIn(self.price, visible)

    # -- the process and the reminders -------------------------------------------------
    def test_the_process_skips_disputed_and_promised_items_installments_lead(self):
        for company in (self.company_a, self.company_b):
            with self.subTest(company=company.name):
                customer = self._customer(f"Leading {company.id}")
                installments = self._installment_invoice(customer, 40, company=company)
                first, second = self._items(installments)  # due -40 and -10
                single = self._invoice(customer, due_in=-20, company=company)
                # A partial payment on the first installment, and an open credit note.
                self._pay(installments, self.today, amount=60)
                self.assertEqual(first.amount_residual, 40)
                refund = installments.with_company(company)._reverse_moves(
                    [{"invoice_date": self.today}])
                refund.invoice_line_ids.price_unit = 30
                refund.action_post()

                def leading(company=company, customer=customer):
                    rows = [row for row in self._simulate(company)
                            if row["partner_id"] == customer.id and row["kind"] == "step"]
                    self.assertEqual(len(rows), 1, rows)
                    return rows[0]["move_id"], self.processes[company].step_ids.browse(
                        rows[0]["step_id"]).name

                self.assertEqual(leading(), (installments.id, "Letter"),
                                 "the oldest open installment leads (40 days)")
                self._wizard(self.agent, company, {
                    "collection_status": "disputed", "dispute_reason_id": self.price.id},
                    lines=first).action_apply()
                self.assertEqual(leading(), (single.id, "Mail"), "next oldest: 20 days")
                self._wizard(self.agent, company, {
                    "collection_status": "promised", "promise_date": self.today,
                    "promise_amount": 50}, moves=single).action_apply()
                self.assertEqual(leading(), (installments.id, "Call"),
                                 "the second installment, 10 days")
                self._wizard(self.manager, company, {"collection_status": "resolved"},
                             lines=first).action_apply()
                self.assertEqual(leading(), (installments.id, "Letter"), "resolved: back")

    def test_reminders_skip_disputed_and_promised_items(self):
        term = self.env["collection.reminder.term"].create({
            "name": "Statuses terms", "company_id": self.company_a.id,
            "level_ids": [Command.create({"level": 1, "grace_period": "0D",
                                          "due_date_formula": "10D"})],
        })
        customer = self._customer("Reminded", collection_reminder_term_id=term.id)
        invoice = self._installment_invoice(customer, 45)
        first, second = self._items(invoice)
        other = self._invoice(customer, due_in=-20)
        self._wizard(self.agent, self.company_a, {
            "collection_status": "disputed", "dispute_reason_id": self.price.id},
            lines=first).action_apply()
        self._wizard(self.agent, self.company_a, {
            "collection_status": "promised", "promise_date": self.today,
            "promise_amount": 100}, moves=other).action_apply()
        Reminder = self.env["collection.reminder"].with_user(self.agent)
        reminder = Reminder.create_reminders(customer, date=self.today)
        self.assertEqual(reminder.line_ids.filtered("move_line_id").move_line_id, second)
        reminder.with_user(self.manager).unlink()
        self._wizard(self.agent, self.company_a, {"collection_status": "resolved"},
                     lines=first).action_apply()
        reminder = Reminder.create_reminders(customer, date=self.today)
        self.assertEqual(reminder.line_ids.filtered("move_line_id").move_line_id, first | second)

    # -- the daily job ----------------------------------------------------------------
    def test_a_promise_that_breaks_and_one_that_is_kept(self):
        for company in (self.company_a, self.company_b):
            with self.subTest(company=company.name):
                customer = self._customer(f"Promises {company.id}",
                                          collection_agent_id=self.agent.id)
                invoice = self._installment_invoice(customer, 40, company=company)
                first, second = self._items(invoice)
                kept = self._invoice(customer, due_in=-20, company=company)
                promise = self.today + timedelta(days=2)
                self._wizard(self.agent, company, {
                    "collection_status": "promised", "promise_date": promise,
                    "promise_amount": 100}, lines=second).action_apply()
                self._wizard(self.agent, company, {
                    "collection_status": "promised", "promise_date": promise,
                    "promise_amount": 100}, moves=kept).action_apply()
                self._pay(kept, self.today + timedelta(days=1))
                Line = self.env["account.move.line"]
                with freeze_time(promise):  # the promised day: still in time
                    Line._cron_collection_promises()
                self.assertEqual(second.collection_promise_state, "pending")
                self.assertEqual(kept.collection_item_ids.collection_promise_state, "kept")
                with freeze_time(promise + timedelta(days=1)):
                    Line._cron_collection_promises()
                self.assertEqual(
                    (second.collection_status, second.collection_promise_state),
                    ("broken", "broken"))
                self.assertEqual(first.collection_status, "none")
                self.assertEqual(invoice.collection_status, "broken")
                self.assertEqual(kept.collection_item_ids.collection_promise_state, "kept")
                note = customer.message_ids.filtered(
                    lambda message: "Promise to pay broken" in (message.body or ""))
                self.assertEqual(len(note), 1)
                self.assertIn(invoice.name, note.body)
                activity = customer.activity_ids.filtered(
                    lambda act: "Promise to pay broken" in (act.summary or ""))
                self.assertEqual(activity.user_id, self.agent)
                self.assertIn("Promised to pay → Promise broken",
                              self._status_messages(invoice)[0].body)
                # Once more: nothing new.
                with freeze_time(promise + timedelta(days=2)):
                    Line._cron_collection_promises()
                self.assertEqual(len(customer.activity_ids.filtered(
                    lambda act: "Promise to pay broken" in (act.summary or ""))), 1)
                # A broken promise comes back: with the older installment
                # disputed, the broken one leads (10 days: the first step).
                self._wizard(self.manager, company, {
                    "collection_status": "disputed", "dispute_reason_id": self.price.id},
                    lines=first).action_apply()
                rows = [row for row in self._simulate(company)
                        if row["partner_id"] == customer.id and row["kind"] == "step"]
                process = self.processes[company]
                self.assertEqual([(row["move_id"], process.step_ids.browse(row["step_id"]).name)
                                  for row in rows], [(invoice.id, "Call")])
