# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, tagged

from ..engine import aging, risk

AGENT = "account_collections_automation.group_collections_agent"
MANAGER = "account_collections_automation.group_collections_manager"


class WorkspaceCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.today = fields.Date.context_today(cls.env.user)
        cls.company_b = cls.env["res.company"].create(
            {"name": "Collections B", "currency_id": cls.company.currency_id.id})
        cls.env["account.chart.template"].try_loading(
            "generic_coa", company=cls.company_b, install_demo=False)

        # Messages are checked in English; the database may default to French.
        cls.env["res.lang"]._activate_lang("en_US")

        def user(login, groups, companies):
            return cls.env["res.users"].with_context(no_reset_password=True).create({
                "name": login.title(), "login": login, "email": f"{login}@example.com",
                # Their "today" is the one the data is dated in (cls.today).
                "lang": "en_US", "tz": cls.env.user.tz,
                "company_id": companies[0].id, "company_ids": [Command.set(companies.ids)],
                "groups_id": [Command.set([cls.env.ref(g).id for g in groups])],
            })

        cls.agent = user("ws_agent", ["base.group_user", AGENT], cls.company)
        cls.agent_b = user("ws_agent_b", ["base.group_user", AGENT],
                           cls.company_b | cls.company)
        cls.manager = user("ws_manager", ["base.group_user", MANAGER], cls.company)
        cls.plain = user("ws_plain", ["base.group_user", "account.group_account_invoice"],
                         cls.company)
        cls.customers = cls.env["res.partner"].create([
            {"name": f"WS Customer {index}", "is_company": True, "customer_rank": 1,
             "credit_limit": limit}
            for index, limit in enumerate([1000.0, 0.0, 50000.0])
        ])
        cls.c0, cls.c1, cls.c2 = cls.customers
        cls.contact = cls.env["res.partner"].create(
            {"name": "WS Contact", "parent_id": cls.c0.id, "email": "pay@ws.example.com"})
        cls.c0.collection_contact_id = cls.contact

    @classmethod
    def invoice(cls, partner, amount, due_days_ago, company=None, move_type="out_invoice"):
        company = company or cls.company
        due = cls.today - timedelta(days=due_days_ago)
        move = cls.env["account.move"].with_company(company).create({
            "move_type": move_type, "partner_id": partner.id, "company_id": company.id,
            "invoice_date": min(due, cls.today), "invoice_date_due": due,
            "invoice_line_ids": [Command.create(
                {"name": "x", "quantity": 1, "price_unit": amount, "tax_ids": []})],
        })
        move.action_post()
        return move

    @classmethod
    def pay(cls, invoices, amount=None, date=None):
        values = {"payment_date": date or cls.today}
        if amount is not None:
            values["amount"] = amount
        wizard = cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoices.ids).create(values)
        return wizard._create_payments()

    def open_receivables_by_customer(self, company):
        """The accounting truth: open receivable residuals per commercial partner,
        of the items dated today or before (none is settled after today here)."""
        lines = self.env["account.move.line"].search([
            ("company_id", "=", company.id), ("parent_state", "=", "posted"),
            ("date", "<=", self.today),
            ("account_id.account_type", "=", "asset_receivable"),
            ("reconciled", "=", False), ("amount_residual", "!=", 0)])
        result = defaultdict(lambda: self.env["account.move.line"])
        for line in lines:
            result[line.partner_id.commercial_partner_id.id] |= line
        return result


@tagged("post_install", "-at_install")
class TestWorkspaceOverview(WorkspaceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.inv_old = cls.invoice(cls.c0, 1000, 100)
        cls.inv_mid = cls.invoice(cls.c0, 500, 40)
        cls.inv_new = cls.invoice(cls.c0, 300, -10)
        cls.pay(cls.inv_mid, amount=200)
        cls.invoice(cls.c1, 4000, 5)
        cls.invoice(cls.c1, 250, 0, move_type="out_refund")
        cls.invoice(cls.c2, 700, 200)
        cls.invoice(cls.c2, 900, 15, company=cls.company_b)

    def test_grids_match_accounting(self):
        data = self.env["collection.workspace"].with_user(self.agent).get_overview(False)
        truth = self.open_receivables_by_customer(self.company)
        boundaries = self.company._collection_aging_boundaries()
        self.assertTrue(data["highest_balances"])
        for row in data["highest_balances"]:
            lines = truth[row["id"]]
            self.assertAlmostEqual(row["balance"], sum(lines.mapped("amount_residual")), places=2)
        for row in data["oldest_balances"]:
            lines = truth[row["id"]]
            expected = aging.age([(line.date_maturity or line.date,
                                   Decimal(str(line.amount_residual)))
                                  for line in lines], self.today, boundaries)
            self.assertEqual([round(Decimal(str(v)), 2) for v in row["buckets"]],
                             [round(v, 2) for v in expected], row["name"])
            self.assertAlmostEqual(row["balance"], float(sum(expected)), places=2)
        rows = {row["id"]: row for row in data["highest_balances"]}
        # c0: 1000 (100 days) + 300 (40 days, partly paid) + 300 (not yet due).
        self.assertAlmostEqual(rows[self.c0.id]["balance"], 1600.0)
        self.assertAlmostEqual(rows[self.c0.id]["overdue"], 1300.0)
        self.assertAlmostEqual(rows[self.c0.id]["available_credit"], -600.0)
        # c1: the credit note lowers the balance; c2's company B invoice is not here.
        self.assertAlmostEqual(rows[self.c1.id]["balance"], 3750.0)
        self.assertAlmostEqual(rows[self.c2.id]["balance"], 700.0)
        self.assertIs(rows[self.c1.id]["available_credit"], False)
        expected_risk = risk.risk_score(Decimal("1600"), Decimal("1300"), Decimal("1000"), 0.0)
        self.assertEqual(rows[self.c0.id]["risk_score"], expected_risk.score)
        self.assertEqual(rows[self.c0.id]["risk"]["parts"], expected_risk.parts)
        self.assertIn("Overdue share", rows[self.c0.id]["risk"]["tooltip"])
        # Highest first; the oldest grid starts with the oldest overdue due date.
        balances = [row["balance"] for row in data["highest_balances"]]
        self.assertEqual(balances, sorted(balances, reverse=True))
        oldest = [row["oldest_overdue"] for row in data["oldest_balances"]]
        self.assertEqual(oldest, sorted(oldest))

    def test_days_late_feed_the_risk_score(self):
        late = self.invoice(self.c1, 100, 30)
        self.pay(late, date=self.today - timedelta(days=10))  # 20 days late
        workspace = self.env["collection.workspace"].with_user(self.agent)
        days = workspace._days_late_by_customer(self.company, [self.c1.id], self.today)
        self.assertAlmostEqual(days[self.c1.id], 20.0)
        row = next(r for r in workspace.get_overview(False)["highest_balances"]
                   if r["id"] == self.c1.id)
        self.assertEqual(row["risk"]["parts"]["days_late"],
                         risk.risk_score(Decimal(3750), Decimal(3750), Decimal(0), 20.0)
                         .parts["days_late"])

    def test_pool_filters_every_grid(self):
        pool = self.env["collection.pool"].create(
            {"name": "WS pool", "partner_domain": f"[('id', 'in', {[self.c0.id, self.c2.id]})]"})
        self.agent.collection_pool_id = pool
        workspace = self.env["collection.workspace"].with_user(self.agent)
        data = workspace.get_overview()  # None: the agent's default pool
        self.assertEqual(data["pool_id"], pool.id)
        self.assertEqual({r["id"] for r in data["highest_balances"]}, {self.c0.id, self.c2.id})
        self.assertEqual({r["id"] for r in data["oldest_balances"]}, {self.c0.id, self.c2.id})
        everyone = workspace.get_overview(False)
        self.assertFalse(everyone["pool_id"])
        self.assertIn(self.c1.id, {r["id"] for r in everyone["highest_balances"]})

    def test_query_count_does_not_grow_with_customers(self):
        workspace = self.env["collection.workspace"].with_user(self.agent)
        workspace.get_overview(False)
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        workspace.get_overview(False)
        few = self.env.cr.sql_log_count - before
        more = self.env["res.partner"].create([
            {"name": f"WS Bulk {i}", "is_company": True, "customer_rank": 1}
            for i in range(15)])
        for partner in more:
            self.invoice(partner, 100, 50)
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        workspace.get_overview(False)
        self.assertLessEqual(self.env.cr.sql_log_count - before, few + 2)

    def test_companies_and_access(self):
        workspace = self.env["collection.workspace"]
        with self.assertRaises(AccessError):
            workspace.with_user(self.plain).get_overview(False)
        with self.assertRaises(AccessError):
            workspace.with_user(self.plain).get_customer(self.c0.id)
        # Agent B, working in company B, sees company B's receivables only.
        data = workspace.with_user(self.agent_b).with_company(self.company_b).get_overview(False)
        self.assertEqual([(r["id"], r["balance"]) for r in data["highest_balances"]],
                         [(self.c2.id, 900.0)])
        with self.assertRaises(AccessError):
            workspace.with_user(self.agent).with_company(self.company_b).get_overview(False)

    def test_activities(self):
        activity = self.c0.activity_schedule(
            "mail.mail_activity_data_call", user_id=self.agent.id, summary="Call WS",
            date_deadline=self.today - timedelta(days=2))
        self.inv_old.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.agent.id, summary="Check invoice",
            date_deadline=self.today)
        self.c1.activity_schedule("mail.mail_activity_data_call", user_id=self.manager.id)
        workspace = self.env["collection.workspace"].with_user(self.agent)
        rows = workspace.get_overview(False)["activities"]
        self.assertEqual([r["summary"] for r in rows], ["Call WS", "Check invoice"])
        self.assertTrue(rows[0]["late"])
        self.assertEqual(rows[1]["customer_id"], self.c0.id)
        workspace.close_activities([activity.id], "Promised to pay Friday")
        self.assertFalse(activity.exists())
        self.assertEqual([r["summary"] for r in workspace.get_overview(False)["activities"]],
                         ["Check invoice"])
        wizard = self.env["collection.activity.wizard"].with_user(self.agent).create(
            {"partner_id": self.c2.id, "summary": "Follow up"})
        wizard.action_schedule()
        self.assertIn("Follow up", [r["summary"] for r in
                                    workspace.get_overview(False)["activities"]])


@tagged("post_install", "-at_install")
class TestCustomerWorkspace(WorkspaceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.inv_old = cls.invoice(cls.c0, 1000, 100)
        cls.inv_mid = cls.invoice(cls.c0, 500, 40)
        cls.inv_new = cls.invoice(cls.c0, 300, -10)
        cls.payment = cls.pay(cls.inv_mid, amount=200)
        cls.credit_note = cls.invoice(cls.c0, 50, 0, move_type="out_refund")

    def workspace(self, user=None):
        return self.env["collection.workspace"].with_user(user or self.agent)

    def test_header_tabs_and_summary(self):
        data = self.workspace().get_customer(self.contact.id)  # a contact opens its company
        self.assertEqual(data["id"], self.c0.id)
        header = data["header"]
        self.assertAlmostEqual(header["balance"], 1550.0)
        self.assertAlmostEqual(header["overdue"], 1300.0)
        self.assertEqual(header["last_payment"]["amount"], 200.0)
        self.assertFalse(header["process"])
        self.assertFalse(header["reminder_level"])
        self.assertEqual({i["move_id"] for i in data["open_items"]},
                         {self.inv_old.id, self.inv_mid.id, self.inv_new.id})
        self.assertEqual([i["move_id"] for i in data["unsettled"]], [self.credit_note.id])
        old = next(i for i in data["open_items"] if i["move_id"] == self.inv_old.id)
        self.assertEqual(old["days_overdue"], 100)
        expected = aging.age([(self.today - timedelta(days=100), 1000),
                              (self.today - timedelta(days=40), 300),
                              (self.today + timedelta(days=10), 300),
                              (self.today, -50)], self.today,
                             self.company._collection_aging_boundaries())
        self.assertEqual([round(Decimal(str(v)), 2) for v in data["aging"]], expected)
        self.assertIn("2 invoices are overdue", " ".join(data["summary"]))
        self.assertEqual(data["contacts"]["collections_contact"]["id"], self.contact.id)
        kinds = {(e["kind"], e["res_model"], e["res_id"]) for e in data["timeline"]}
        self.assertIn(("invoice", "account.move", self.inv_old.id), kinds)
        self.assertIn(("credit_note", "account.move", self.credit_note.id), kinds)
        self.assertIn(("payment", "account.payment", self.payment.id), kinds)
        dates = [e["date"] for e in data["timeline"]]
        self.assertEqual(dates, sorted(dates, reverse=True))

    def test_change_status_dispute_and_promise(self):
        Wizard = self.env["collection.status.wizard"].with_user(self.agent)
        action = self.inv_old.with_user(self.agent).action_collection_change_status()
        with self.assertRaisesRegex(ValidationError, "Dispute Reason: a dispute needs a reason"):
            Wizard.with_context(**action["context"]).create(
                {"collection_status": "disputed"}).action_apply()
        self.assertEqual(self.inv_old.collection_status, "none", "nothing written")
        wizard = Wizard.with_context(**action["context"]).create({
            "collection_status": "disputed",
            "dispute_reason_id": self.env.ref(
                "account_collections_automation.dispute_reason_price").id})
        wizard.action_apply()
        self.assertEqual(self.inv_old.collection_status, "disputed")
        with self.assertRaisesRegex(ValidationError, "Promised Payment Date"):
            Wizard.with_context(active_model="account.move", active_ids=self.inv_mid.ids).create(
                {"collection_status": "promised"}).action_apply()
        promise_date = self.today + timedelta(days=5)
        Wizard.with_context(active_model="account.move", active_ids=self.inv_mid.ids).create({
            "collection_status": "promised", "promise_date": promise_date,
            "promise_amount": 300}).action_apply()
        self.assertEqual(self.inv_mid.collection_promise_state, "pending")
        data = self.workspace().get_customer(self.c0.id)
        self.assertEqual([i["move_id"] for i in data["disputed"]], [self.inv_old.id])
        self.assertEqual([(p["move_id"], p["promise_state"]) for p in data["promised"]],
                         [(self.inv_mid.id, "pending")])
        summary = " ".join(data["summary"])
        self.assertIn("1 invoice is disputed", summary)
        self.assertIn("is promised for 1 invoice", summary)
        # Paid in full before the promised date: the daily job records the promise kept.
        self.pay(self.inv_mid)
        self.env["account.move.line"]._cron_collection_promises()
        self.inv_mid.invalidate_recordset()
        self.assertEqual(self.inv_mid.collection_promise_state, "kept")
        # Was: a promise could be recorded for a day already gone (then shown
        # broken); it is refused now, naming the field and the value.
        with self.assertRaisesRegex(ValidationError, "Promised Payment Date: .* is in the past"):
            Wizard.with_context(active_model="account.move", active_ids=self.inv_new.ids).create({
                "collection_status": "promised", "promise_amount": 300,
                "promise_date": self.today - timedelta(days=1)}).action_apply()
        # A promise not paid by its date is broken by the daily job.
        Wizard.with_context(active_model="account.move", active_ids=self.inv_new.ids).create({
            "collection_status": "promised", "promise_amount": 300,
            "promise_date": self.today}).action_apply()
        with freeze_time(self.today + timedelta(days=1)):
            self.env["account.move.line"]._cron_collection_promises()
        self.assertEqual((self.inv_new.collection_status, self.inv_new.collection_promise_state),
                         ("broken", "broken"))
        # Back to none: the promise is cleared.
        Wizard.with_context(active_model="account.move", active_ids=self.inv_new.ids).create(
            {"collection_status": "none"}).action_apply()
        self.assertFalse(self.inv_new.collection_promise_date)

    def test_hold_reprint_history_settle(self):
        move = self.inv_old.with_user(self.agent)
        move.action_collection_toggle_hold()
        self.assertTrue(self.inv_old.collection_on_hold)
        reprint = move.action_collection_reprint()
        self.assertEqual(reprint["url"],
                         f"/account_collections_automation/reprint/{self.inv_old.id}")
        history = move.action_collection_history()
        self.assertTrue(self.env["mail.message"].search_count(history["domain"]))
        settle = move.action_collection_settle()
        lines = self.env["account.move.line"].search(settle["domain"])
        self.assertEqual(lines.move_id, self.inv_old | self.inv_mid | self.inv_new
                         | self.credit_note)
        pair = lines.filtered(lambda line: line.move_id in (self.inv_new | self.credit_note))
        pair.with_user(self.agent).action_collection_reconcile()
        self.assertAlmostEqual(self.inv_new.amount_residual, 250.0)

    def test_write_off_through_reconciliation(self):
        account = self.env["account.account"].search([
            ("account_type", "=", "expense"), ("company_ids", "in", self.company.id)], limit=1)
        wizard = self.env["collection.write.off.wizard"].with_user(self.manager).with_context(
            active_model="account.move", active_ids=self.inv_mid.ids).create(
            {"account_id": account.id})
        self.assertAlmostEqual(wizard.amount, 300.0)
        wizard.action_write_off()
        self.assertTrue(self.inv_mid.currency_id.is_zero(self.inv_mid.amount_residual))
        self.assertIn(self.inv_mid.payment_state, ("paid", "in_payment"))
        written = self.env["account.move.line"].search(
            [("account_id", "=", account.id), ("partner_id", "=", self.c0.id)])
        self.assertAlmostEqual(sum(written.mapped("balance")), 300.0)

    def test_nsf_payment_reopens_invoices(self):
        invoice = self.invoice(self.c1, 800, 20)
        payment = self.pay(invoice)
        self.assertTrue(invoice.currency_id.is_zero(invoice.amount_residual))
        income = self.env["account.account"].search([
            ("account_type", "=", "income"), ("company_ids", "in", self.company.id)], limit=1)
        action = invoice.with_user(self.manager).action_collection_nsf_payment()
        self.assertEqual(action["context"]["default_payment_id"], payment.id)
        wizard = self.env["collection.nsf.wizard"].with_user(self.manager).with_context(
            **action["context"]).create({"fee_amount": 25, "fee_account_id": income.id})
        self.assertEqual(wizard.invoice_ids, invoice)
        wizard.action_reverse()
        self.assertAlmostEqual(invoice.amount_residual, 800.0)
        self.assertTrue(payment.move_id.reversal_move_ids)
        fee = self.env["account.move"].search(
            [("partner_id", "=", self.c1.id), ("amount_total", "=", 25),
             ("state", "=", "posted")])
        self.assertEqual(len(fee), 1)
        data = self.workspace().get_customer(self.c1.id)
        self.assertIn(invoice.id, [i["move_id"] for i in data["open_items"]])

    def test_draft_reminder_email(self):
        action = self.workspace().action_draft_reminder_email(self.c0.id)
        self.assertEqual(action["res_model"], "mail.compose.message")
        self.assertEqual(action["context"]["default_partner_ids"], [self.contact.id])
        self.assertIn(self.inv_old.name, action["context"]["default_body"])
        composer = self.env["mail.compose.message"].with_user(self.agent).with_context(
            **action["context"]).create({})
        composer.action_send_mail()
        self.assertTrue(self.c0.message_ids.filtered(
            lambda m: self.inv_old.name in (m.body or "")))

    def test_timeline_sources_are_extensible(self):
        workspace = self.workspace()
        extra = {"kind": "reminder", "date": fields.Date.to_string(self.today),
                 "title": "R-1", "amount": 10.0, "currency_id": self.company.currency_id.id,
                 "res_model": "res.partner", "res_id": self.c0.id, "details": "level 1"}
        sources = workspace._timeline_sources() + [lambda partner, date_from: [extra]]
        with self.patch_sources(sources):
            timeline = workspace.get_customer(self.c0.id)["timeline"]
        self.assertIn(extra, timeline)
        self.assertEqual(timeline[0]["date"], extra["date"])

    def patch_sources(self, sources):
        from unittest.mock import patch
        return patch.object(type(self.env["collection.workspace"]), "_timeline_sources",
                            lambda self: sources)

    def test_summary_and_labels_are_translated(self):
        # French as the test needs it (a database may have English only).
        self.env["res.lang"].sudo()._activate_lang("fr_FR")
        self.env["ir.module.module"].sudo()._load_module_terms(
            ["account_collections_automation"], ["fr_FR"], overwrite=True)
        data = self.workspace().with_context(lang="fr_FR").get_customer(self.c0.id)
        self.assertIn("2 factures sont en retard", " ".join(data["summary"]))
        self.assertIn("Part en retard", data["header"]["risk"]["tooltip"])
        self.assertEqual(data["buckets"][0]["label"], "Courant")
