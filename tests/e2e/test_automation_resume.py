# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""A scheduled reminder automation that fails resumes after the last record
it processed: Odoo's scheduler (``ir.cron._process_jobs``) runs the job on a
copy of the test database, committing per batch of customers. The last
customer is invoiced in a currency without a rate, so the create action
fails after two committed batches; the error goes to the automation's list;
once the rate is there, the next run resumes after the last customer
committed instead of going through every customer again."""

from datetime import timedelta

from aca_e2e_scenario import E2E_CONTEXT
from test_automation_cron import BATCH, CUSTOMERS, _process_jobs, seed  # noqa: F401 -- fixture

from odoo import SUPERUSER_ID, api, fields


def _create_logs(registry, seeded):
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, E2E_CONTEXT)
        automation = env["collection.automation"].browse(seeded["automation_id"])
        logs = automation.log_ids.filtered(lambda log: log.action_type == "create").sorted("id")
        partners = env["res.partner"].browse(seeded["partner_ids"]).sorted("id")
        reminders = env["collection.reminder"].search(
            [("partner_id", "in", seeded["partner_ids"])])
        return {
            "logs": [{
                "id": log.id, "state": log.state, "processed": log.processed_count,
                "created": log.created_count, "skipped": log.skipped_count,
                "last": log.last_record_ref.id if log.last_record_ref else None,
                "interrupted": log.interrupted, "resumed_from": log.resumed_from_id.id,
                "message": log.message or "",
            } for log in logs],
            "partner_ids": partners.ids,
            "reminders_per_partner": {
                partner.id: len(reminders.filtered(lambda r, p=partner: r.partner_id == p))
                for partner in partners},
            "errors": [(error.action_type, error.dismissed, error.message)
                       for error in automation.error_ids],
            "open_errors": automation.open_error_count,
            "cron_failures": env["ir.cron"].browse(seeded["cron_id"]).failure_count,
        }


def test_failed_scheduled_run_resumes_after_the_last_record_processed(odoo_registry_copy,
                                                                       seed):  # noqa: F811
    seeded = seed("weekly", unrated_currency=True)
    _process_jobs(odoo_registry_copy)
    first = _create_logs(odoo_registry_copy, seeded)
    partner_ids = first["partner_ids"]  # CUSTOMERS + the one invoiced in ISK, last
    assert len(partner_ids) == CUSTOMERS + 1
    (failed,) = first["logs"]
    committed = 2 * BATCH  # two batches committed, the third failed
    assert failed["state"] == "failed" and failed["interrupted"], first
    assert "ISK has no exchange rate" in failed["message"], first
    assert (failed["processed"], failed["created"]) == (committed, committed), first
    assert failed["last"] == partner_ids[committed - 1], first
    assert first["errors"] == [("create", False, failed["message"])], first
    assert first["open_errors"] == 1, first
    assert first["cron_failures"] == 0, "the run handled its failure"

    # The rate is added (50 ISK a unit: the terms' minimum of 1.0 is 50 ISK,
    # below the 100 ISK invoice); the job runs again the same day, as a retry.
    with odoo_registry_copy.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, E2E_CONTEXT)
        isk = env["res.currency"].search([("name", "=", "ISK")])
        env["res.currency.rate"].create({
            "currency_id": isk.id, "company_id": env.company.id, "rate": 50.0,
            "name": fields.Date.context_today(env.user) - timedelta(days=60)})
        automation = env["collection.automation"].browse(seeded["automation_id"])
        automation.next_run_date = seeded["today"]
        env["ir.cron"].browse(seeded["cron_id"]).nextcall = (
            fields.Datetime.now() - timedelta(minutes=1))
        cr.commit()
    _process_jobs(odoo_registry_copy)
    second = _create_logs(odoo_registry_copy, seeded)
    resumed = second["logs"][-1]
    assert resumed["resumed_from"] == failed["id"], second
    assert resumed["state"] == "done" and not resumed["interrupted"], second
    # Only the customers after the last one committed: not the first four again.
    assert resumed["processed"] == len(partner_ids) - committed, second
    assert (resumed["created"], resumed["skipped"]) == (len(partner_ids) - committed, 0), second
    assert resumed["last"] == partner_ids[-1], second
    assert set(second["reminders_per_partner"].values()) == {1}, second

    # A third run starts from the beginning again (nothing to resume).
    with odoo_registry_copy.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, E2E_CONTEXT)
        env["collection.automation"].browse(seeded["automation_id"]).next_run_date = (
            seeded["today"])
        env["ir.cron"].browse(seeded["cron_id"]).nextcall = (
            fields.Datetime.now() - timedelta(minutes=1))
        cr.commit()
    _process_jobs(odoo_registry_copy)
    third = _create_logs(odoo_registry_copy, seeded)["logs"][-1]
    assert not third["resumed_from"] and third["processed"] == len(partner_ids), third
