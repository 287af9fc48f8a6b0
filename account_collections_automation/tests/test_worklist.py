# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The ranked worklist ("work next") of the overview: its order and reasons on
a small hand-made set, read as a Collections Agent; the weights' refusal of a
negative value; the number of queries; and the grid clicked in Chromium (open
a customer, log a call)."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, HttpCase, tagged

from .test_workspace_tour import AGENT, MANAGER, _server_errors_told


@tagged("post_install", "-at_install")
class TestWorklist(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")
        cls.today = fields.Date.context_today(cls.env.user)
        cls.names = {}
        # Alpha: 3000 due 100 days ago, never contacted.
        cls.alpha = cls._customer("Worklist Alpha", [(3000, 100)])
        # Bravo: 500 due 10 days ago, a promise broken 5 days ago, called 4 days ago.
        cls.bravo = cls._customer("Worklist Bravo", [(500, 10)])
        cls.bravo_invoice = cls.invoices[-1]
        # As the daily job leaves it: the item's promise, found broken.
        cls.bravo_invoice.collection_item_ids.with_context(
            collection_status_unchecked=True).write({
                "collection_status": "broken", "collection_promise_state": "broken",
                "collection_promise_date": cls.today - timedelta(days=5),
                "collection_promise_amount": 500})
        cls._call(cls.bravo, days_ago=4)
        # Charlie: 500 due 10 days ago, never contacted, a call due yesterday.
        cls.charlie = cls._customer("Worklist Charlie", [(500, 10)])
        cls.charlie.activity_schedule("mail.mail_activity_data_call", summary="Call Charlie",
                                      date_deadline=cls.today - timedelta(days=1))
        # Delta: nothing overdue yet. Echo: overdue, but called today.
        cls.delta = cls._customer("Worklist Delta", [(400, -5)])
        cls.echo = cls._customer("Worklist Echo", [(800, 30)])
        cls._call(cls.echo, days_ago=0)
        # Foxtrot: overdue the most, but outside the agent's pool.
        cls.foxtrot = cls._customer("Worklist Foxtrot", [(9000, 200)])
        members = cls.alpha | cls.bravo | cls.charlie | cls.delta | cls.echo
        cls.pool = cls.env["collection.pool"].create({
            "name": "Worklist Pool", "partner_domain": f"[('id', 'in', {members.ids})]"})
        cls.agent = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Worklist Agent", "login": "worklist_agent",
            "password": "worklist_agent", "email": "worklist_agent@example.com",
            "lang": "en_US", "collection_pool_id": cls.pool.id,
            # The worklist's day is its reader's: the day the data was built
            # for (cls.today, in the admin's time zone) between 23:00 and 24:00 UTC too.
            "tz": cls.env.user.tz,
            "groups_id": [Command.set([cls.env.ref("base.group_user").id,
                                       cls.env.ref(AGENT).id])]})
        cls.manager = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Worklist Manager", "login": "worklist_manager",
            "password": "worklist_manager", "email": "worklist_manager@example.com",
            "lang": "en_US", "collection_pool_id": cls.pool.id, "tz": cls.env.user.tz,
            "groups_id": [Command.set([cls.env.ref("base.group_user").id,
                                       cls.env.ref(MANAGER).id])]})

    @classmethod
    def _customer(cls, name, invoices, partner=None):
        partner = partner or cls.env["res.partner"].create(
            {"name": name, "is_company": True, "customer_rank": 1})
        cls.invoices = cls.env["account.move"]
        for amount, days_overdue in invoices:
            move = cls.env["account.move"].create({
                "move_type": "out_invoice", "partner_id": partner.id,
                "invoice_date": cls.today - timedelta(days=days_overdue + 30),
                "invoice_date_due": cls.today - timedelta(days=days_overdue),
                "invoice_line_ids": [Command.create(
                    {"name": "x", "quantity": 1, "price_unit": amount, "tax_ids": []})]})
            move.action_post()
            cls.invoices |= move
        return partner

    @classmethod
    def _call(cls, partner, days_ago):
        """A call logged on ``partner`` ``days_ago`` days ago."""
        wizard = cls.env["collection.log.call.wizard"].with_context(
            default_partner_id=partner.id).create({"feedback": "Spoke to them"})
        wizard.action_log_call()
        message = cls.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", partner.id),
             ("mail_activity_type_id", "!=", False)], order="id desc", limit=1)
        message.date = fields.Datetime.now() - timedelta(days=days_ago)

    def _worklist(self, **kwargs):
        return self.env["collection.workspace"].with_user(self.agent).get_worklist(**kwargs)

    def test_order_and_reasons(self):
        """Alpha (old and large, never contacted) first; Charlie (never contacted,
        an activity due) before Bravo (contacted 4 days ago, a broken promise);
        Delta (nothing overdue), Echo (called today) and Foxtrot (another pool)
        left out."""
        data = self._worklist()
        self.assertEqual(data["pool_id"], self.pool.id)
        rows = data["rows"]
        self.assertEqual([row["name"] for row in rows],
                         ["Worklist Alpha", "Worklist Charlie", "Worklist Bravo"])
        self.assertEqual([row["rank"] for row in rows], [1, 2, 3])
        alpha, charlie, bravo = rows
        # By hand, default weights: Alpha 3000/8000*25 + 100/120*20 + 40% risk*15
        # + never contacted 10 = 9.375 + 16.667 + 6 + 10.
        self.assertEqual(alpha["score"], 42.0)
        self.assertEqual(alpha["reasons"],
                         ["oldest item 100 days overdue", "never contacted", "3,000 overdue"])
        self.assertEqual(alpha["overdue"], 3000.0)
        self.assertEqual(alpha["oldest_overdue"],
                         fields.Date.to_string(self.today - timedelta(days=100)))
        # Charlie: 500/5500*25 + 10/120*20 + 6 + 10 + one activity due 5/3 = 21.6.
        self.assertEqual(charlie["score"], 21.6)
        self.assertEqual(charlie["reasons"], ["never contacted", "risk score 40", "500 overdue"])
        self.assertEqual(charlie["points"]["activities_due"], 1.7)
        # Bravo: 2.27 + 1.67 + 6 + one broken promise 15/3 + 4/30*10 = 16.3.
        self.assertEqual(bravo["score"], 16.3)
        self.assertEqual(bravo["reasons"],
                         ["risk score 40", "1 broken promise(s) to pay", "500 overdue"])
        self.assertEqual(bravo["points"]["no_contact"], 1.3)
        # All customers: Foxtrot (outside the pool) comes before Alpha; limit cuts the list.
        names = [row["name"] for row in self._worklist(pool_id=False, limit=500)["rows"]]
        self.assertLess(names.index("Worklist Foxtrot"), names.index("Worklist Alpha"))
        self.assertNotIn("Worklist Echo", names)
        self.assertEqual(len(self._worklist(pool_id=False, limit=2)["rows"]), 2)

    def test_amounts_in_the_readers_language(self):
        """The overdue amount of a reason has the language's thousands separator."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.agent.lang = "fr_FR"
        # As the web client asks: in the user's language.
        alpha = self.env["collection.workspace"].with_user(self.agent).with_context(
            lang="fr_FR").get_worklist()["rows"][0]
        self.assertEqual(alpha["name"], "Worklist Alpha")
        separator = self.env["res.lang"]._lang_get("fr_FR").thousands_sep
        self.assertTrue(separator)
        self.assertIn(f"3{separator}000", alpha["reason_text"])
        self.assertNotIn("3000", alpha["reason_text"])

    def test_paid_late_history_raises_risk_and_predicted_lateness(self):
        """Golf paid three invoices 20 days late: the risk score counts the
        days late and the predictor expects 20 days late again, both read
        from the ledger's paid items."""
        golf = self._customer("Worklist Golf", [(100, 120), (100, 110), (100, 100)])
        for move in self.invoices:
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=move.ids,
            ).create({"payment_date": move.invoice_date_due + timedelta(days=20)}
                     )._create_payments()
        self._customer("Worklist Golf", [(1000, 10)], partner=golf)
        pool = self.env["collection.pool"].create(
            {"name": "Golf", "partner_domain": f"[('id', 'in', {golf.ids})]"})
        rows = self._worklist(pool_id=pool.id)["rows"]
        self.assertEqual(len(rows), 1)
        row = rows[0]
        self.assertEqual(row["overdue"], 1000.0)
        # Risk: all overdue 40 + 20/90 of 35 days late = 48, 15% of it: 7.2.
        self.assertEqual(row["points"]["risk"], 7.2)
        # Predicted 20 days late: 20/30 of 10.
        self.assertEqual(row["points"]["predicted_lateness"], 6.7)
        self.assertEqual(row["reasons"], [
            "never contacted", "risk score 48", "predicted to pay 20.0 days late"])

    def test_weights_from_the_settings(self):
        """Broken promises weighing most put Bravo first."""
        self.env.company.collection_worklist_weight_broken_promises = 100
        rows = self._worklist()["rows"]
        self.assertEqual(rows[0]["name"], "Worklist Bravo")
        self.assertEqual(rows[0]["reasons"][0], "1 broken promise(s) to pay")

    def test_negative_weight_refused(self):
        """Saving the settings with a weight below 0 is refused, naming the
        weight and the value; nothing is written."""
        with self.assertRaises(ValidationError) as caught, \
                Form(self.env["res.config.settings"]) as settings:
            settings.collection_worklist_weight_overdue_age = 40
            settings.collection_worklist_weight_risk = -2
        self.assertEqual(str(caught.exception),
                         "Worklist Weight: Risk Score: -2.0 is below 0; a weight must be 0 or "
                         "more.")
        self.env.invalidate_all()
        self.assertEqual(self.env.company.collection_worklist_weight_risk, 15)
        self.assertEqual(self.env.company.collection_worklist_weight_overdue_age, 20)

    def test_query_count_does_not_grow_with_customers(self):
        def pool(count, tag):
            customers = self.env["res.partner"]
            for index in range(count):
                customer = self._customer(f"Count {tag} {index}", [(100 + index, 20 + index)])
                self.invoices.collection_item_ids.with_context(
                    collection_status_unchecked=True).write({
                        "collection_status": "broken", "collection_promise_state": "broken",
                        "collection_promise_date": self.today - timedelta(days=2)})
                self.invoices.activity_schedule(
                    "mail.mail_activity_data_todo", date_deadline=self.today)
                customer.activity_schedule("mail.mail_activity_data_call",
                                           date_deadline=self.today)
                self._call(customer, days_ago=3)
                customers |= customer
            return self.env["collection.pool"].create(
                {"name": f"Count {tag}", "partner_domain": f"[('id', 'in', {customers.ids})]"})

        small, large = pool(2, "small"), pool(8, "large")
        counts = {}
        for name, chosen in (("small", small), ("large", large), ("small", small)):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            rows = self._worklist(pool_id=chosen.id)["rows"]
            counts[name] = self.env.cr.sql_log_count - before
            self.assertEqual(len(rows), 2 if name == "small" else 8)
            self.assertTrue(all(row["points"]["broken_promises"] for row in rows))
            # Two activities due (one on the customer, one on the invoice): 2/3 of 5.
            self.assertTrue(all(row["points"]["activities_due"] == 3.3 for row in rows))
        self.assertEqual(counts["large"], counts["small"], counts)

    def test_worklist_tour(self):
        """As a Collections Agent: the worklist on the overview; Alpha's name
        opens the workspace; Log a call on Charlie logs a done call with what
        was said, and Charlie leaves the day's list."""
        self._worklist_tour(self.agent)

    def test_worklist_tour_as_manager(self):
        """The same clicks as a Collections Manager (of the same pool)."""
        self._worklist_tour(self.manager)

    def _worklist_tour(self, user):
        with _server_errors_told():
            self.start_tour("/odoo", "collections_worklist_tour", login=user.login,
                            timeout=300)
        message = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.charlie.id),
             ("mail_activity_type_id", "=", self.env.ref("mail.mail_activity_data_call").id)])
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, user.partner_id)
        self.assertIn("Promised to pay on Friday", str(message.body))
        rows = self._worklist()["rows"]
        self.assertNotIn("Worklist Charlie", [row["name"] for row in rows])
        # The call due yesterday is still open: logging a call is not closing it.
        self.assertEqual(len(self.charlie.activity_ids), 1)
