# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""A statement automation run by Odoo's scheduler (``ir.cron._process_jobs``)
on a copy of the test database: the customers of its filter owing something
get their statement of account by e-mail (the PDF attached, a line in their
chatter, a row in the statements' history), the one with nothing to state is
skipped, the log says so, and the job is scheduled again."""

from datetime import timedelta

from aca_e2e_scenario import MODULE, e2e_customers, e2e_user, posted_invoice, scheduled_run

from odoo import Command, fields

TAG = "STMT-E2E"


def _seed(env):
    today = fields.Date.context_today(env.user)
    manager = e2e_user(env, "Statements Manager", "aca_statements_manager", [
        "base.group_user", "account.group_account_manager",
        f"{MODULE}.group_collections_manager",
    ], email="statements.manager@example.com", lang="en_US")
    customers = e2e_customers(env, TAG, 3, lang="en_US")
    for customer, amount in zip(customers[:2], (120, 340), strict=True):
        posted_invoice(env, customer, today - timedelta(days=10), amount)
    automation = env["collection.automation"].with_user(manager).create({
        "name": "E2E monthly statements", "cadence": "monthly",
        "action_ids": [Command.create({
            "action_type": "statement", "filter_domain": f"[('ref', '=', '{TAG}')]",
            "statement_mode": "open_items", "statement_end_formula": "",
            "statement_send_method": "email"})],
    })
    automation.action_start()
    return {"automation_id": automation.id, "cron_id": automation.cron_id.id,
            "customer_ids": customers.ids, "manager_id": manager.id}


def test_statement_automation_runs_from_the_scheduler(odoo_registry_copy):
    with scheduled_run(odoo_registry_copy, _seed) as (env, seeded):
        automation = env["collection.automation"].browse(seeded["automation_id"])
        log = automation.log_ids
        assert [(log.action_type, log.state) for log in log] == [("statement", "done")]
        assert (log.sent_count, log.skipped_count, log.failed_count) == (2, 1, 0)
        customers = env["res.partner"].browse(seeded["customer_ids"])
        statements = env["collection.statement"].search([("automation_id", "=", automation.id)])
        assert statements.partner_id == customers[:2]
        assert set(statements.mapped("state")) == {"done"}
        assert statements.user_id.id == seeded["manager_id"], "run as the responsible"
        ordered = statements.sorted(lambda s: s.partner_id.id)
        for statement, amount in zip(ordered, ("120.00", "340.00"), strict=True):
            assert amount in statement.closing_summary
            assert statement.mail_id.attachment_ids == statement.attachment_id
            assert statement.mail_message_id.res_id == statement.partner_id.id
            assert statement.mail_message_id in statement.partner_id.message_ids
