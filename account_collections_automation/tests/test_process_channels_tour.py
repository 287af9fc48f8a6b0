# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from .test_workspace_tour import AGENT, _server_errors_told


@tagged("post_install", "-at_install")
class TestCallOutcomeTour(HttpCase):
    """Marking a process's call activity done in the chatter opens the call
    outcome wizard (static/tests/tours/collections_call_outcome_tour.js)."""

    def test_mark_done_opens_the_call_outcome_wizard(self):
        today = fields.Date.context_today(self.env.user)
        agent = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Caller Agent", "login": "caller_agent", "password": "caller_agent",
            "email": "caller_agent@example.com", "lang": "en_US",
            "groups_id": [Command.set([self.env.ref("base.group_user").id,
                                       self.env.ref(AGENT).id,
                                       self.env.ref("base.group_partner_manager").id])]})
        customer = self.env["res.partner"].create({
            "name": "Tour Caller", "is_company": True, "customer_rank": 1,
            "ref": "TOURCALL", "collection_agent_id": agent.id, "mobile": "+32 470 99 99 99"})
        invoice = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": customer.id,
            "invoice_date": today - timedelta(days=40),
            "invoice_date_due": today - timedelta(days=10),
            "invoice_line_ids": [Command.create(
                {"name": "Service", "quantity": 1, "price_unit": 300, "tax_ids": []})]})
        invoice.action_post()
        self.env["collection.process"].search([]).action_archive()
        pool = self.env["collection.pool"].create({
            "name": "Tour call pool", "partner_domain": "[('ref', '=', 'TOURCALL')]"})
        process = self.env["collection.process"].create({
            "name": "Tour calls", "pool_id": pool.id, "rank": 91,
            "step_ids": [Command.create({
                "name": "Ring", "action_type": "phone_call", "timing": "after", "days": 5,
                "activity_summary": "Ring the customer"})]})
        actions = process.run(today)
        self.env["collection.action"]._collection_produce_documents(actions.ids)
        call = actions.filtered(lambda a: a.partner_id == customer)
        self.assertEqual(call.activity_id.user_id, agent)
        with _server_errors_told():
            self.start_tour(f"/odoo/res.partner/{customer.id}", "collections_call_outcome_tour",
                            login="caller_agent", timeout=300)
        self.assertEqual(call.call_outcome, "dispute")
        self.assertFalse(call.activity_id.exists() and call.activity_id.active)
        item = invoice.line_ids.filtered(lambda line: line.display_type == "payment_term")
        self.assertEqual(item.collection_status, "disputed")
        self.assertEqual(item.collection_dispute_note, "The goods arrived damaged")
        self.assertEqual(item.collection_dispute_reason_id.name, "Damaged or faulty goods")
