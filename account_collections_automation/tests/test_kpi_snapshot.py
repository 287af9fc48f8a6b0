# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Collections performance snapshots (collection.kpi.snapshot): a month-end
snapshot against the same figures computed by plain SQL over the ledger, for
the company total and one pool; the back-fill; the future-date refusal."""

import calendar
from datetime import timedelta
from decimal import Decimal

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from ..engine import kpi
from .test_workspace import WorkspaceCase

TAG = "KPI-SNAP"

# The receivables as of a date, by plain SQL over the ledger: a posted
# receivable line dated on or before the date counts for its balance less the
# partial reconciliations dated on or before it (debit side) or plus them
# (credit side); it is current when its due date (else its date) is not past.
RECEIVABLES_SQL = """
    WITH item AS (
        SELECT COALESCE(aml.date_maturity, aml.date) AS aging_date,
               aml.balance
               - COALESCE((SELECT SUM(pr.amount) FROM account_partial_reconcile pr
                            WHERE pr.debit_move_id = aml.id AND pr.max_date <= %(day)s), 0)
               + COALESCE((SELECT SUM(pr.amount) FROM account_partial_reconcile pr
                            WHERE pr.credit_move_id = aml.id AND pr.max_date <= %(day)s), 0)
               AS residual
          FROM account_move_line aml
          JOIN account_account account ON account.id = aml.account_id
          JOIN res_partner partner ON partner.id = aml.partner_id
         WHERE aml.company_id = %(company)s
           AND aml.parent_state = 'posted'
           AND account.account_type = 'asset_receivable'
           AND aml.date <= %(day)s
           AND (%(customers)s::int[] IS NULL
                OR partner.commercial_partner_id = ANY(%(customers)s::int[]))
    )
    SELECT COALESCE(SUM(residual), 0)::text,
           COALESCE(SUM(residual) FILTER (WHERE aging_date >= %(day)s), 0)::text
      FROM item
"""
# Credit sales by month: receivable lines of customer invoices and credit notes.
SALES_SQL = """
    SELECT date_trunc('month', aml.date)::date, SUM(aml.balance)::text
      FROM account_move_line aml
      JOIN account_move move ON move.id = aml.move_id
      JOIN account_account account ON account.id = aml.account_id
      JOIN res_partner partner ON partner.id = aml.partner_id
     WHERE aml.company_id = %(company)s
       AND aml.parent_state = 'posted'
       AND account.account_type = 'asset_receivable'
       AND move.move_type IN ('out_invoice', 'out_refund')
       AND aml.date BETWEEN %(start)s AND %(day)s
       AND (%(customers)s::int[] IS NULL
                OR partner.commercial_partner_id = ANY(%(customers)s::int[]))
  GROUP BY 1
"""


def days_in(day):
    return calendar.monthrange(day.year, day.month)[1]


@tagged("post_install", "-at_install")
class TestKpiSnapshot(WorkspaceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Snapshot = cls.env["collection.kpi.snapshot"]
        cls.Snapshot = Snapshot
        # M: the end of last month; S: its first day.
        cls.month_end = cls.today.replace(day=1) - timedelta(days=1)
        cls.month_start = cls.month_end.replace(day=1)
        cls.k0, cls.k1 = cls.env["res.partner"].create([
            {"name": f"{TAG} {index}", "is_company": True, "customer_rank": 1, "ref": TAG,
             "collection_agent_id": cls.agent.id if index == 0 else False}
            for index in range(2)])
        cls.pool = cls.env["collection.pool"].create(
            {"name": f"{TAG} pool", "partner_domain": f"[('ref', '=', '{TAG}')]"})
        cls.process = cls.env["collection.process"].create({
            "name": f"{TAG} process", "pool_id": cls.pool.id, "rank": 9990,
            "step_ids": [Command.create({
                "sequence": 1, "name": "Call", "action_type": "activity", "timing": "after",
                "days": 5, "activity_summary": "Call"})]})
        end = cls.month_end
        # k0: 1,000 dated M-40 due M-10, 300 paid on M-5, 200 paid today;
        #     600 dated M-3 due M+27.
        cls.inv_a = cls.dated_invoice(cls.k0, 1000, end - timedelta(days=40),
                                      end - timedelta(days=10))
        cls.pay(cls.inv_a, amount=300, date=end - timedelta(days=5))
        cls.pay(cls.inv_a, amount=200, date=cls.today)
        cls.dated_invoice(cls.k0, 600, end - timedelta(days=3), end + timedelta(days=27))
        # k1: 800 dated M-70 due M-40; a credit note of 100 dated M-2; 400 dated M+1.
        cls.inv_c = cls.dated_invoice(cls.k1, 800, end - timedelta(days=70),
                                      end - timedelta(days=40))
        cls.dated_invoice(cls.k1, 100, end - timedelta(days=2), end - timedelta(days=2),
                          move_type="out_refund")
        cls.dated_invoice(cls.k1, 400, end + timedelta(days=1), end + timedelta(days=31))
        # A promise to pay 800 by M-1 on the invoice's item, not kept (the
        # invoice is still open): as the daily job leaves it, broken.
        cls.inv_c.collection_item_ids.with_context(collection_status_unchecked=True).write({
            "collection_status": "broken", "collection_promise_state": "broken",
            "collection_promise_date": end - timedelta(days=1),
            "collection_promise_amount": 800})

    @classmethod
    def dated_invoice(cls, partner, amount, day, due, move_type="out_invoice"):
        move = cls.env["account.move"].create({
            "move_type": move_type, "partner_id": partner.id, "invoice_date": day,
            "invoice_date_due": due,
            "invoice_line_ids": [Command.create(
                {"name": "x", "quantity": 1, "price_unit": amount, "tax_ids": []})],
        })
        move.action_post()
        return move

    # ------------------------------------------------------------------ helpers
    def sql_figures(self, day, customers=None):
        """Receivables, current, opening, credit sales of the month and the
        countback periods (days, sales) by plain SQL."""
        cr = self.env.cr
        self.env.flush_all()
        params = {"company": self.company.id, "customers": customers}
        cr.execute(RECEIVABLES_SQL, dict(params, day=day))
        total, current = (Decimal(value) for value in cr.fetchone())
        start = day.replace(day=1)
        cr.execute(RECEIVABLES_SQL, dict(params, day=start - timedelta(days=1)))
        opening = Decimal(cr.fetchone()[0])
        periods = kpi.month_periods(day, 12)
        cr.execute(SALES_SQL, dict(params, start=periods[-1][0], day=day))
        sales = {month: Decimal(amount) for month, amount in cr.fetchall()}
        countback = [((end - first).days + 1, sales.get(first, Decimal(0)))
                     for first, end in periods]
        return total, current, opening, sales.get(start, Decimal(0)), countback

    def row(self, snapshots, dimension, **member):
        rows = snapshots.filtered(lambda s: s.dimension == dimension and all(
            s[name].id == value for name, value in member.items()))
        self.assertEqual(len(rows), 1, f"one {dimension} row {member}")
        return rows

    def assert_matches_sql(self, snapshot, customers=None):
        total, current, opening, sales, countback = self.sql_figures(snapshot.date, customers)
        self.assertAlmostEqual(snapshot.receivable_total, float(total), places=2)
        self.assertAlmostEqual(snapshot.receivable_current, float(current), places=2)
        self.assertAlmostEqual(snapshot.receivable_overdue, float(total - current), places=2)
        self.assertAlmostEqual(snapshot.opening_receivable, float(opening), places=2)
        self.assertAlmostEqual(snapshot.credit_sales, float(sales), places=2)
        dso = kpi.countback_dso(total, countback)
        best = kpi.best_possible_dso(current, countback)
        cei = kpi.cei(opening, sales, total, current)
        for name, value in (("dso", dso), ("best_dso", best), ("cei", cei),
                            ("avg_days_delinquent", kpi.average_days_delinquent(dso, best))):
            self.assertAlmostEqual(snapshot[name], float(value or 0), places=2, msg=name)
        return total, current, opening, sales

    # ------------------------------------------------------------------ tests
    def test_month_end_snapshot_equals_sql_company_and_pool(self):
        snapshots = self.Snapshot.compute_snapshots(self.month_end)
        self.assertEqual(set(snapshots.mapped("date")), {self.month_end})
        company_row = self.row(snapshots, "company")
        self.assertTrue(company_row.receivable_total, "the demo ledger and this test's")
        self.assert_matches_sql(company_row)

        pool_row = self.row(snapshots, "pool", pool_id=self.pool.id)
        total, current, opening, sales = self.assert_matches_sql(
            pool_row, customers=[self.k0.id, self.k1.id])
        # By hand: k0 1,000 - 300 (the 200 paid today is after M) + 600;
        # k1 800 - 100 (the 400 is dated after M): 2,000 of which 600 current.
        self.assertEqual((total, current), (Decimal("2000.00"), Decimal("600.00")))
        # Opening (end of M-1): 1,000 + 800; sales of M: 600 - 100.
        self.assertEqual((opening, sales), (Decimal("1800.00"), Decimal("500.00")))
        # CEI: (1,800 + 500 - 2,000) / (1,800 + 500 - 600) = 300 / 1,700
        self.assertAlmostEqual(pool_row.cei, 17.65, places=2)
        # DSO: M's 500 (all its days), M-1's 1,000 (all its days), then 500 of
        # the 800 sold in the month of M-70.
        previous = self.month_start - timedelta(days=1)
        older = self.month_end - timedelta(days=70)
        expected = days_in(self.month_end) + days_in(previous) + 500 / 800 * days_in(older)
        self.assertAlmostEqual(pool_row.dso, round(expected, 2), places=2)
        # Best: 600 current: M's 500, then 100 of M-1's 1,000.
        best = days_in(self.month_end) + 100 / 1000 * days_in(previous)
        self.assertAlmostEqual(pool_row.best_dso, round(best, 2), places=2)
        self.assertAlmostEqual(pool_row.avg_days_delinquent,
                               round(expected, 2) - round(best, 2), places=2)
        # Buckets: k0 700 (10 days) and the credit note -100 (2 days) in 1-30;
        # k1 800 (40 days) in 31-60.
        self.assertEqual(pool_row.aging_labels, "1-30, 31-60, 61-90, 91-120, Over 120")
        self.assertEqual([pool_row[f"overdue_bucket_{i}"] for i in range(1, 6)],
                         [600.0, 800.0, 0.0, 0.0, 0.0])
        self.assertEqual((pool_row.promises_kept, pool_row.promises_broken), (0, 1))
        # The process working the pool, and k0's agent.
        process_row = self.row(snapshots, "process", process_id=self.process.id)
        self.assertEqual(process_row.receivable_total, 2000.0)
        agent_row = self.row(snapshots, "agent", agent_id=self.agent.id)
        self.assertEqual((agent_row.receivable_total, agent_row.receivable_current),
                         (1300.0, 600.0))

    def test_recomputing_a_date_replaces_its_snapshots(self):
        first = self.Snapshot.compute_snapshots(self.month_end)
        second = self.Snapshot.compute_snapshots(self.month_end)
        self.assertFalse(first.exists())
        self.assertEqual(self.Snapshot.search_count([
            ("date", "=", self.month_end), ("company_id", "=", self.company.id),
            ("dimension", "=", "company")]), 1)
        self.assertEqual(len(first), len(second))

    def test_future_date_is_refused_naming_field_and_value(self):
        tomorrow = self.today + timedelta(days=1)
        before = self.Snapshot.search_count([])
        with self.assertRaisesRegex(ValidationError, rf"Date: {tomorrow}.*future"):
            self.Snapshot.compute_snapshots(tomorrow)
        with self.assertRaisesRegex(ValidationError, rf"Date: {tomorrow}.*future"):
            self.Snapshot.create({"date": tomorrow, "company_id": self.company.id,
                                  "dimension": "company"})
        self.assertEqual(self.Snapshot.search_count([]), before)

    def test_backfill_month_ends_from_the_ledger(self):
        self.Snapshot.search([]).unlink()
        action = self.Snapshot.with_user(self.manager).action_backfill()
        self.assertEqual(action["params"]["type"], "success")
        snapshots = self.Snapshot.search([("company_id", "=", self.company.id)])
        dates = sorted(set(snapshots.mapped("date")))
        first = self.env["collection.ledger"]._kpi_first_date(self.company)
        months = (self.month_end.year - first.year) * 12 + self.month_end.month - first.month + 1
        self.assertEqual(len(dates), min(12, months))
        self.assertEqual(dates[-1], self.month_end)
        for day in dates:
            self.assertEqual(day, kpi.month_end(day))
        # Each back-filled month equals the SQL over the ledger as of its end.
        for day in dates[-2:]:
            self.assert_matches_sql(self.row(snapshots.filtered(
                lambda s, day=day: s.date == day), "company"))
        # Running it again keeps one set per month.
        self.Snapshot.with_user(self.manager).action_backfill()
        self.assertEqual(self.Snapshot.search_count([("company_id", "=", self.company.id)]),
                         len(snapshots))

    def test_backfill_is_for_managers(self):
        with self.assertRaises(AccessError):
            self.Snapshot.with_user(self.agent).action_backfill()
        with self.assertRaises(AccessError):
            self.Snapshot.with_user(self.agent).compute_snapshots()

    def test_today_counts_promises_made_and_disputes_of_the_month(self):
        # Today: a dispute opened and resolved on inv_a's item, and inv_c's
        # broken promise renewed for a later date (a new promise).
        item_b = self.inv_a.collection_item_ids
        reason = self.env.ref("account_collections_automation.dispute_reason_price")
        item_b.write({"collection_status": "disputed", "collection_dispute_reason_id": reason.id})
        item_b.write({"collection_status": "resolved"})
        self.inv_c.collection_item_ids.write({
            "collection_status": "promised", "collection_promise_amount": 500,
            "collection_promise_date": self.today + timedelta(days=5)})
        snapshots = self.Snapshot.compute_snapshots()
        pool_row = self.row(snapshots, "pool", pool_id=self.pool.id)
        self.assertEqual((pool_row.promises_made, pool_row.disputes_opened,
                          pool_row.disputes_resolved), (1, 1, 1))
        changes = self.env["collection.status.change"].search(
            [("move_id", "in", (self.inv_a | self.inv_c).ids)])
        self.assertEqual(sorted(changes.mapped("new_status")),
                         ["disputed", "promised", "resolved"])
        self.assert_matches_sql(pool_row, customers=[self.k0.id, self.k1.id])

    def test_collected_after_the_last_step_and_level(self):
        # A call on k0 today; its 200 paid today come after it, and after no
        # reminder (level 0). k1 paid nothing this month.
        self.env["collection.action"].create({
            "partner_id": self.k0.id, "process_id": self.process.id,
            "step_id": self.process.step_ids.id, "kind": "step", "action_type": "activity",
            "date": self.today, "company_id": self.company.id})
        pool_row = self.row(self.Snapshot.compute_snapshots(), "pool", pool_id=self.pool.id)
        self.assertEqual(pool_row.collected_amount, 200.0)
        self.assertEqual(
            sorted((c.source, c.step_id.id, c.reminder_level, c.amount)
                   for c in pool_row.collected_ids),
            [("reminder", False, 0, 200.0), ("step", self.process.step_ids.id, 0, 200.0)])
        # Last month's 300, paid before any step, in last month's snapshot.
        last = self.row(self.Snapshot.compute_snapshots(self.month_end), "pool",
                        pool_id=self.pool.id)
        self.assertEqual(last.collected_amount, 300.0)
        self.assertEqual(
            sorted((c.source, c.step_id.id, c.amount) for c in last.collected_ids),
            [("reminder", False, 300.0), ("step", False, 300.0)])

    def test_agent_reads_only_own_company_snapshots(self):
        snapshots = self.Snapshot.compute_snapshots(self.month_end)
        self.Snapshot.with_company(self.company_b).compute_snapshots(
            self.month_end, companies=self.company_b)
        seen = self.Snapshot.with_user(self.agent).search([("date", "=", self.month_end)])
        self.assertEqual(seen.company_id, self.company)
        self.assertEqual(set(seen.ids), set(snapshots.ids))
