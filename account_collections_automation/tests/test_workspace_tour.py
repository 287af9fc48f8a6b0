# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

AGENT = "account_collections_automation.group_collections_agent"


@tagged("post_install", "-at_install")
class TestWorkspaceTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.context_today(cls.env.user)
        cls.customer = cls.env["res.partner"].create(
            {"name": "Tour Customer", "is_company": True, "customer_rank": 1,
             "credit_limit": 1000})
        cls.invoices = cls.env["account.move"]
        for amount, days in ((700, 60), (400, 20)):
            move = cls.env["account.move"].create({
                "move_type": "out_invoice", "partner_id": cls.customer.id,
                "invoice_date": today - timedelta(days=days + 30),
                "invoice_date_due": today - timedelta(days=days),
                "invoice_line_ids": [Command.create(
                    {"name": "x", "quantity": 1, "price_unit": amount, "tax_ids": []})],
            })
            move.action_post()
            cls.invoices |= move
        other = cls.env["res.partner"].create(
            {"name": "Tour Other", "is_company": True, "customer_rank": 1})
        move = cls.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": other.id,
            "invoice_date": today, "invoice_date_due": today,
            "invoice_line_ids": [Command.create(
                {"name": "x", "quantity": 1, "price_unit": 50, "tax_ids": []})],
        })
        move.action_post()
        cls.pool = cls.env["collection.pool"].create({
            "name": "Tour Pool", "partner_domain": f"[('id', '=', {cls.customer.id})]"})
        cls.agent = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Tour Agent", "login": "tour_agent", "password": "tour_agent_pw",
            "email": "tour_agent@example.com",
            "groups_id": [Command.set([cls.env.ref("base.group_user").id,
                                       cls.env.ref(AGENT).id])],
            "collection_pool_id": cls.pool.id,
        })

    def test_workspace_tour(self):
        self.start_tour("/odoo", "collections_workspace_tour", login="tour_agent")
        oldest, newest = self.invoices.sorted("invoice_date_due")
        self.assertEqual(oldest.collection_status, "disputed")
        self.assertEqual(newest.collection_status, "promised")
        self.assertEqual(newest.collection_promise_date, fields.Date.to_date("2099-12-31"))
        self.assertEqual(newest.collection_promise_amount, 400)
        self.assertEqual(newest.collection_promise_state, "pending")
        self.assertTrue(any("Will pay at the end of the year" in (body or "")
                            for body in newest.message_ids.mapped("body")))
