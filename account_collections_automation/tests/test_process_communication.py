# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""One communication per customer per run: an e-mail (or a letter) lists
every item that qualifies that day, with the total per currency and the
leading item marked; the run's other e-mails of the customer are sent with it.
As a Collections Agent (simulation) and Manager (run), in two companies, with
a two-installment invoice, a partial payment, a credit note and a dispute."""

from datetime import timedelta

from odoo import Command
from odoo.tests import tagged

from .common_two_companies import MODULE, TwoCompaniesStatusCase


@tagged("post_install", "-at_install")
class TestProcessCommunication(TwoCompaniesStatusCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        pre_template = cls.env.ref(f"{MODULE}.mail_template_collection_pre_reminder")
        cls.processes = cls._company_processes("One message", [
            {"sequence": 1, "name": "Heads-up", "action_type": "email", "timing": "before",
             "days": 5, "pre_reminder": True, "mail_template_id": pre_template.id},
            {"sequence": 2, "name": "Mail", "action_type": "email", "timing": "after",
             "days": 10, "mail_template_id": cls.template.id},
            {"sequence": 3, "name": "Letter", "action_type": "letter", "timing": "after",
             "days": 60},
        ])

    def _invoice_in(self, company, partner, due_in, amount):
        return self._invoice(partner, due_in, amount=amount, company=company)

    def _book(self, company):
        """A customer whose leading invoice is partly paid, with a two-installment
        invoice (first half overdue, second not due), an invoice about to fall
        due, a disputed invoice and an open credit note."""
        customer = self._customer(f"One Message {company.name}")
        lead = self._invoice_in(company, customer, -20, 300.0)
        self._pay(lead, self.today - timedelta(days=5), amount=100.0)
        installments = self._installment_invoice(customer, 3, 400.0, company)
        soon = self._invoice_in(company, customer, 2, 50.0)
        disputed = self._invoice_in(company, customer, -15, 70.0)
        self._dispute(disputed, company)
        refund = self.env["account.move"].with_company(company).create({
            "move_type": "out_refund", "partner_id": customer.id,
            "invoice_date": self.today - timedelta(days=4),
            "invoice_line_ids": [Command.create({
                "name": "Return", "quantity": 1, "price_unit": 30.0, "tax_ids": []})],
        })
        refund.action_post()
        return customer, lead, installments, soon, disputed, refund

    def test_one_email_per_customer_lists_every_item_that_qualifies(self):
        for company in (self.company_a, self.company_b):
            with self.subTest(company=company.name):
                self._check_one_email(company)

    def _check_one_email(self, company):
        customer, lead, installments, soon, disputed, refund = self._book(company)
        process = self.processes[company]
        first, second = self._items(installments)
        expected = (self._items(lead) | first).ids
        # The agent's simulation says what the e-mail covers.
        simulated = [row for row in process.with_user(self.agent).with_context(
            allowed_company_ids=company.ids).simulate(self.today)
            if row["partner_id"] == customer.id]
        self.assertEqual(len(simulated), 1, simulated)
        self.assertEqual(simulated[0]["move_id"], lead.id)
        self.assertEqual(list(simulated[0]["move_line_ids"]), expected)
        self.assertFalse(simulated[0]["sent_with_move_id"])

        actions = process.with_user(self.manager).with_context(
            allowed_company_ids=company.ids).run(self.today)
        mine = actions.filtered(lambda a: a.partner_id == customer)
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine.move_line_ids.ids, expected)
        messages_before = customer.message_ids
        self.env["collection.action"]._collection_produce_documents(mine.ids)
        self.assertIn(mine.state, ("sending", "done"), mine.error)
        sent = (customer.message_ids - messages_before).filtered(
            lambda m: m.message_type == "comment" and m.subtype_id == self.env.ref(
                "mail.mt_comment"))
        self.assertEqual(len(sent), 1, "one e-mail")
        body = str(sent.body)
        for move in (lead, installments):
            self.assertIn(move.name, body)
        for move in (disputed, soon, refund):
            self.assertNotIn(move.name, body, "not due, disputed or a credit note: not listed")
        # Residuals (the partial payment), the leading item marked, the total.
        currency = company.currency_id
        self.assertIn(f"{lead.name} (*)", body)
        self.assertNotIn(f"{installments.name} (*)", body)
        total = 200.0 + first.amount_residual_currency
        for amount in (200.0, first.amount_residual_currency, total):
            self.assertIn(self._amount(amount, currency), body)
        self.assertIn("Days overdue", body)

    @staticmethod
    def _amount(amount, _currency):
        return f"{amount:,.2f}"

    def test_the_pre_reminders_of_a_run_go_in_one_email(self):
        for company in (self.company_a, self.company_b):
            with self.subTest(company=company.name):
                self._check_pre_reminders_in_one_email(company)

    def _check_pre_reminders_in_one_email(self, company):
        customer = self._customer(f"Two Soon {company.name}")
        first = self._invoice_in(company, customer, 2, 50.0)
        second = self._invoice_in(company, customer, 4, 60.0)
        process = self.processes[company].with_context(allowed_company_ids=company.ids)
        simulated = [row for row in process.with_user(self.agent).simulate(self.today)
                     if row["partner_id"] == customer.id]
        self.assertEqual([(r["move_id"], r["sent_with_move_id"]) for r in simulated],
                         [(first.id, False), (second.id, first.id)])
        actions = process.with_user(self.manager).run(self.today).filtered(
            lambda a: a.partner_id == customer)
        lead = actions.filtered(lambda a: not a.parent_id)
        other = actions - lead
        self.assertEqual((lead.move_id, other.move_id, other.parent_id),
                         (first, second, lead))
        self.assertEqual(lead.move_line_ids,
                         self._items(first) | self._items(second))
        before = customer.message_ids
        done = self.env["collection.action"]._collection_produce_documents()
        self.assertIn(lead, done)
        self.assertNotIn(other, done, "no document of its own")
        sent = customer.message_ids - before
        self.assertEqual(len(sent), 1)
        self.assertEqual((other.state, other.mail_message_id), (lead.state, sent))
        self.assertIn(second.name, str(sent.body))
        # Nothing again the next run: both pre-reminders are in the history.
        self.assertFalse(process.with_user(self.manager).run(self.today).filtered(
            lambda a: a.partner_id == customer))

    def test_the_letter_lists_the_items_and_marks_the_lead(self):
        customer = self._customer("Letter Items")
        lead = self._invoice(customer, -70, amount=300.0)
        self._pay(lead, self.today - timedelta(days=5), amount=120.0)
        other = self._invoice(customer, -12, amount=80.0)
        soon = self._invoice(customer, 20, amount=90.0)
        process = self.processes[self.company_a]
        action = process.with_user(self.manager).run(self.today).filtered(
            lambda a: a.partner_id == customer)
        self.assertEqual(action.action_type, "letter")
        self.assertEqual(action.move_line_ids, self._items(lead) | self._items(other))
        values = customer.with_context(
            collection_letter_date=self.today, collection_line_ids=action.move_line_ids.ids,
            collection_lead_move_id=lead.id)._collection_letter_values()
        self.assertEqual([(line["move"], line["lead"], line["residual"], line["status"])
                          for line in values["lines"]],
                         [(lead, True, 180.0, "None"), (other, False, 80.0, "None")])
        self.assertEqual([t["amount"] for t in values["totals"]], [260.0])
        self.assertNotIn(soon, [line["move"] for line in values["lines"]])
        self.env["collection.action"]._collection_produce_documents(action.ids)
        self.assertEqual(action.state, "done", action.error)
        self.assertTrue(action.attachment_id)

    def test_no_pre_reminder_while_an_older_item_is_overdue(self):
        """Pre-reminder as in the seed: one per invoice (its installments
        together), none while the customer has an older item overdue."""
        for company in (self.company_a, self.company_b):
            with self.subTest(company=company.name):
                self._check_no_pre_reminder_while_overdue(company)

    def _check_no_pre_reminder_while_overdue(self, company):
        customer = self._customer(f"Late Already {company.name}")
        late = self._invoice_in(company, customer, -3, 40.0)
        soon = self._installment_invoice(customer, -2, 200.0, company)  # due in 2 days
        process = self.processes[company].with_context(allowed_company_ids=company.ids)
        rows = [row for row in process.with_user(self.agent).simulate(self.today)
                if row["partner_id"] == customer.id]
        self.assertEqual([row["kind"] for row in rows], [],
                         "invoice 'late' is overdue (no step reached yet)")
        self._pay(late, self.today)
        rows = [row for row in process.with_user(self.agent).simulate(self.today)
                if row["partner_id"] == customer.id]
        self.assertEqual([(row["kind"], row["move_id"]) for row in rows],
                         [("pre_reminder", soon.id)])
        self.assertEqual(list(rows[0]["move_line_ids"]), self._items(soon).ids)
        actions = process.with_user(self.manager).run(self.today).filtered(
            lambda a: a.partner_id == customer)
        self.assertEqual(len(actions), 1)
        self.assertFalse(process.with_user(self.manager).run(self.today).filtered(
            lambda a: a.partner_id == customer), "once per invoice")

    def test_the_table_is_in_the_customers_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms([MODULE], ["fr_FR"], overwrite=True)
        customer = self._customer("Client Français", lang="fr_FR")
        lead = self._invoice(customer, -20, amount=300.0)
        resolved = self._invoice(customer, -12, amount=80.0)
        self._dispute(resolved, self.company_a)
        env = self.env(user=self.agent)
        context = resolved.with_env(env).action_collection_change_status()["context"]
        env["collection.status.wizard"].with_context(**context).create({
            "collection_status": "resolved", "note": "Prix corrigé"}).action_apply()
        process = self.processes[self.company_a]
        action = process.with_user(self.manager).run(self.today).filtered(
            lambda a: a.partner_id == customer)
        self.assertEqual(action.move_line_ids, self._items(lead) | self._items(resolved))
        # The table in the customer's language: the template renders it with the
        # customer's language (its own texts are translated with the module's).
        table = lead.with_context(lang="fr_FR", collection_line_ids=action.move_line_ids.ids,
                                  collection_letter_date=self.today
                                  )._collection_communication_table()
        self.assertEqual([(row["name"], row["status"], row["lead"]) for row in table["rows"]],
                         [(lead.name, "Aucun", True), (resolved.name, "Résolu", False)])
        self.assertEqual([total["amount"] for total in table["totals"]], [380.0])
        letter = customer.with_context(
            lang="fr_FR", collection_letter_date=self.today,
            collection_line_ids=action.move_line_ids.ids,
            collection_lead_move_id=lead.id)._collection_letter_values()
        self.assertEqual([line["status"] for line in letter["lines"]], ["Aucun", "Résolu"])
