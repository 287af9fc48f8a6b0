# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The history retention job run by Odoo's scheduler (``ir.cron._process_jobs``)
on a copy of the test database, committing per batch as in production: the
rows older than the company keeps go, those a document points to or about an
invoice still open stay."""

from datetime import timedelta

from aca_e2e_scenario import MODULE, scheduled_run

from odoo import Command, fields

TAG = "RETAIN"


def _seed(env):
    today = fields.Date.context_today(env.user)
    company = env.company
    company.collection_history_retention_days = 30
    partner = env["res.partner"].create({
        "name": f"{TAG} Customer", "is_company": True, "customer_rank": 1, "ref": TAG})
    process = env["collection.process"].create({
        "name": f"{TAG} process", "rank": 9997, "company_id": company.id,
        "step_ids": [Command.create({"sequence": 1, "name": "Call", "action_type": "activity",
                                     "timing": "after", "days": 1})]})

    def invoice(paid):
        move = env["account.move"].create({
            "move_type": "out_invoice", "partner_id": partner.id,
            "invoice_date": today - timedelta(days=90),
            "invoice_date_due": today - timedelta(days=60),
            "invoice_line_ids": [Command.create({
                "name": "Service", "quantity": 1, "price_unit": 100, "tax_ids": []})],
        })
        move.action_post()
        if paid:
            env["account.payment.register"].with_context(
                active_model="account.move", active_ids=move.ids,
            ).create({"payment_date": today - timedelta(days=40)})._create_payments()
        return move

    paid, unpaid = invoice(True), invoice(False)
    letter = env["ir.attachment"].create({"name": "letter.pdf", "raw": b"%PDF-1.4"})

    keys = iter(range(100000, 100010))  # each row its own history key

    def action(days_ago, move, **values):
        return env["collection.action"].create({
            "partner_id": partner.id, "process_id": process.id, "company_id": company.id,
            "action_type": "activity", "kind": "step", "step_key": next(keys),
            "date": today - timedelta(days=days_ago), "move_id": move.id, **values}).id

    rows = {
        "removed": [action(31, paid), action(45, paid)],
        "kept": [action(31, unpaid), action(31, paid, attachment_id=letter.id),
                 action(30, paid)],
    }
    return {"rows": rows}


def test_history_retention_by_the_scheduler(odoo_registry_copy):
    with scheduled_run(odoo_registry_copy, _seed,
                       f"{MODULE}.ir_cron_collection_history_retention") as (env, seeded):
        Action = env["collection.action"]
        assert not Action.browse(seeded["rows"]["removed"]).exists()
        assert Action.browse(seeded["rows"]["kept"]).exists().ids == seeded["rows"]["kept"]
