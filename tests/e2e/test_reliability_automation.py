# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Concurrent runs of reminder automations: two real transactions at once on
a copy of the test database. However they interleave, an invoice is never on
two reminders of the same day, and no reminder is issued twice."""

import itertools
from datetime import timedelta

import pytest
from aca_e2e_scenario import E2E_CONTEXT

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import UserError

_TAGS = itertools.count(1)


def _seed(env, tag, customers=8):
    """A term with one level, ``customers`` overdue customers, and two
    automations (create + issue) over the same customers."""
    today = fields.Date.context_today(env.user)
    company = env.company
    term = env["collection.reminder.term"].create({
        "name": f"{tag} terms", "company_id": company.id,
        "level_ids": [Command.create({"level": 1, "grace_period": "0D",
                                      "due_date_formula": "10D"})],
    })
    partners = env["res.partner"].create([{
        "name": f"{tag} Reminder Customer {index}", "is_company": True, "customer_rank": 1,
        "ref": f"AUTO-{tag}", "email": f"{tag.lower()}.{index}@example.com",
    } for index in range(customers)])
    partners.with_company(company).write({"collection_reminder_term_id": term.id})
    env["account.move"].create([{
        "move_type": "out_invoice", "partner_id": partner.id,
        "invoice_date": today - timedelta(days=40), "invoice_date_due": today - timedelta(days=10),
        "invoice_line_ids": [Command.create({"name": "x", "quantity": 1, "price_unit": 100,
                                             "tax_ids": []})],
    } for partner in partners]).action_post()
    automations = env["collection.automation"].create([{
        "name": f"{tag} automation {number}", "company_id": company.id,
        "term_ids": [Command.set(term.ids)],
        "action_ids": [
            Command.create({"sequence": 1, "action_type": "create",
                            "filter_domain": f"[('ref', '=', 'AUTO-{tag}')]"}),
            Command.create({"sequence": 2, "action_type": "issue"}),
        ],
    } for number in (1, 2)])
    return {"automation_ids": automations.ids, "partner_ids": partners.ids,
            "expected": customers}


def _state(cr, seeded):
    env = api.Environment(cr, SUPERUSER_ID, E2E_CONTEXT)
    reminders = env["collection.reminder"].search(
        [("partner_id", "in", seeded["partner_ids"]), ("state", "!=", "cancelled")])
    lines = reminders.line_ids.filtered("move_line_id")
    per_line = [len(group) for group in lines.grouped("move_line_id").values()]
    return {
        "reminders": len(reminders),
        "issued": len(reminders.filtered(lambda r: r.state == "issued")),
        "numbers": len(set(reminders.filtered(lambda r: r.state == "issued").mapped("name"))),
        "lines_on_two_reminders": sum(1 for count in per_line if count > 1),
    }


@pytest.fixture
def seeded(odoo_registry_copy):
    registry = odoo_registry_copy
    with registry.cursor() as cr:
        result = _seed(api.Environment(cr, SUPERUSER_ID, E2E_CONTEXT), f"A{next(_TAGS)}")
        cr.commit()
    result["registry"] = registry
    return result


def _run(cr, automation_id):
    env = api.Environment(cr, SUPERUSER_ID, E2E_CONTEXT)
    return env["collection.automation"].browse(automation_id).run()


@pytest.mark.parametrize("same_automation", [True, False])
def test_run_from_an_older_snapshot_reminds_nobody_twice(seeded, same_automation):
    """The second run's snapshot predates the first run's commit: it cannot
    see the first run's reminders. It must not remind the same invoices again."""
    registry = seeded["registry"]
    first_id, second_id = seeded["automation_ids"]
    with registry.cursor() as first, registry.cursor() as second:
        second.execute("SELECT count(*) FROM collection_reminder")  # snapshot taken
        logs = _run(first, first_id)
        assert logs[0].created_count == seeded["expected"]
        first.commit()
        try:
            _run(second, first_id if same_automation else second_id)
            second.commit()
        except UserError:
            second.rollback()
    with registry.cursor() as cr:
        state = _state(cr, seeded)
    assert state["lines_on_two_reminders"] == 0, state
    assert state["reminders"] == state["issued"] == state["numbers"] == seeded["expected"], state


def test_two_automations_at_once_remind_each_invoice_once(seeded):
    """Two automations over the same customers, both running, neither committed."""
    import threading

    registry = seeded["registry"]
    barrier = threading.Barrier(2)
    outcomes = []

    def run(automation_id):
        with registry.cursor() as cr:
            barrier.wait(30)
            try:
                _run(cr, automation_id)
                cr.commit()
                outcomes.append("done")
            except Exception as error:  # noqa: BLE001 -- asserted below
                cr.rollback()
                outcomes.append(error)

    threads = [threading.Thread(target=run, args=(automation_id,))
               for automation_id in seeded["automation_ids"]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    with registry.cursor() as cr:
        state = _state(cr, seeded)
    assert state["lines_on_two_reminders"] == 0, (state, outcomes)
    assert state["reminders"] == seeded["expected"], (state, outcomes)
    for outcome in outcomes:
        assert outcome == "done" or isinstance(outcome, UserError), outcomes
