# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The daily promises job run by Odoo's scheduler (``ir.cron._process_jobs``)
on a copy of the test database: a promise to pay whose date has passed and
whose item is not paid becomes 'promise broken' (a line in the customer's
chatter, an activity for the collections agent); one paid in time is kept.
The promises are made the day before (frozen clock), for that day."""

from datetime import timedelta

from aca_e2e_scenario import MODULE, scheduled_run
from freezegun import freeze_time

from odoo import Command, fields

TAG = "PROMISES"


def _seed(env):
    today = fields.Date.context_today(env.user)
    groups = [env.ref("base.group_user").id, env.ref(f"{MODULE}.group_collections_agent").id]
    agent = env["res.users"].with_context(no_reset_password=True).create({
        "name": f"{TAG} Agent", "login": f"aca_{TAG.lower()}_agent",
        "email": "promises.agent@example.com", "groups_id": [Command.set(groups)]})
    customer = env["res.partner"].create({
        "name": f"{TAG} Customer", "is_company": True, "customer_rank": 1,
        "email": "promises@example.com", "collection_agent_id": agent.id})
    term = env["account.payment.term"].create({
        "name": f"{TAG} two installments",
        "line_ids": [
            Command.create({"value": "percent", "value_amount": 50, "nb_days": 0}),
            Command.create({"value": "percent", "value_amount": 50, "nb_days": 30}),
        ]})

    def invoice(**values):
        move = env["account.move"].create({
            "move_type": "out_invoice", "partner_id": customer.id,
            "invoice_date": today - timedelta(days=40),
            "invoice_line_ids": [Command.create({
                "name": "Service", "quantity": 1, "price_unit": 200, "tax_ids": []})],
            **values})
        move.action_post()
        return move

    installments = invoice(invoice_payment_term_id=term.id)
    kept = invoice(invoice_date_due=today - timedelta(days=10))
    second = installments.collection_item_ids.sorted("date_maturity")[1]
    # The promises were made yesterday, for yesterday: the job runs the day after.
    yesterday = today - timedelta(days=1)
    wizard = env["collection.status.wizard"].with_user(agent)
    with freeze_time(yesterday):
        wizard.with_context(active_model="account.move.line", active_ids=second.ids).create({
            "collection_status": "promised", "promise_date": yesterday,
            "promise_amount": 100}).action_apply()
        wizard.with_context(active_model="account.move", active_ids=kept.ids).create({
            "collection_status": "promised", "promise_date": yesterday,
            "promise_amount": 200}).action_apply()
    env["account.payment.register"].with_context(
        active_model="account.move", active_ids=kept.ids,
    ).create({"payment_date": yesterday})._create_payments()
    return {"agent_id": agent.id, "customer_id": customer.id,
            "second_id": second.id, "first_id": installments.collection_item_ids.sorted(
                "date_maturity")[0].id, "kept_id": kept.id, "invoice_id": installments.id}


def test_a_broken_promise_by_the_scheduler(odoo_registry_copy):
    with scheduled_run(odoo_registry_copy, _seed,
                       f"{MODULE}.ir_cron_collection_promises") as (env, seeded):
        Line = env["account.move.line"]
        second, first = Line.browse(seeded["second_id"]), Line.browse(seeded["first_id"])
        assert (second.collection_status, second.collection_promise_state) == (
            "broken", "broken")
        assert first.collection_status == "none", "the other installment is left alone"
        kept = env["account.move"].browse(seeded["kept_id"])
        assert kept.collection_item_ids.collection_promise_state == "kept"
        assert kept.collection_item_ids.collection_status == "promised"
        customer = env["res.partner"].browse(seeded["customer_id"])
        invoice = env["account.move"].browse(seeded["invoice_id"])
        notes = customer.message_ids.filtered(
            lambda message: "Promise to pay broken" in (message.body or ""))
        assert len(notes) == 1 and invoice.name in notes.body
        activities = customer.activity_ids
        assert len(activities) == 1
        assert activities.user_id.id == seeded["agent_id"]
        assert "Promise to pay broken" in activities.summary
        subtype = env.ref(f"{MODULE}.mt_collection_status")
        told = invoice.message_ids.filtered(lambda message: message.subtype_id == subtype)
        assert any("Promised to pay → Promise broken" in message.body for message in told)
