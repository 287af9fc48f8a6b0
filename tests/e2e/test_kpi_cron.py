# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The daily performance snapshot run by Odoo's scheduler
(``ir.cron._process_jobs``) on a copy of the test database: today's
snapshots of every company are stored, and the company total is the ledger's
open receivables."""

from datetime import timedelta

from aca_e2e_scenario import E2E_CONTEXT, MODULE, scheduler_thread_state

from odoo import SUPERUSER_ID, api, fields


def test_daily_snapshot_by_the_scheduler(odoo_registry_copy):
    registry = odoo_registry_copy
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, E2E_CONTEXT)
        today = fields.Date.context_today(env.user)
        env["collection.kpi.snapshot"].search([("date", "=", today)]).unlink()
        cron = env.ref(f"{MODULE}.ir_cron_collection_kpi_snapshot").sudo()
        cron.write({"active": True, "nextcall": fields.Datetime.now() - timedelta(minutes=1)})
        cron_id = cron.id
        cr.commit()

    with scheduler_thread_state():
        registry["ir.cron"]._process_jobs(registry.db_name)

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, E2E_CONTEXT)
        cron = env["ir.cron"].browse(cron_id)
        assert cron.failure_count == 0, "the job did not fail"
        assert cron.nextcall > fields.Datetime.now(), "the job ran and is scheduled again"
        snapshots = env["collection.kpi.snapshot"].search([("date", "=", today)])
        assert set(snapshots.company_id.ids) == set(env["res.company"].search([]).ids)
        company = env.ref("base.main_company")
        total = snapshots.filtered(
            lambda s: s.company_id == company and s.dimension == "company")
        assert len(total) == 1
        # Today, the ledger's open items are the unreconciled receivable lines.
        lines = env["account.move.line"].search([
            ("company_id", "=", company.id), ("parent_state", "=", "posted"),
            ("account_id.account_type", "=", "asset_receivable"),
            ("reconciled", "=", False), ("date", "<=", today), ("partner_id", "!=", False)])
        assert round(total.receivable_total, 2) == round(sum(lines.mapped("amount_residual")), 2)
        assert total.receivable_total > 0, "the demo ledger"
        assert {"pool", "process"} <= set(snapshots.mapped("dimension"))
