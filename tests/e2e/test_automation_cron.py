# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Scheduled reminder automations run by Odoo's scheduler (``ir.cron._process_jobs``)
on a copy of the test database: the job commits per batch of customers, as in
production. Every log ends done, failed or stopped with the counts of what is
committed, the run acts as the automation's responsible, and a failure is
told to that user."""

import itertools
from datetime import timedelta
from unittest import mock

import pytest
from aca_e2e_scenario import E2E_CONTEXT, MODULE, scheduler_thread_state

from odoo import SUPERUSER_ID, Command, api, fields

REMINDER_MODULE = f"odoo.addons.{MODULE}.models.collection_reminder"
CUSTOMERS = 5
BATCH = 2  # customers per batch: 5 customers make 3 batches, 3 commits
_TAGS = itertools.count(1)


def _seed(env, tag, cadence, formula=None, unrated_currency=False, administrator=False):
    """A Collections Manager (also an administrator with ``administrator``), a
    term with one level, ``CUSTOMERS`` overdue customers (and, with
    ``unrated_currency``, one more last customer invoiced in a currency without
    a rate), and an automation create + issue + send over them, started by the
    manager: its job is due now."""
    today = fields.Date.context_today(env.user)
    company = env.company
    groups = ["base.group_user", "account.group_account_manager",
              f"{MODULE}.group_collections_manager"]
    if administrator:
        groups.append("base.group_system")
    manager = env["res.users"].with_context(no_reset_password=True).create({
        "name": f"{tag} Manager", "login": f"aca_cron_{tag.lower()}",
        "email": f"{tag.lower()}.manager@example.com", "lang": "en_US",
        "groups_id": [Command.set([env.ref(group).id for group in groups])],
    })
    term = env["collection.reminder.term"].create({
        "name": f"{tag} terms", "company_id": company.id, "minimum_amount": 1.0,
        "level_ids": [Command.create({"level": 1, "grace_period": "0D",
                                      "due_date_formula": "10D"})],
    })
    partners = env["res.partner"].create([{
        "name": f"{tag} Cron Customer {index}", "is_company": True, "customer_rank": 1,
        "lang": "en_US", "ref": f"CRON-{tag}", "email": f"{tag.lower()}.{index}@example.com",
    } for index in range(CUSTOMERS)])
    invoices = [{"partner_id": partner.id} for partner in partners]
    if unrated_currency:
        currency = env["res.currency"].with_context(active_test=False).search(
            [("name", "=", "ISK")])
        currency.active = True
        env["res.currency.rate"].search([("currency_id", "=", currency.id)]).unlink()
        last = env["res.partner"].create({
            "name": f"{tag} Cron Customer Z", "is_company": True, "customer_rank": 1,
            "lang": "en_US", "ref": f"CRON-{tag}", "email": f"{tag.lower()}.z@example.com"})
        partners |= last
        invoices.append({"partner_id": last.id, "currency_id": currency.id})
    partners.with_company(company).write({"collection_reminder_term_id": term.id})
    env["account.move"].create([{
        "move_type": "out_invoice", **vals,
        "invoice_date": today - timedelta(days=40), "invoice_date_due": today - timedelta(days=10),
        "invoice_line_ids": [Command.create({"name": "x", "quantity": 1, "price_unit": 100,
                                             "tax_ids": []})],
    } for vals in invoices]).action_post()
    automation = env["collection.automation"].with_user(manager).create({
        "name": f"{tag} {cadence} automation", "company_id": company.id,
        "cadence": cadence, "date_formula": formula,
        "term_ids": [Command.set(term.ids)],
        "action_ids": [
            Command.create({"sequence": 1, "action_type": "create",
                            "filter_domain": f"[('ref', '=', 'CRON-{tag}')]"}),
            Command.create({"sequence": 2, "action_type": "issue"}),
            Command.create({"sequence": 3, "action_type": "send", "send_method": "email"}),
        ],
    })
    automation.action_start()
    if cadence == "custom":
        automation.next_run_date = today  # the day its formula gave has come
    automation.cron_id.sudo().nextcall = fields.Datetime.now() - timedelta(minutes=1)
    return {"automation_id": automation.id, "cron_id": automation.cron_id.id,
            "manager_id": manager.id, "partner_ids": partners.ids}


def _process_jobs(registry):
    """What Odoo's cron worker does for the database, with small batches."""
    with scheduler_thread_state(), mock.patch(f"{REMINDER_MODULE}.PARTNER_BATCH", BATCH):
        registry["ir.cron"]._process_jobs(registry.db_name)


def _committed(registry, seeded):
    """What is committed, read from a new transaction."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, E2E_CONTEXT)
        automation = env["collection.automation"].browse(seeded["automation_id"])
        reminders = env["collection.reminder"].search(
            [("partner_id", "in", seeded["partner_ids"])])
        logs = automation.log_ids.sorted("id")
        cron = env["ir.cron"].browse(seeded["cron_id"])
        manager = env["res.users"].browse(seeded["manager_id"])
        return {
            "logs": [(log.action_type, log.state) for log in logs],
            "counts": {log.action_type: (log.created_count, log.issued_count, log.sent_count,
                                         log.failed_count) for log in logs},
            "messages": [log.message or "" for log in logs],
            "reminders": len(reminders),
            "by_automation": len(reminders.filtered(
                lambda r: r.automation_id == automation)),
            "issued": len(reminders.filtered(lambda r: r.state == "issued")),
            "sent": len(reminders.filtered(lambda r: r.send_count > 0)),
            "authors": set(reminders.create_uid.mapped("login")),
            "cron_failures": cron.failure_count,
            "last_run_date": automation.last_run_date,
            "next_run_date": automation.next_run_date,
            "notes": automation.message_ids.filtered(
                lambda m: "failed" in (m.body or "")).mapped("body"),
            "notified": automation.message_ids.filtered(
                lambda m: manager.partner_id in m.partner_ids).ids,
            "activities": env["mail.activity"].search([
                ("res_model", "=", automation._name), ("res_id", "=", automation.id),
                ("user_id", "=", manager.id)]).mapped("summary"),
        }


@pytest.fixture
def seed(odoo_registry_copy):
    registry = odoo_registry_copy

    def make(*args, **kwargs):
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, E2E_CONTEXT)
            tag = f"C{next(_TAGS)}"
            seeded = _seed(env, tag, *args, **kwargs)
            seeded["today"] = fields.Date.context_today(env.user)
            seeded["tag"] = tag
            cr.commit()
        return seeded
    return make


@pytest.mark.parametrize("cadence, formula, next_run", [
    ("weekly", None, lambda today: today + timedelta(days=7)),
    ("monthly", None, None),
    ("custom", "1W+1D", lambda today: today + timedelta(days=8)),
])
def test_scheduled_run_commits_per_batch_and_logs_what_it_committed(
        odoo_registry_copy, seed, cadence, formula, next_run):
    seeded = seed(cadence, formula)
    _process_jobs(odoo_registry_copy)
    state = _committed(odoo_registry_copy, seeded)
    assert state["logs"] == [("create", "done"), ("issue", "done"), ("send", "done")], state
    assert state["reminders"] == state["by_automation"] == CUSTOMERS, state
    assert state["counts"]["create"][0] == state["reminders"], state
    assert state["counts"]["issue"][1] == state["issued"] == CUSTOMERS, state
    assert state["counts"]["send"][2] == state["sent"] == CUSTOMERS, state
    assert state["cron_failures"] == 0, state
    assert state["authors"] == {f"aca_cron_{seeded['tag'].lower()}"}, "acts as the responsible"
    assert state["last_run_date"] == seeded["today"], state
    if next_run:
        assert state["next_run_date"] == next_run(seeded["today"]), state
    assert state["next_run_date"] > seeded["today"], state
    assert not state["notes"] and not state["activities"], state

    # The job runs again on the same day: nothing new, and still nothing left running.
    with odoo_registry_copy.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, E2E_CONTEXT)
        env["ir.cron"].browse(seeded["cron_id"]).nextcall = (
            fields.Datetime.now() - timedelta(minutes=1))
        env["collection.automation"].browse(seeded["automation_id"]).next_run_date = (
            seeded["today"])
        cr.commit()
    _process_jobs(odoo_registry_copy)
    again = _committed(odoo_registry_copy, seeded)
    assert [state for _action, state in again["logs"]] == ["done"] * 6, again
    assert again["reminders"] == CUSTOMERS and again["sent"] == CUSTOMERS, again


def test_scheduled_run_failing_after_committed_batches_says_so(odoo_registry_copy, seed):
    """The last batch's customer is invoiced in a currency without a rate: the
    create action fails after two committed batches. Its log is failed with the
    count of the reminders committed, the next actions run, and the
    responsible is told on the chatter and by an activity."""
    seeded = seed("weekly", unrated_currency=True, administrator=True)
    _process_jobs(odoo_registry_copy)
    state = _committed(odoo_registry_copy, seeded)
    assert state["logs"] == [("create", "failed"), ("issue", "done"), ("send", "done")], state
    assert "ISK has no exchange rate" in state["messages"][0], state
    committed = state["reminders"]
    assert 0 < committed < CUSTOMERS + 1, state  # whole batches only
    assert committed % BATCH == 0, state
    assert state["counts"]["create"] == (committed, 0, 0, 1), state
    assert state["counts"]["issue"][1] == state["issued"] == committed, state
    assert state["counts"]["send"][2] == state["sent"] == committed, state
    assert len(state["notes"]) == 1 and "ISK" in state["notes"][0], state
    assert state["notified"], state
    assert len(state["activities"]) == 1 and "failed" in state["activities"][0], state
