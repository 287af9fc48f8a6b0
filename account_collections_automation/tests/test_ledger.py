# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The receivables ledger facts (collection.ledger): balances and aged balances
as of a date, as the workspace shows them, against the ledger itself."""

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from ..engine import aging
from .test_workspace import AGENT, WorkspaceCase

CENT = Decimal("0.01")


def cents(value):
    return Decimal(str(value)).quantize(CENT)


@tagged("post_install", "-at_install")
class TestLedgerAsOf(WorkspaceCase):
    """The as-of rules, through get_overview and get_customer."""

    def workspace(self):
        return self.env["collection.workspace"].with_user(self.agent)

    def header(self, partner, as_of=None):
        data = self.workspace().get_customer(partner.id, as_of=as_of)
        return data

    def test_future_dated_invoice_counts_from_its_date(self):
        customer = self.c1
        self.invoice(customer, 400, 20)
        future = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": customer.id,
            "invoice_date": self.today + timedelta(days=10),
            "invoice_date_due": self.today + timedelta(days=40),
            "invoice_line_ids": [Command.create(
                {"name": "x", "quantity": 1, "price_unit": 900, "tax_ids": []})],
        })
        future.action_post()
        self.assertEqual(future.date, self.today + timedelta(days=10))
        today = self.header(customer)
        self.assertAlmostEqual(today["header"]["balance"], 400.0)
        self.assertAlmostEqual(today["aging"][0], 0.0, msg="nothing current today")
        self.assertNotIn(future.id, [item["move_id"] for item in today["open_items"]])
        later = self.header(customer, as_of=str(self.today + timedelta(days=10)))
        self.assertEqual(later["as_of"], str(self.today + timedelta(days=10)))
        self.assertAlmostEqual(later["header"]["balance"], 1300.0)
        self.assertAlmostEqual(later["aging"][0], 900.0)
        overview = self.workspace().get_overview(False)
        row = next(r for r in overview["highest_balances"] if r["id"] == customer.id)
        self.assertAlmostEqual(row["balance"], 400.0)

    def test_customer_in_credit_by_the_ledger_is_not_among_the_highest(self):
        customer = self.c2
        self.invoice(customer, 300, 10)
        self.invoice(customer, 500, 0, move_type="out_refund")
        future = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": customer.id,
            "invoice_date": self.today + timedelta(days=5),
            "invoice_line_ids": [Command.create(
                {"name": "x", "quantity": 1, "price_unit": 2000, "tax_ids": []})],
        })
        future.action_post()
        self.assertAlmostEqual(self.header(customer)["header"]["balance"], -200.0)
        overview = self.workspace().get_overview(False)
        self.assertNotIn(customer.id, [r["id"] for r in overview["highest_balances"]])

    def test_line_without_due_date_ages_from_its_date(self):
        receivable = self.c0.property_account_receivable_id
        journal = self.env["account.journal"].search(
            [("type", "=", "general"), ("company_id", "=", self.company.id)], limit=1)
        income = self.env["account.account"].search([
            ("account_type", "=", "income"), ("company_ids", "in", self.company.id)], limit=1)
        opening = self.env["account.move"].create({
            "move_type": "entry", "journal_id": journal.id,
            "date": self.today - timedelta(days=100),
            "line_ids": [
                Command.create({"account_id": receivable.id, "partner_id": self.c0.id,
                                "debit": 250.0, "date_maturity": False}),
                Command.create({"account_id": income.id, "credit": 250.0}),
            ],
        })
        opening.action_post()
        line = opening.line_ids.filtered(lambda item: item.account_id == receivable)
        line.date_maturity = False
        self.assertFalse(line.date_maturity)
        data = self.header(self.c0)
        boundaries = self.company._collection_aging_boundaries()
        index = aging.bucket_index(100, boundaries)
        self.assertGreater(index, 0)
        self.assertAlmostEqual(data["aging"][index], 250.0)
        self.assertAlmostEqual(data["aging"][0], 0.0)
        self.assertAlmostEqual(data["header"]["overdue"], 250.0)
        item = next(i for i in data["open_items"] if i["move_id"] == opening.id)
        self.assertEqual(item["days_overdue"], 100)
        # A month before, it did not exist; ten days after its date it was 10 days old.
        self.assertAlmostEqual(
            self.header(self.c0, self.today - timedelta(days=101))["header"]["balance"], 0.0)
        early = self.header(self.c0, self.today - timedelta(days=90))
        self.assertAlmostEqual(early["aging"][aging.bucket_index(10, boundaries)], 250.0)

    def test_payment_after_the_as_of_date(self):
        invoice = self.invoice(self.c1, 1000, 30)  # dated and due 30 days ago
        self.pay(invoice, amount=400, date=self.today - timedelta(days=10))
        self.pay(invoice, amount=600, date=self.today - timedelta(days=2))
        self.assertTrue(invoice.currency_id.is_zero(invoice.amount_residual))
        before = self.header(self.c1, self.today - timedelta(days=20))
        self.assertAlmostEqual(before["header"]["balance"], 1000.0)
        self.assertAlmostEqual(before["header"]["overdue"], 1000.0)
        self.assertEqual([i["residual"] for i in before["open_items"]], [1000.0])
        self.assertFalse(before["header"]["last_payment"])
        between = self.header(self.c1, self.today - timedelta(days=5))
        self.assertAlmostEqual(between["header"]["balance"], 600.0)
        self.assertEqual([i["residual"] for i in between["open_items"]], [600.0])
        self.assertAlmostEqual(between["header"]["last_payment"]["amount"], 400.0)
        now = self.header(self.c1)
        self.assertAlmostEqual(now["header"]["balance"], 0.0)
        self.assertFalse(now["open_items"])
        self.assertAlmostEqual(now["header"]["last_payment"]["amount"], 600.0)
        overview = self.workspace().get_overview(False, as_of=str(self.today - timedelta(days=5)))
        row = next(r for r in overview["highest_balances"] if r["id"] == self.c1.id)
        self.assertAlmostEqual(row["balance"], 600.0)

    def test_installments_are_items_with_their_own_due_dates(self):
        term = self.env["account.payment.term"].create({
            "name": "Half at 30, half at 60 days",
            "line_ids": [
                Command.create({"value": "percent", "value_amount": 50, "nb_days": 30}),
                Command.create({"value": "percent", "value_amount": 50, "nb_days": 60}),
            ],
        })
        invoice = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.c2.id,
            "invoice_date": self.today - timedelta(days=70),
            "invoice_payment_term_id": term.id,
            "invoice_line_ids": [Command.create(
                {"name": "x", "quantity": 1, "price_unit": 1000, "tax_ids": []})],
        })
        invoice.action_post()
        data = self.header(self.c2)
        items = [i for i in data["open_items"] if i["move_id"] == invoice.id]
        self.assertEqual(sorted(i["days_overdue"] for i in items), [10, 40])
        self.assertEqual([i["residual"] for i in items], [500.0, 500.0])
        boundaries = self.company._collection_aging_boundaries()
        self.assertAlmostEqual(data["aging"][aging.bucket_index(40, boundaries)], 500.0)
        self.assertAlmostEqual(data["aging"][aging.bucket_index(10, boundaries)], 500.0)
        # 35 days ago, the first installment was 5 days overdue, the second not due.
        past = self.header(self.c2, self.today - timedelta(days=35))
        self.assertAlmostEqual(past["aging"][0], 500.0)
        self.assertAlmostEqual(past["aging"][aging.bucket_index(5, boundaries)], 500.0)

    def test_bad_as_of_is_refused(self):
        with self.assertRaisesRegex(UserError, "As of: 2024-13-45"):
            self.workspace().get_overview(False, as_of="2024-13-45")


@tagged("post_install", "-at_install")
class TestLedgerNsf(WorkspaceCase):
    """What broke, item 11: after an NSF payment, the last payment is the
    previous good one and the risk score goes up."""

    def test_nsf_payment_raises_the_risk_and_leaves_the_last_good_payment(self):
        customer = self.c0  # credit limit 1000
        customer.credit_limit = 5000
        self.invoice(customer, 1000, 60)  # open, overdue
        paid_early = self.invoice(customer, 1000, 200)
        good = self.pay(paid_early, date=self.today - timedelta(days=190))  # 10 days late
        bounced_invoice = self.invoice(customer, 1000, 40)
        bounced = self.pay(bounced_invoice)  # 40 days late, today
        workspace = self.env["collection.workspace"].with_user(self.agent)
        before = workspace.get_customer(customer.id)["header"]
        self.assertEqual(before["last_payment"]["id"], bounced.id)
        action = bounced_invoice.with_user(self.manager).action_collection_nsf_payment()
        wizard = self.env["collection.nsf.wizard"].with_user(self.manager).with_context(
            **action["context"]).create({})
        wizard.action_reverse()
        self.assertAlmostEqual(bounced_invoice.amount_residual, 1000.0)
        after = workspace.get_customer(customer.id)["header"]
        self.assertEqual(after["last_payment"]["id"], good.id)
        self.assertEqual(after["last_payment"]["date"], str(self.today - timedelta(days=190)))
        self.assertEqual(after["bounced_payments"], 1)
        self.assertGreater(after["risk"]["score"], before["risk"]["score"])
        self.assertGreater(after["risk"]["parts"]["bounced_payments"], 0)
        # The overview scores it the same way.
        overview = workspace.get_overview(False)
        row = next(r for r in overview["highest_balances"] if r["id"] == customer.id)
        self.assertEqual(row["risk_score"], after["risk"]["score"])


@tagged("post_install", "-at_install")
class TestLedgerDemo(WorkspaceCase):
    """On the demo database: every customer's balance and each aging bucket in
    the workspace equal a plain SQL sum over the ledger as of the date, to the
    cent, today and at the end of last month."""

    def ledger_truth(self, as_of):
        """{customer: (balance, [bucket amounts])}, straight from the journal
        items and their partial reconciliations."""
        self.env.flush_all()
        self.env.cr.execute("""
            SELECT partner.commercial_partner_id,
                   COALESCE(aml.date_maturity, aml.date),
                   aml.balance
                   - COALESCE((SELECT SUM(part.amount) FROM account_partial_reconcile part
                                WHERE part.debit_move_id = aml.id
                                  AND part.max_date <= %(as_of)s), 0)
                   + COALESCE((SELECT SUM(part.amount) FROM account_partial_reconcile part
                                WHERE part.credit_move_id = aml.id
                                  AND part.max_date <= %(as_of)s), 0)
              FROM account_move_line aml
              JOIN account_account account ON account.id = aml.account_id
              JOIN res_partner partner ON partner.id = aml.partner_id
             WHERE aml.company_id = %(company)s
               AND aml.parent_state = 'posted'
               AND account.account_type = 'asset_receivable'
               AND aml.date <= %(as_of)s
        """, {"company": self.company.id, "as_of": as_of})
        rows = self.env.cr.fetchall()
        boundaries = self.company._collection_aging_boundaries()
        truth = defaultdict(lambda: [Decimal(0), [Decimal(0)] * (len(boundaries) + 2)])
        for customer, aging_date, residual in rows:
            residual = Decimal(str(residual))
            index = aging.bucket_index(aging.days_overdue(aging_date, as_of), boundaries)
            truth[customer][0] += residual
            truth[customer][1][index] += residual
        # The balance is also the plain sum of the balances dated on or before as_of.
        self.env.cr.execute("""
            SELECT partner.commercial_partner_id, SUM(aml.balance)
              FROM account_move_line aml
              JOIN account_account account ON account.id = aml.account_id
              JOIN res_partner partner ON partner.id = aml.partner_id
             WHERE aml.company_id = %s AND aml.parent_state = 'posted'
               AND account.account_type = 'asset_receivable' AND aml.date <= %s
          GROUP BY partner.commercial_partner_id
        """, [self.company.id, as_of])
        for customer, balance in self.env.cr.fetchall():
            self.assertEqual(cents(balance), cents(truth[customer][0]), customer)
        return truth

    def check(self, as_of):
        truth = self.ledger_truth(as_of)
        self.assertGreater(len(truth), 10, "the demo data has customers")
        workspace = self.env["collection.workspace"].with_user(self.agent)
        for customer, (balance, buckets) in truth.items():
            data = workspace.get_customer(customer, as_of=str(as_of))
            name = data["name"]
            self.assertEqual(cents(data["header"]["balance"]), cents(balance), name)
            self.assertEqual([cents(v) for v in data["aging"]], [cents(v) for v in buckets], name)
            self.assertEqual(cents(data["header"]["overdue"]), cents(sum(buckets[1:])), name)
        overview = workspace.get_overview(False, as_of=str(as_of))
        owing = {c for c, (balance, _buckets) in truth.items() if balance > 0}
        self.assertEqual({r["id"] for r in overview["highest_balances"]}, owing)
        for row in overview["highest_balances"]:
            self.assertEqual(cents(row["balance"]), cents(truth[row["id"]][0]), row["name"])
        for row in overview["oldest_balances"]:
            self.assertEqual([cents(v) for v in row["buckets"]],
                             [cents(v) for v in truth[row["id"]][1]], row["name"])

    def test_demo_balances_today_equal_the_ledger(self):
        # An invoice dated in the coming weeks is not in today's balances.
        customer = self.env.ref("account_collections_automation.demo_customer_01")
        future = self.env["account.move"].create({
            "move_type": "out_invoice",
            "partner_id": customer.id,
            "company_id": self.company.id,
            "invoice_date": self.today + timedelta(days=20),
            "invoice_line_ids": [Command.create({"name": "Next month", "quantity": 1,
                                                 "price_unit": 777.77, "tax_ids": []})],
        })
        future.action_post()
        self.env.cr.execute("""
            SELECT count(*) FROM account_move
             WHERE move_type = 'out_invoice' AND state = 'posted'
               AND company_id = %s AND date > %s""", [self.company.id, self.today])
        self.assertGreater(self.env.cr.fetchone()[0], 0)
        self.check(self.today)

    def test_demo_balances_at_last_month_end_equal_the_ledger(self):
        month_end = self.today.replace(day=1) - timedelta(days=1)
        # Some items open at month end were settled since: the as-of residual matters.
        self.env.cr.execute("""
            SELECT count(*) FROM account_partial_reconcile
             WHERE company_id = %s AND max_date > %s""", [self.company.id, month_end])
        self.assertGreater(self.env.cr.fetchone()[0], 0)
        self.check(month_end)


@tagged("post_install", "-at_install")
class TestLedgerAsOfTour(HttpCase):
    """The "as of" date picker of the overview and the customer workspace."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.context_today(cls.env.user)
        customer = cls.env["res.partner"].create(
            {"name": "AsOf Customer", "is_company": True, "customer_rank": 1})
        invoice = cls.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": customer.id,
            "invoice_date": today - timedelta(days=90),
            "invoice_date_due": today - timedelta(days=60),
            "invoice_line_ids": [Command.create(
                {"name": "x", "quantity": 1, "price_unit": 700, "tax_ids": []})],
        })
        invoice.action_post()
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids).create(
            {"amount": 300, "payment_date": today - timedelta(days=10)})._create_payments()
        pool = cls.env["collection.pool"].create({
            "name": "AsOf Pool", "partner_domain": f"[('id', '=', {customer.id})]"})
        cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "AsOf Agent", "login": "asof_agent", "password": "asof_agent_pw",
            "email": "asof_agent@example.com",
            "groups_id": [Command.set([cls.env.ref("base.group_user").id,
                                       cls.env.ref(AGENT).id])],
            "collection_pool_id": pool.id,
        })

    def test_as_of_date_picker(self):
        self.start_tour("/odoo", "collections_as_of_tour", login="asof_agent")
