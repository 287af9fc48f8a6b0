# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""A collections run scenario on a copy of the test database, shared by the
real-process tests: seed it, run it (commit per batch), check that what was
committed is whole.

Imported by the tests (in the pytest process) and run as a script in a
separate Odoo process, which a test may kill::

    python aca_e2e_scenario.py <odoo.conf> <database> seed|run|finish
"""

import json
import sys
import threading
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

# The scenarios check English messages whatever the database's default language.
E2E_CONTEXT = {"lang": "en_US"}

MODULE = "account_collections_automation"


@contextmanager
def scheduler_thread_state():
    """``ir.cron._process_jobs`` sets and deletes the thread's ``dbname``: keep
    the test's (for the e2e tests that run a job the way Odoo's scheduler does)."""
    thread = threading.current_thread()
    saved = thread.__dict__.get("dbname")
    try:
        yield
    finally:
        if saved is not None:
            thread.dbname = saved
@contextmanager
def scheduled_run(registry, seed, cron_xmlid=None):
    """Seed (``seed(env)``) and commit, make the cron due, run it through Odoo's
    scheduler (``ir.cron._process_jobs``, which commits); then yield an
    environment to check with and what ``seed`` returned, the cron having run
    without failing and being scheduled again. The cron is ``cron_xmlid``'s,
    or else the one whose id ``seed`` returned as ``cron_id`` (an automation's)."""
    from odoo import SUPERUSER_ID, api, fields

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, E2E_CONTEXT)
        seeded = seed(env)
        cron = (env.ref(cron_xmlid) if cron_xmlid
                else env["ir.cron"].browse(seeded["cron_id"])).sudo()
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
        yield env, seeded


def e2e_user(env, name, login, groups, **values):
    """A user in the ``groups`` (xmlids), no password-reset e-mail."""
    from odoo import Command

    return env["res.users"].with_context(no_reset_password=True).create({
        "name": name, "login": login,
        "groups_id": [Command.set([env.ref(group).id for group in groups])],
        **values,
    })


def e2e_customers(env, tag, count, **values):
    """``count`` companies, customers, with ``tag`` as reference and an
    e-mail address each."""
    return env["res.partner"].create([{
        "name": f"{tag} Customer {index}", "is_company": True, "customer_rank": 1,
        "ref": tag, "email": f"{tag.lower()}.{index}@example.com", **values,
    } for index in range(count)])


def posted_invoice(env, partner, due, amount=100):
    """A posted invoice of ``amount`` to ``partner``, invoiced 30 days before
    it falls due on ``due``."""
    from odoo import Command

    move = env["account.move"].create({
        "move_type": "out_invoice", "partner_id": partner.id,
        "invoice_date": due - timedelta(days=30), "invoice_date_due": due,
        "invoice_line_ids": [Command.create({
            "name": "Service", "quantity": 1, "price_unit": amount, "tax_ids": []})],
    })
    move.action_post()
    return move


REF = "ACA-E2E"
ACTIVITY_SUMMARY = "E2E: call the customer"
ACTION_MODULE = "odoo.addons.account_collections_automation.models.collection_action"
PROCESS_MODULE = f"odoo.addons.{MODULE}.models.collection_process"


def _reminder_level(env, tag):
    """A reminder level that posts a fee: the letter step issues reminders at it."""
    from odoo import Command

    company = env.company
    Account = env["account.account"]
    company.write({
        "collection_reminder_journal_id": company.collection_reminder_journal_id.id
        or env["account.journal"].search([("type", "=", "general"),
                                          ("company_id", "=", company.id)], limit=1).id,
        "collection_fee_account_id": company.collection_fee_account_id.id
        or Account.search([("account_type", "=", "income"),
                           *Account._check_company_domain(company)], limit=1).id,
    })
    term = env["collection.reminder.term"].create({
        "name": f"{tag} reminder terms", "company_id": company.id, "post_additional_fee": True,
        "level_ids": [Command.create({"level": 1, "grace_period": "0D",
                                      "due_date_formula": "10D", "additional_fee": 5.0})],
    })
    return term.level_ids


def seed(env, customers=40, letters=4, tag="E2E", reminders=4):
    """A process with activity, e-mail, letter and pre-reminder steps, and
    ``customers`` customers each due for one of them today; returns
    {process_id, manager_id, expected}: ``expected`` is what a run takes.
    Other processes are archived; ``tag`` names the process and its data."""
    from odoo import Command, fields

    today = fields.Date.context_today(env.user)
    env["collection.process"].search([]).action_archive()
    manager = env["res.users"].create({
        "name": f"{tag} Collections Manager", "login": f"aca_{tag.lower()}_manager",
        "email": "e2e.manager@example.com",
        "tz": env.user.tz,  # "today" is the seed's day for the manager's runs too
        "groups_id": [Command.set([env.ref("base.group_user").id,
                                   env.ref(f"{MODULE}.group_collections_manager").id])],
    })
    pool = env["collection.pool"].create({
        "name": f"{tag} pool", "partner_domain": f"[('ref', '=', '{REF}-{tag}')]"})
    template = env.ref(f"{MODULE}.mail_template_collection_pre_reminder")
    process = env["collection.process"].create({
        "name": f"{tag} process", "pool_id": pool.id, "rank": 9999, "user_id": manager.id,
        "step_ids": [
            Command.create({"sequence": 1, "name": "E2E notice", "action_type": "email",
                            "timing": "before", "days": 3, "pre_reminder": True,
                            "mail_template_id": template.id}),
            Command.create({"sequence": 2, "name": "E2E call", "action_type": "activity",
                            "timing": "after", "days": 1, "activity_summary": ACTIVITY_SUMMARY,
                            "activity_days": 2}),
            Command.create({"sequence": 3, "name": "E2E mail", "action_type": "email",
                            "timing": "after", "days": 10, "mail_template_id": template.id}),
            Command.create({"sequence": 4, "name": "E2E letter", "action_type": "letter",
                            "timing": "after", "days": 20}),
            Command.create({"sequence": 5, "name": "E2E reminder", "action_type": "letter",
                            "timing": "after", "days": 25,
                            "reminder_level_id": _reminder_level(env, tag).id}),
        ],
    })
    # One customer due for the e-mail step has no address: its e-mail fails and says why.
    no_email = letters + reminders + 1 - (letters + reminders) % 2
    partners = env["res.partner"].create([{
        "name": f"{tag} Customer {index:03d}", "is_company": True, "customer_rank": 1,
        "ref": f"{REF}-{tag}",
        "email": False if index == no_email else f"{tag.lower()}.customer{index}@example.com",
    } for index in range(customers)])
    invoice_values = []
    for index, partner in enumerate(partners):
        if index < letters:
            overdue = 22
        elif index < letters + reminders:
            overdue = 27
        else:
            overdue = (3, 12)[index % 2]
        dues = [today - timedelta(days=overdue)]
        if index % 3 == 0:
            # An invoice about to fall due: no pre-reminder, the customer has an
            # older item overdue (the seed's rule).
            dues.append(today + timedelta(days=2))
        if index >= letters + reminders and index % 6 == 3 and index != no_email:
            # Nothing overdue, two invoices about to fall due: two pre-reminders
            # in one e-mail (one communication per customer per run).
            dues = [today + timedelta(days=2), today + timedelta(days=3)]
        for due in dues:
            invoice_values.append({
                "move_type": "out_invoice", "partner_id": partner.id,
                "invoice_date": due - timedelta(days=30), "invoice_date_due": due,
                "invoice_line_ids": [Command.create({
                    "name": "E2E service", "quantity": 1, "price_unit": 100, "tax_ids": []})],
            })
    env["account.move"].create(invoice_values).action_post()
    expected = len(process.simulate(today))
    return {"process_id": process.id, "manager_id": manager.id, "expected": expected}


@contextmanager
def batch_size(size):
    with mock.patch(f"{PROCESS_MODULE}.BATCH_SIZE", size), \
            mock.patch(f"{ACTION_MODULE}.DOCUMENT_BATCH", size):
        yield


def cron_run(env, process_id, size=4, on_commit=None):
    """What the daily cron does, then the document queue it starts: commit
    per batch, skip a locked process."""
    from odoo import fields

    process = env["collection.process"].sudo().browse(process_id)
    cr = env.cr
    if on_commit is not None:
        commit = cr.commit

        def commit_and_report():
            commit()
            on_commit()
        cr.commit = commit_and_report
    with batch_size(size):
        actions = process._collection_run(
            fields.Date.context_today(process), processes=process, commit=True,
            skip_locked=True)
        env["collection.action"].sudo()._collection_produce_documents(commit=True)
    count = len(actions)
    cr.commit()
    return count


def check(env, process_id):
    """What is committed of the process's run: counts and broken invariants."""
    env.invalidate_all()
    actions = env["collection.action"].search([("process_id", "=", process_id)])
    keys = [(a.kind, a.step_key, a.move_id.id, a.partner_id.id) for a in actions]
    document = {"activity": "activity_id", "email": "mail_message_id",
                "letter": "attachment_id"}
    incomplete = [
        a.id for a in actions
        if (a.state == "done" and not (a[document[a.action_type]] or a.reminder_id))
        or (a.state == "failed" and not a.error)
    ]
    # An issued reminder has its number and its fee entry, posted.
    incomplete += [
        r.id for r in actions.reminder_id
        if r.state != "issued" or not r.name or r.name == "/"
        or r.fee_move_id.state != "posted"
    ]
    process = env["collection.process"].browse(process_id)
    partners = env["res.partner"].search([("ref", "=", f"{REF}-{process.name.split()[0]}")])
    moves = env["account.move"].search([("partner_id", "in", partners.ids)])
    author = process.user_id.partner_id
    activities = env["mail.activity"].search([
        ("res_model", "=", "account.move"), ("res_id", "in", moves.ids),
        ("summary", "=", ACTIVITY_SUMMARY)])
    messages = env["mail.message"].search([
        ("model", "=", "res.partner"), ("res_id", "in", partners.ids),
        ("message_type", "=", "comment"), ("author_id", "=", author.id)])
    letters = env["ir.attachment"].search([
        ("res_model", "=", "res.partner"), ("res_id", "in", partners.ids),
        ("name", "=like", "Collection letter%")])
    reminders = env["collection.reminder"].search([("partner_id", "in", partners.ids)])
    return {
        "actions": len(actions),
        "reminders": len(actions.reminder_id),
        "orphan_reminders": (reminders - actions.reminder_id).ids,
        "failed": len(actions.filtered(lambda a: a.state == "failed")),
        # Actions sent with another's e-mail: the same message and state as it.
        "sent_with": len(actions.filtered(
            lambda a: a.parent_id and (a.mail_message_id, a.state)
            == (a.parent_id.mail_message_id, a.parent_id.state))),
        "errors": sorted(set(actions.filtered(lambda a: a.state == "failed").mapped("error"))),
        "kinds": sorted({(a.kind, a.action_type) for a in actions}),
        "duplicates": len(keys) - len(set(keys)),
        "incomplete": incomplete,
        "orphan_activities": (activities - actions.activity_id).ids,
        "orphan_messages": (messages - actions.mail_message_id).ids,
        "orphan_letters": (letters - actions.attachment_id).ids,
    }


def _main(rcfile, database, command):
    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.tools import config

    config.parse_config(["-c", rcfile, "-d", database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, E2E_CONTEXT)
        if command == "seed":
            result = seed(env)
        else:
            process_id = env["collection.process"].search([("name", "=", "E2E process")]).id
            if command == "run":
                def progress():
                    # Committed a batch: say so and wait for the test's go-ahead,
                    # so that the kill can never land after the run's end.
                    print("BATCH", flush=True)
                    sys.stdin.readline()
                result = {"created": cron_run(env, process_id, on_commit=progress)}
            else:  # finish: what the crash left, the run after it, one more run
                result = {"after_crash": check(env, process_id)}
                result["created"] = cron_run(env, process_id)
                result["after_rerun"] = check(env, process_id)
                result["created_again"] = cron_run(env, process_id)
        cr.commit()
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    _main(*sys.argv[1:4])
