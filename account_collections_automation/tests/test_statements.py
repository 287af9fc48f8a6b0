# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Customer statements of account: the figures against a plain SQL sum over
the journal items, sending for one and for many customers (e-mail and
print), the PDF rendered by wkhtmltopdf, the ``statement`` automation action,
the history, the chatter, access and companies."""

import io
from datetime import date, timedelta
from decimal import Decimal

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools.pdf import PdfReader

MODULE = "account_collections_automation"
AGENT = f"{MODULE}.group_collections_agent"
MANAGER = f"{MODULE}.group_collections_manager"
START, END = date(2026, 3, 1), date(2026, 3, 31)


@tagged("post_install", "-at_install")
class TestStatements(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")
        cls.company = cls.env.company
        cls.currency = cls.company.currency_id
        other = "EUR" if cls.currency.name != "EUR" else "USD"
        cls.other = cls.env["res.currency"].with_context(active_test=False).search(
            [("name", "=", other)])
        cls.other.active = True
        cls.env["res.currency.rate"].create({
            "name": date(2026, 1, 1), "currency_id": cls.other.id, "rate": 0.8,
            "company_id": cls.company.id})

        def user(login, groups, companies):
            return cls.env["res.users"].with_context(no_reset_password=True).create({
                "name": login.title(), "login": login, "email": f"{login}@example.com",
                "lang": "en_US", "company_id": companies[0].id,
                "tz": cls.env.user.tz,  # the day the data and the checks are dated in
                "company_ids": [Command.set(companies.ids)],
                "groups_id": [Command.set([cls.env.ref(g).id for g in groups])],
            })

        cls.agent = user("st_agent", ["base.group_user", AGENT], cls.company)
        cls.manager = user("st_manager", ["base.group_user", MANAGER], cls.company)
        cls.plain = user("st_plain", ["base.group_user", "account.group_account_invoice"],
                         cls.company)
        cls.customer_a, cls.customer_b, cls.customer_c = cls.env["res.partner"].create([{
            "name": f"Statement Customer {letter}", "is_company": True, "customer_rank": 1,
            "lang": "en_US", "email": f"{letter.lower()}@statement.example.com",
            "ref": "STMT",
        } for letter in "ABC"])
        cls.billing = cls.env["res.partner"].create({
            "name": "A billing", "parent_id": cls.customer_a.id, "type": "invoice",
            "email": "billing@statement.example.com"})
        # Customer A: before the period 1000; in the period an invoice of 500 (to
        # its billing contact), a payment of 600 on the first invoice, a credit
        # note of 150 and an invoice of 200 in the other currency; after it, an
        # invoice of 300 and a payment of 100 on the first invoice.
        cls.inv_before = cls._invoice(cls.customer_a, date(2026, 2, 10), date(2026, 3, 12), 1000)
        cls.inv_period = cls._invoice(cls.billing, date(2026, 3, 5), date(2026, 4, 4), 500)
        cls.payment = cls._pay(cls.inv_before, 600, date(2026, 3, 20))
        cls.refund = cls._invoice(cls.customer_a, date(2026, 3, 25), date(2026, 3, 25), 150,
                                  move_type="out_refund")
        cls.inv_foreign = cls._invoice(cls.customer_a, date(2026, 3, 15), date(2026, 3, 15),
                                       200, currency=cls.other)
        cls.inv_after = cls._invoice(cls.customer_a, date(2026, 4, 10), date(2026, 5, 10), 300)
        cls._pay(cls.inv_before, 100, date(2026, 4, 5))
        cls.inv_b = cls._invoice(cls.customer_b, date(2026, 3, 10), date(2026, 3, 10), 80)

    @classmethod
    def _invoice(cls, partner, day, due, amount, move_type="out_invoice", currency=None):
        move = cls.env["account.move"].create({
            "move_type": move_type, "partner_id": partner.id, "invoice_date": day,
            "date": day, "invoice_date_due": due,
            "currency_id": (currency or cls.currency).id,
            "invoice_line_ids": [Command.create(
                {"name": "Goods", "quantity": 1, "price_unit": amount, "tax_ids": []})],
        })
        move.action_post()
        return move

    @classmethod
    def _pay(cls, invoice, amount, day):
        return cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids,
        ).create({"payment_date": day, "amount": amount})._create_payments()

    # ------------------------------------------------------------------ helpers
    def _sql_balances(self, partner, before):
        """Plain SQL: {currency: sum of amount_currency} of the customer's
        posted receivable journal items dated before ``before``."""
        self.env.flush_all()
        self.env.cr.execute("""
            SELECT aml.currency_id, SUM(aml.amount_currency)
              FROM account_move_line aml
              JOIN account_account account ON account.id = aml.account_id
              JOIN res_partner partner ON partner.id = aml.partner_id
             WHERE aml.parent_state = 'posted' AND account.account_type = 'asset_receivable'
               AND aml.company_id = %s AND partner.commercial_partner_id = %s
               AND aml.date < %s
          GROUP BY aml.currency_id""", [self.company.id, partner.id, before])
        return {currency: Decimal(str(amount)).quantize(Decimal("0.01"))
                for currency, amount in self.env.cr.fetchall()}

    def _sql_buckets(self, partner, as_of):
        """Plain SQL: {currency: [amount per bucket]} of the items as of
        ``as_of``: each item's amount less the reconciliations dated on or
        before ``as_of`` (debit side lowers it, credit side raises it), by the
        days from its due date (30/60/90/120)."""
        self.env.flush_all()
        self.env.cr.execute("""
            SELECT aml.currency_id,
                   CASE WHEN %(as_of)s - COALESCE(aml.date_maturity, aml.date) <= 0 THEN 0
                        WHEN %(as_of)s - COALESCE(aml.date_maturity, aml.date) <= 30 THEN 1
                        WHEN %(as_of)s - COALESCE(aml.date_maturity, aml.date) <= 60 THEN 2
                        WHEN %(as_of)s - COALESCE(aml.date_maturity, aml.date) <= 90 THEN 3
                        WHEN %(as_of)s - COALESCE(aml.date_maturity, aml.date) <= 120 THEN 4
                        ELSE 5 END,
                   SUM(aml.amount_currency
                       - COALESCE((SELECT SUM(p.debit_amount_currency)
                                     FROM account_partial_reconcile p
                                    WHERE p.debit_move_id = aml.id
                                      AND p.max_date <= %(as_of)s), 0)
                       + COALESCE((SELECT SUM(p.credit_amount_currency)
                                     FROM account_partial_reconcile p
                                    WHERE p.credit_move_id = aml.id
                                      AND p.max_date <= %(as_of)s), 0))
              FROM account_move_line aml
              JOIN account_account account ON account.id = aml.account_id
              JOIN res_partner partner ON partner.id = aml.partner_id
             WHERE aml.parent_state = 'posted' AND account.account_type = 'asset_receivable'
               AND aml.company_id = %(company)s AND partner.commercial_partner_id = %(partner)s
               AND aml.date <= %(as_of)s
          GROUP BY 1, 2""", {"as_of": as_of, "company": self.company.id, "partner": partner.id})
        result = {}
        for currency, bucket, amount in self.env.cr.fetchall():
            result.setdefault(currency, [Decimal(0)] * 6)[bucket] = Decimal(str(amount)).quantize(
                Decimal("0.01"))
        return result

    def _wizard(self, user, partners, **values):
        return self.env["collection.statement.wizard"].with_user(user).with_context(
            active_model="res.partner", active_ids=partners.ids).create(values)

    # ------------------------------------------------------------------ figures
    def test_figures_match_plain_sql_to_the_cent(self):
        self.company.collection_aging_boundaries = "30, 60, 90, 120"
        sections = self.env["collection.statement"]._statement_figures(
            self.company, self.customer_a.ids, "period", START, END)[self.customer_a.id]
        by_currency = {section.currency_id: section for section in sections}
        self.assertEqual(list(by_currency), [self.currency.id, self.other.id],
                         "the company currency first")
        openings = self._sql_balances(self.customer_a, START)
        closings = self._sql_balances(self.customer_a, date(2026, 4, 1))
        buckets = self._sql_buckets(self.customer_a, END)
        for currency, section in by_currency.items():
            self.assertEqual(section.opening, openings.get(currency, Decimal(0)))
            self.assertEqual(section.closing, closings[currency])
            self.assertEqual(list(section.buckets), buckets[currency])
        company = by_currency[self.currency.id]
        # The figures themselves: the payment of April and the invoice of April left out.
        self.assertEqual(company.opening, Decimal("1000.00"))
        self.assertEqual(company.closing, Decimal("750.00"))
        self.assertEqual(list(company.buckets), [Decimal("500.00"), Decimal("250.00")]
                         + [Decimal(0)] * 4)
        self.assertEqual([line.move_id for line in company.lines],
                         [self.inv_period.id, self.payment.move_id.id, self.refund.id])
        self.assertEqual(by_currency[self.other.id].closing, Decimal("200.00"))
        self.assertNotIn(self.inv_after.id,
                         [line.move_id for s in sections for line in s.lines])

    def test_open_items_as_of_a_date(self):
        sections = self.env["collection.statement"]._statement_figures(
            self.company, self.customer_a.ids, "open_items", False, END)[self.customer_a.id]
        company = sections[0]
        self.assertEqual(
            [(line.move_id, line.debit, line.credit) for line in company.lines],
            [(self.inv_before.id, Decimal("400.00"), Decimal(0)),
             (self.refund.id, Decimal(0), Decimal("150.00")),
             (self.inv_period.id, Decimal("500.00"), Decimal(0))])
        self.assertEqual([line.kind for line in company.lines],
                         ["invoice", "credit_note", "invoice"])
        self.assertEqual(company.closing, Decimal("750.00"))
        self.assertEqual(company.lines[0].days_overdue, 19)

    def test_bad_period_is_refused_naming_the_dates(self):
        with self.assertRaisesRegex(UserError, "2026-03-31 is after the end 2026-03-01"):
            self._wizard(self.agent, self.customer_a, date_from=END, date_to=START).action_send()
        self.assertFalse(self.env["collection.statement"].search(
            [("partner_id", "=", self.customer_a.id)]), "nothing half-written")

    # ------------------------------------------------------------------ sending
    def test_one_customer_by_email_as_agent(self):
        # From a contact of the customer: the statement is the commercial entity's.
        wizard = self._wizard(self.agent, self.billing, date_from=START, date_to=END,
                              send_method="email")
        self.assertEqual(wizard.partner_ids, self.customer_a)
        wizard.action_send()
        statement = wizard.statement_ids
        self.assertEqual(statement.state, "done", statement.error)
        self.assertEqual(statement.partner_id, self.customer_a)
        self.assertEqual(statement.user_id, self.agent)
        self.assertIn("750.00", statement.closing_summary)
        self.assertIn("200.00", statement.closing_summary)
        message = statement.mail_message_id
        self.assertEqual((message.model, message.res_id), ("res.partner", self.customer_a.id))
        self.assertIn("Statement of account", message.subject)
        self.assertEqual(message.attachment_ids, statement.attachment_id)
        mail = statement.mail_id
        self.assertTrue(mail, "the e-mail is queued")
        self.assertIn(self.customer_a, mail.recipient_ids)
        self.assertEqual(mail.attachment_ids, statement.attachment_id)
        # In the history: the customer's workspace timeline.
        timeline = self.env["collection.workspace"].with_user(self.agent).with_context(
            allowed_company_ids=self.company.ids)._timeline(self.customer_a)
        entry = [e for e in timeline if e["kind"] == "statement"]
        self.assertEqual([e["res_id"] for e in entry], statement.ids)
        self.assertIn("750.00", entry[0]["details"])

    def test_many_customers_printed_as_manager(self):
        customers = self.customer_a | self.customer_b | self.customer_c
        wizard = self._wizard(self.manager, customers, date_from=START, date_to=END,
                              send_method="print")
        action = wizard.action_send()
        statements = wizard.statement_ids
        self.assertEqual(statements.partner_id, customers)
        self.assertEqual(set(statements.mapped("state")), {"done"})
        self.assertEqual(action["report_name"], f"{MODULE}.report_collection_statement")
        self.assertEqual(action["context"]["active_ids"], statements.ids)
        self.assertFalse(statements.mail_id, "printed, not e-mailed")
        for statement in statements:
            self.assertEqual(statement.mail_message_id.res_id, statement.partner_id.id)
            self.assertIn(statement.attachment_id, statement.mail_message_id.attachment_ids)
        by_partner = {s.partner_id: s for s in statements}
        self.assertIn("80.00", by_partner[self.customer_b].closing_summary)
        self.assertIn("0.00", by_partner[self.customer_c].closing_summary)

    def test_recipient_without_email_fails_and_says_why(self):
        self.customer_b.email = False
        wizard = self._wizard(self.agent, self.customer_a | self.customer_b,
                              date_from=START, date_to=END, send_method="email")
        action = wizard.action_send()
        failed = wizard.statement_ids.filtered(lambda s: s.state == "failed")
        self.assertEqual(failed.partner_id, self.customer_b)
        self.assertIn("Statement Customer B has no e-mail address", failed.error)
        self.assertEqual(action["domain"], [("id", "in", failed.ids)])
        self.assertEqual((wizard.statement_ids - failed).state, "done")

    def test_access_and_companies(self):
        with self.assertRaises(AccessError):
            self._wizard(self.plain, self.customer_a, date_from=START, date_to=END)
        with self.assertRaises(AccessError):
            self.env["collection.statement"].with_user(self.plain)._collection_send_statements(
                self.customer_a, "period", START, END, "print")
        other = self.env["res.company"].create({"name": "Statements B"})
        foreign = self.env["collection.statement"].create({
            "partner_id": self.customer_a.id, "company_id": other.id, "date_to": END})
        self.assertFalse(self.env["collection.statement"].with_user(self.agent).search(
            [("id", "=", foreign.id)]), "another company's statements are not seen")

    # ------------------------------------------------------------------ PDF
    def test_pdf_rendered_by_wkhtmltopdf_holds_the_figures(self):
        # wkhtmltopdf fetches the styles from report.url: not from this
        # process's own server, whose request would wait for this test's transaction.
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        statements = self.env["collection.statement"].with_user(self.agent).with_context(
            force_report_rendering=True)._collection_send_statements(
            self.customer_a, "period", START, END, "print")
        attachment = statements.attachment_id
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertTrue(attachment.raw.startswith(b"%PDF"))
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(attachment.raw)).pages)
        text = " ".join(text.split())
        for expected in ("Statement of account", "Statement Customer A", "Opening balance",
                         "1,000.00", "Closing balance", "750.00", "250.00", "200.00",
                         self.inv_period.name, self.refund.name, self.inv_foreign.name,
                         "Credit note", "Payment"):
            self.assertIn(expected, text)
        self.assertNotIn(self.inv_after.name, text, "after the period")

    def test_report_in_the_customers_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        statement = self.env["collection.statement"].create({
            "partner_id": self.customer_b.id, "mode": "period", "date_from": START,
            "date_to": END, "send_method": "print"})
        report = self.env["ir.actions.report"].with_context(lang="en_US")
        html = {}
        for lang in ("fr_FR", "en_US"):
            self.customer_b.lang = lang
            html[lang] = report._render_qweb_html(
                f"{MODULE}.action_report_collection_statement", statement.ids)[0].decode()
        # Dates and amounts as the customer's language writes them, whatever the user's.
        self.assertIn("31/03/2026", html["fr_FR"])
        self.assertIn("80,00", html["fr_FR"])
        self.assertIn("03/31/2026", html["en_US"])
        self.assertIn("80.00", html["en_US"])

    # ------------------------------------------------------------------ automation
    def test_statement_automation_on_its_cadence(self):
        automation = self.env["collection.automation"].with_user(self.manager).create({
            "name": "Monthly statements",
            "cadence": "monthly",
            "action_ids": [Command.create({
                "action_type": "statement",
                "filter_domain": "[('ref', '=', 'STMT')]",
                "statement_mode": "open_items",
                "statement_end_formula": "",
                "statement_send_method": "email",
            })],
        })
        automation.action_start()
        cron = automation.cron_id.sudo()
        self.assertTrue(cron.active)
        # As Odoo's scheduler runs the job: its code, as the cron's user.
        cron.method_direct_trigger()
        log = automation.log_ids
        self.assertEqual(log.action_type, "statement")
        self.assertEqual(log.state, "done", log.message)
        # A and B owe something; C has nothing to state and is skipped.
        self.assertEqual((log.sent_count, log.skipped_count, log.failed_count), (2, 1, 0))
        statements = self.env["collection.statement"].search(
            [("automation_id", "=", automation.id)])
        self.assertEqual(statements.partner_id, self.customer_a | self.customer_b)
        today = fields.Date.context_today(automation)
        self.assertEqual(set(statements.mapped("date_to")), {today})
        self.assertEqual(statements.user_id, self.manager, "run as the responsible")
        self.assertTrue(all(statements.mapped("mail_id")))

    def test_statement_action_formulas_are_checked(self):
        with self.assertRaisesRegex(Exception, "Period Start"):
            self.env["collection.automation"].with_user(self.manager).create({
                "name": "Bad statements",
                "action_ids": [Command.create({
                    "action_type": "statement", "statement_start_formula": "-XX"})],
            })


@tagged("post_install", "-at_install")
class TestStatementTour(HttpCase):
    """The workspace's "Send statement" button, clicked in Chromium."""

    def test_send_statement_from_the_workspace(self):
        self.env["res.lang"]._activate_lang("en_US")
        agent = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Statement Tour Agent", "login": "statement_tour_agent",
            "password": "statement_tour_agent", "email": "st_tour@example.com", "lang": "en_US",
            "groups_id": [Command.set([self.env.ref("base.group_user").id,
                                       self.env.ref(AGENT).id])],
        })
        customer = self.env["res.partner"].create({
            "name": "Tour Statement Customer", "is_company": True, "customer_rank": 1,
            "email": "tour.statement@example.com", "lang": "en_US"})
        today = fields.Date.context_today(agent)
        invoice = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": customer.id,
            "invoice_date": today - timedelta(days=120),
            "invoice_date_due": today - timedelta(days=90),
            "invoice_line_ids": [Command.create(
                {"name": "x", "quantity": 1, "price_unit": 432, "tax_ids": []})],
        })
        invoice.action_post()
        self.start_tour(f"/odoo/collections-workspace/{customer.id}",
                        "collections_statement_tour", login="statement_tour_agent",
                        timeout=300)
        statement = self.env["collection.statement"].search([("partner_id", "=", customer.id)])
        self.assertEqual((statement.mode, statement.send_method, statement.state),
                         ("open_items", "email", "done"), statement.error)
        self.assertEqual(statement.user_id, agent)
        self.assertIn("432.00", statement.closing_summary)
        self.assertIn(customer, statement.mail_id.recipient_ids)
        self.assertEqual(statement.mail_message_id.res_id, customer.id)
