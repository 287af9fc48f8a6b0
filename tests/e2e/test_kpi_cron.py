# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The daily performance snapshot run by Odoo's scheduler
(``ir.cron._process_jobs``) on a copy of the test database: today's
snapshots of every company are stored, and the company total is the ledger's
open receivables."""


from aca_e2e_scenario import MODULE, scheduled_run

from odoo import fields


def _seed(env):
    """No snapshot of today yet."""
    today = fields.Date.context_today(env.user)
    env["collection.kpi.snapshot"].search([("date", "=", today)]).unlink()
    return {"today": today}


def test_daily_snapshot_by_the_scheduler(odoo_registry_copy):
    with scheduled_run(odoo_registry_copy, _seed,
                       f"{MODULE}.ir_cron_collection_kpi_snapshot") as (env, seeded):
        today = seeded["today"]
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
