# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Finance charge terms and memos (issue 15): memos created for several
customers at once by a Collections Agent, issued by a Collections Manager
(the interest entry checked against a hand computation) and cancelled (the
entry reversed), in two companies; no interest on items on hold, disputed
or promised; the terms' validation; the ``finance_charge`` automation action."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .test_reminders import TODAY, ReminderCommon

MODULE = "account_collections_automation"


@tagged("post_install", "-at_install")
class TestFinanceCharges(ReminderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        companies = cls.company_a | cls.company_b
        cls.agent = cls.env["res.users"].sudo().create({
            "name": "Finance Charge Agent", "login": "finance_charge_agent",
            "company_id": cls.company_a.id, "company_ids": [Command.set(companies.ids)],
            "groups_id": [Command.set([cls.env.ref(f"{MODULE}.group_collections_agent").id])],
        })
        # Company A credits its own finance charge income account; company B
        # has none and falls back to the reminders' interest income account.
        cls.interest_income_a = cls.env["account.account"].sudo().with_company(
            cls.company_a).create({
                "name": "Finance charge income", "code": "799100",
                "account_type": "income_other"})
        cls.company_a.sudo().collection_finance_charge_account_id = cls.interest_income_a
        company_b = cls.company_b.sudo()
        cls.journal_b = cls.env["account.journal"].sudo().search(
            [("company_id", "=", company_b.id), ("type", "=", "general")], limit=1)
        cls.income_b = cls.env["account.account"].sudo().search([
            *cls.env["account.account"]._check_company_domain(company_b),
            ("account_type", "=", "income")], limit=1)
        company_b.write({
            "collection_reminder_journal_id": cls.journal_b.id,
            "collection_interest_account_id": cls.income_b.id,
        })
        cls.reason = cls.env.ref(f"{MODULE}.dispute_reason_price")

    def _env(self, company, user=None):
        return self.env(user=user or self.env.user, context=dict(
            self.env.context, allowed_company_ids=company.ids))

    def _terms(self, company, method="balance_due", **values):
        """36% per 360 days: 0.1% a day, 14 days to pay."""
        return self._env(company)["collection.finance.charge.term"].create({
            "name": f"Finance charges {method} {company.name}",
            "company_id": company.id,
            "interest_rate": 36.0,
            "interest_period_days": 360,
            "interest_method": method,
            "due_date_formula": "14D",
            "beginning_text": "<p>Interest of {interest} {currency} as of {document_date}</p>",
            **values,
        })

    def _fc_customer(self, name, terms, company):
        partner = self._customer(name, self.term if company == self.company_a else False,
                                 company=company)
        partner.with_company(company).collection_finance_charge_term_id = terms
        return partner

    def _expected_account(self, company):
        return self.interest_income_a if company == self.company_a else self.income_b

    def test_memos_for_several_customers_issued_and_cancelled_in_two_companies(self):
        """Company A and B alike: an agent creates the memos of three customers
        at once (the wizard), a manager issues and cancels them.

        - Balance due: 1,000.00 due 30 days ago (8 February 2025), 30 days at
          0.1%: 30.00.
        - Average daily balance: 500.00 due on 28 February 2025, 200.00 paid on
          5 March; on 10 March: 1 to 4 March at 500.00 (2,000.00), 5 to 10 March
          at 300.00 (1,800.00): 3,800.00 x 0.1% = 3.80, on an average of 380.00.
        - Not yet past its due date: no memo for the third customer.
        """
        for company in (self.company_a, self.company_b):
            with self.subTest(company=company.name):
                balance_due = self._terms(company)
                adb = self._terms(company, "average_daily_balance")
                late = self._fc_customer(f"Late {company.name}", balance_due, company)
                paying = self._fc_customer(f"Paying {company.name}", adb, company)
                not_due = self._fc_customer(f"Not due {company.name}", balance_due, company)
                self._invoice(late, TODAY - timedelta(days=30), 1000, company=company)
                paid = self._invoice(paying, TODAY - timedelta(days=10), 500, company=company)
                self.env["account.payment.register"].with_company(company).with_context(
                    active_model="account.move", active_ids=paid.ids,
                ).create({"amount": 200, "payment_date": TODAY - timedelta(days=5)}
                         ).action_create_payments()
                self._invoice(not_due, TODAY + timedelta(days=3), 700, company=company)

                agent_env = self._env(company, self.agent)
                wizard = agent_env["collection.finance.charge.create.wizard"].create({
                    "date": TODAY,
                    "partner_ids": [Command.set((late | paying | not_due).ids)],
                })
                action = wizard.action_confirm()
                memos = agent_env["collection.finance.charge.memo"].search(action["domain"])
                self.assertEqual(memos.partner_id, late | paying)
                memo_late = memos.filtered(lambda m, p=late: m.partner_id == p)
                memo_paying = memos.filtered(lambda m, p=paying: m.partner_id == p)
                self.assertEqual(memos.mapped("state"), ["draft", "draft"])
                self.assertEqual(memo_late.due_date, TODAY + timedelta(days=14))
                self.assertEqual((memo_late.line_ids.days, memo_late.line_ids.amount),
                                 (30, 30.0))
                self.assertEqual(memo_late.line_ids.calculation,
                                 "30 days at 36.00% per 360 days on 1,000.00")
                self.assertIn("Interest of 30.00", memo_late.beginning_text)
                self.assertEqual((memo_paying.line_ids.days, memo_paying.line_ids.base_amount,
                                  memo_paying.line_ids.amount, memo_paying.interest_amount),
                                 (10, 380.0, 3.8, 3.8))
                self.assertEqual(memo_paying.line_ids.amount_residual, 300.0)

                # An agent may not change the terms.
                with self.assertRaises(AccessError):
                    adb.with_user(self.agent).write({"interest_rate": 1.0})

                memos = memos.with_env(self._env(company))
                memos.action_issue(TODAY)
                for memo, amount in ((memo_late, 30.0), (memo_paying, 3.8)):
                    memo = memo.with_env(self._env(company))
                    self.assertEqual(memo.state, "issued")
                    self.assertRegex(memo.name, r"^FCM/2025/\d{5}$")
                    move = memo.move_id
                    self.assertEqual((move.state, move.date, move.move_type),
                                     ("posted", TODAY, "entry"))
                    receivable = move.line_ids.filtered(
                        lambda line: line.account_id.account_type == "asset_receivable")
                    income = move.line_ids - receivable
                    self.assertEqual(receivable.account_id,
                                     memo.partner_id.with_company(company)
                                     .property_account_receivable_id)
                    self.assertEqual((receivable.debit, receivable.credit,
                                      receivable.partner_id, receivable.date_maturity),
                                     (amount, 0.0, memo.partner_id, TODAY + timedelta(days=14)))
                    self.assertEqual(income.account_id, self._expected_account(company))
                    self.assertEqual((income.debit, income.credit), (0.0, amount))
                    self.assertIn(move.name, memo.message_ids[0].body)

                memo_late.with_env(self._env(company)).action_cancel()
                self.assertEqual(memo_late.state, "cancel")
                reversal = memo_late.reversal_move_id
                self.assertEqual(reversal.reversed_entry_id, memo_late.move_id)
                self.assertEqual(reversal.state, "posted")
                self.assertEqual(memo_late.move_id.reversal_move_ids, reversal)
                # The receivable is settled by the reversal: nothing left to pay.
                self.assertTrue(memo_late.move_id.line_ids.filtered(
                    lambda line: line.account_id.account_type == "asset_receivable").reconciled)
                self.assertEqual(
                    sum(reversal.line_ids.filtered_domain([
                        ("account_id", "=", self._expected_account(company).id),
                    ]).mapped("debit")), 30.0)
                self.assertIn("reversed by", memo_late.message_ids[0].body)
                self.assertIn(reversal.name, memo_late.message_ids[0].body)

                # Each company sees its own memos only.
                other = self.company_b if company == self.company_a else self.company_a
                self.assertFalse(self._env(other)["collection.finance.charge.memo"].search(
                    [("id", "in", memos.ids)]))

    def test_no_interest_on_items_on_hold_disputed_or_promised(self):
        terms = self._terms(self.company_a)
        customers = {}
        for kind in ("on hold", "disputed", "promised", "charged"):
            customer = self._fc_customer(f"Item {kind}", terms, self.company_a)
            invoice = self._invoice(customer, TODAY - timedelta(days=20), 400)
            customers[kind] = (customer, invoice)
        customers["on hold"][1].collection_on_hold = True
        self._receivable(customers["disputed"][1]).write({
            "collection_status": "disputed", "collection_dispute_reason_id": self.reason.id})
        self._receivable(customers["promised"][1]).write({
            "collection_status": "promised",
            "collection_promise_date": fields.Date.today() + timedelta(days=5),
            "collection_promise_amount": 400.0})
        partners = self.env["res.partner"].browse(
            [customer.id for customer, _invoice in customers.values()])
        Memo = self.env["collection.finance.charge.memo"]
        memos, skips = Memo._create_memos(partners, date=TODAY)
        # Only the fourth customer's item bears interest: 20 days at 0.1% of 400.00.
        self.assertEqual(memos.partner_id, customers["charged"][0])
        self.assertEqual(memos.interest_amount, 8.0)
        self.assertEqual(sorted((partner.name, reason) for partner, _cur, reason in skips), [
            ("Item disputed", "no_interest"), ("Item on hold", "no_interest"),
            ("Item promised", "no_interest")])
        # Issued, the item is charged up to the memo's date: nothing more that day,
        # 5 days more five days later.
        memos.action_issue(TODAY)
        again, skips = Memo._create_memos(customers["charged"][0], date=TODAY)
        self.assertFalse(again)
        later, _skips = Memo._create_memos(customers["charged"][0],
                                           date=TODAY + timedelta(days=5))
        self.assertEqual((later.line_ids.days, later.interest_amount), (5, 2.0))
        # Off hold, the item bears interest again.
        customers["on hold"][1].collection_on_hold = False
        held, _skips = Memo._create_memos(customers["on hold"][0], date=TODAY)
        self.assertEqual(held.interest_amount, 8.0)

    def test_terms_validation_names_field_and_value(self):
        terms = self._terms(self.company_a)
        with self.refused(ValidationError, r"Interest Rate \(%\): -2.0 must not be negative"):
            terms.interest_rate = -2
        with self.refused(ValidationError, r"Minimum Amount: -1.0 must not be negative"):
            terms.minimum_amount = -1
        with self.refused(ValidationError, r"Grace Period: '5X' is not a valid date formula"):
            terms.grace_period = "5X"
        with self.refused(ValidationError, r"Start Date 2025-02-01 overlaps"):
            terms.rate_ids = [
                Command.create({"date_from": "2025-01-01", "date_to": "2025-03-01", "rate": 2}),
                Command.create({"date_from": "2025-02-01", "rate": 3})]
        with self.refused(ValidationError, r"Interest Rate \(%\) -1.0 must not be negative"):
            terms.rate_ids = [Command.create({"date_from": "2025-01-01", "rate": -1})]
        with self.refused(ValidationError, r"Beginning Text: \{amount\} is not a known"):
            terms.beginning_text = "<p>{amount}</p>"
        self.assertEqual((terms.interest_rate, terms.grace_period, len(terms.rate_ids)),
                         (36.0, "0D", 0))

    def test_rate_change_applies_to_its_own_days(self):
        """6% a year until 28 February 2025, 12% from 1 March (365 days):
        1,000.00 due on 8 February 2025, on 10 March: 20 days at 6% (3.2877)
        and 10 days at 12% (3.2877): 6.58."""
        terms = self._terms(self.company_a, interest_rate=6.0, interest_period_days=365,
                            rate_ids=[Command.create({"date_from": "2025-03-01", "rate": 12.0})])
        customer = self._fc_customer("Rate change", terms, self.company_a)
        self._invoice(customer, TODAY - timedelta(days=30), 1000)
        memo, _skips = self.env["collection.finance.charge.memo"]._create_memos(
            customer, date=TODAY)
        self.assertEqual(memo.interest_amount, 6.58)
        self.assertEqual(memo.line_ids.calculation,
                         "20 days at 6.00% per 365 days on 1,000.00; "
                         "10 days at 12.00% per 365 days on 1,000.00")

    def test_finance_charge_action_of_an_automation(self):
        """The automation's finance_charge action creates and issues the memos
        of its customers, logs the counts, and charges nothing twice."""
        terms = self._terms(self.company_a)
        customers = self.env["res.partner"]
        for amount in (1000, 2000):
            customer = self._fc_customer(f"Automated {amount}", terms, self.company_a)
            self._invoice(customer, TODAY - timedelta(days=10), amount)
            customers |= customer
        automation = self.env["collection.automation"].create({
            "name": "Finance charges",
            "company_id": self.company_a.id,
            "action_ids": [Command.create({
                "action_type": "finance_charge",
                "filter_domain": f"[('id', 'in', {customers.ids})]",
                "posting_date_formula": "CM",
            })],
        })
        self.assertEqual(automation.action_ids.filter_model, "res.partner")
        log = automation.run(TODAY)
        self.assertEqual((log.state, log.created_count, log.issued_count, log.failed_count,
                          log.processed_count), ("done", 2, 2, 0, 2), log.message)
        memos = self.env["collection.finance.charge.memo"].search(
            [("automation_id", "=", automation.id)])
        self.assertEqual(sorted(memos.mapped("interest_amount")), [10.0, 20.0])
        self.assertEqual(set(memos.mapped("state")), {"issued"})
        self.assertEqual(set(memos.move_id.mapped("date")), {fields.Date.to_date("2025-03-31")})
        self.assertEqual(log.last_record_ref, customers.sorted("id")[-1])
        again = automation.run(TODAY)
        self.assertEqual((again.state, again.created_count, again.skipped_count),
                         ("done", 0, 2))

    def test_memo_pdf_and_email_in_the_customers_language(self):
        """The memo's PDF (wkhtmltopdf) lists each line's calculation; the
        e-mail goes to the customer with the PDF, its texts in French for a
        French customer."""
        self._activate_french()
        terms = self._terms(self.company_a)
        terms.with_context(lang="fr_FR").beginning_text = (
            "<p>Intérêts de {interest} {currency} au {document_date}</p>")
        customer = self._fc_customer("Client français", terms, self.company_a)
        customer.lang = "fr_FR"
        invoice = self._invoice(customer, TODAY - timedelta(days=30), 1000)
        memo, _skips = self.env["collection.finance.charge.memo"]._create_memos(
            customer, date=TODAY)
        self.assertIn("Intérêts de 30,00", memo.beginning_text)
        # In French, words and numbers, whoever creates it.
        self.assertRegex(memo.line_ids.calculation,
                         r"^30 jours à 36,00 % par période de 360 jours sur 1\s?000,00$")
        memo.action_issue(TODAY)
        report = f"{MODULE}.report_collection_finance_charge_memo"
        html = self.env["ir.actions.report"]._render_qweb_html(report, memo.ids)[0]
        html = html.decode() if isinstance(html, bytes) else html
        self.assertIn(memo.name, html)
        self.assertIn(invoice.name, html)
        self.assertIn(memo.line_ids.calculation, html)
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        pdf, kind = self.env["ir.actions.report"].with_context(
            force_report_rendering=True)._render_qweb_pdf(report, memo.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

        mail = memo.with_context(force_report_rendering=True)._send_by_email()
        self.assertEqual(mail.recipient_ids, customer)
        self.assertIn(memo.name, mail.subject)
        self.assertEqual(len(mail.attachment_ids), 1)
        self.assertTrue(mail.attachment_ids.raw.startswith(b"%PDF"))
        self.assertIn("30,00", mail.body_html)
        self.assertIn("sent by e-mail to Client français", memo.message_ids[0].body)

    def test_reminder_interest_line_shows_its_calculation(self):
        """A reminder level charging 10% a year: 100.00 due 20 days before the
        reminder's date bears 100 x 10% x 20 / 365 = 0.55, and the line says so."""
        term = self.env["collection.reminder.term"].create({
            "name": "With interest",
            "level_ids": [Command.create({
                "level": 1, "grace_period": "0D", "due_date_formula": "10D",
                "calculate_interest": True, "interest_rate": 10.0})],
        })
        customer = self._customer("Interest customer", term)
        self._invoice(customer, TODAY - timedelta(days=20), 100)
        reminder = self.Reminder.create_reminders(customer, date=TODAY)
        line = reminder.line_ids.filtered(lambda line: line.line_type == "overdue")
        self.assertEqual(line.interest_amount, 0.55)
        self.assertEqual(line.interest_calculation, "20 days at 10.00% a year on 100.00")
        html = self.env["ir.actions.report"]._render_qweb_html(
            f"{MODULE}.report_collection_reminder", reminder.ids)[0]
        html = html.decode() if isinstance(html, bytes) else html
        self.assertIn("20 days at 10.00% a year on 100.00", html)
