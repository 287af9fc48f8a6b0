# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The daily processes cron run by Odoo's scheduler (``ir.cron._process_jobs``)
on a copy of the test database, committing per batch as in production.

Issue item 2: a step and a pre-reminder (or a payment prediction) reaching
one invoice on the same day made ``mail.activity.create`` subscribe the
responsible user twice to the invoice; the followers' unique index refused
the whole batch, the scheduler retried it and failed again, so none of the
batch's customers was ever worked."""

from datetime import timedelta

from aca_e2e_scenario import MODULE, e2e_customers, e2e_user, posted_invoice, scheduled_run

from odoo import Command, fields

TAG = "SAMEDAY"


def _seed(env):
    """Only this test's process, with an activity pre-reminder 3 days before
    the due date, an activity step 5 days before it, and payment prediction;
    two customers each with an invoice due in 3 days (both activities fall on
    it today), the second one a late payer (prediction too)."""
    today = fields.Date.context_today(env.user)
    env["collection.process"].search([]).action_archive()
    company = env.company
    prediction_type = env["mail.activity.type"].create({"name": f"{TAG} late payer call"})
    company.write({"collection_prediction_activity_type_id": prediction_type.id,
                   "collection_prediction_days_before": 7})
    agent = e2e_user(env, f"{TAG} Agent", f"aca_{TAG.lower()}_agent",
                     ["base.group_user", f"{MODULE}.group_collections_agent"],
                     email="sameday.agent@example.com")
    pool = env["collection.pool"].create({
        "name": f"{TAG} pool", "partner_domain": f"[('ref', '=', '{TAG}')]"})
    process = env["collection.process"].create({
        "name": f"{TAG} process", "pool_id": pool.id, "rank": 9998,
        "company_id": company.id, "use_prediction": True,
        "step_ids": [
            Command.create({"sequence": 1, "name": "Heads-up call", "action_type": "activity",
                            "timing": "before", "days": 3, "pre_reminder": True,
                            "activity_summary": "Pre-reminder call"}),
            Command.create({"sequence": 2, "name": "Early call", "action_type": "activity",
                            "timing": "before", "days": 5, "activity_summary": "Early call"}),
        ],
    })
    partners = e2e_customers(env, TAG, 2, collection_agent_id=agent.id)
    invoices = [posted_invoice(env, partner, today + timedelta(days=3)) for partner in partners]
    late_payer = partners[1]
    for weeks in (12, 9, 6, 4):
        paid = posted_invoice(env, late_payer, today - timedelta(days=7 * weeks))
        env["account.payment.register"].with_context(
            active_model="account.move", active_ids=paid.ids,
        ).create({"payment_date": paid.invoice_date_due + timedelta(days=20)})._create_payments()
    return {"process_id": process.id, "agent_id": agent.id,
            "partner_ids": partners.ids, "invoice_ids": [move.id for move in invoices]}


def test_step_pre_reminder_and_prediction_on_one_invoice_by_the_scheduler(
        odoo_registry_copy):
    with scheduled_run(odoo_registry_copy, _seed,
                       f"{MODULE}.ir_cron_collection_process") as (env, seeded):
        agent = env["res.users"].browse(seeded["agent_id"])
        expected = {
            seeded["invoice_ids"][0]: ["pre_reminder", "step"],
            seeded["invoice_ids"][1]: sorted(["prediction", "pre_reminder", "step"]),
        }
        for partner_id, (invoice_id, kinds) in zip(
                seeded["partner_ids"], expected.items(), strict=True):
            actions = env["collection.action"].search([("partner_id", "=", partner_id)])
            assert sorted(actions.mapped("kind")) == kinds, actions.read(["kind", "error"])
            assert set(actions.mapped("state")) == {"done"}, actions.mapped("error")
            assert actions.process_id.id == seeded["process_id"]
            activities = actions.activity_id
            assert len(activities) == len(kinds), "one activity per action"
            assert set(activities.mapped("res_id")) == {invoice_id}
            assert set(activities.mapped("res_model")) == {"account.move"}
            assert activities.user_id == agent
            same = env["mail.activity"].search([
                ("res_model", "=", "account.move"), ("res_id", "=", invoice_id)])
            assert same == activities, "each activity exists once"
            invoice = env["account.move"].browse(invoice_id)
            followers = invoice.message_follower_ids.filtered(
                lambda follower: follower.partner_id == agent.partner_id)
            assert len(followers) == 1, "the agent follows the invoice once"
        assert not env["collection.action"].search(
            [("partner_id", "in", seeded["partner_ids"]), ("state", "=", "failed")])
