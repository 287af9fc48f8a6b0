# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The collections configuration of the benchmark: pools, processes, reminder terms.

Made on top of the cached book of invoices (``build_dataset.py``), once the
addon has the models; each part is skipped, with a line saying so, while its
model is missing. Idempotent: records are found again by name.

- three pools on the customers' countries (France, Norway, everyone else);
- three processes, one per pool (ranks 10, 20, 30; quiet days 0, 3, 7), each
  with steps of every kind: an e-mail before the due date marked
  pre-reminder, an activity, an e-mail and a collection letter after it;
- two reminder terms with three levels each (grace periods, due-date formulas,
  fees), given to the customers in turn.

Field names follow the issues: collection.process(name, pool_id, rank,
quiet_days, step_ids), collection.process.step(name, sequence, action_type,
timing, days, pre_reminder), collection.reminder.term(name, level_ids),
collection.reminder.level(level, grace_period, due_date_formula,
additional_fee), res.partner.collection_reminder_term_id.
"""

from odoo import Command

POOLS = (
    ("Bench pool France", "[('country_id.code', '=', 'FR')]"),
    ("Bench pool Norway", "[('country_id.code', '=', 'NO')]"),
    ("Bench pool others", "[('country_id.code', 'not in', ('FR', 'NO'))]"),
)
# (name, sequence, action_type, timing, days, pre_reminder)
STEPS = (
    ("Friendly pre-reminder", 10, "email", "before", 5, True),
    ("Call the customer", 20, "activity", "after", 7, False),
    ("Overdue e-mail", 30, "email", "after", 15, False),
    ("Collection letter", 40, "letter", "after", 30, False),
    ("Escalate to the agent", 50, "activity", "after", 60, False),
)
PROCESSES = (  # (name, pool index, rank, quiet days)
    ("Bench process France", 0, 10, 0),
    ("Bench process Norway", 1, 20, 3),
    ("Bench process others", 2, 30, 7),
)
# (name, [(level, grace_period, due_date_formula, additional_fee)])
TERMS = (
    ("Bench terms standard", [(1, "5D", "10D", 0), (2, "10D", "10D", 15), (3, "15D", "7D", 40)]),
    ("Bench terms strict", [(1, "0D", "7D", 5), (2, "7D", "7D", 20), (3, "7D", "5D", 50)]),
)


def _by_name(env, model, name, values):
    record = env[model].with_context(active_test=False).search([("name", "=", name)], limit=1)
    return record or env[model].create(dict(values, name=name))


def setup_pools(env, log):
    if "collection.pool" not in env:
        log("collection.pool missing: no pools")
        return []
    pools = [
        _by_name(env, "collection.pool", name, {"partner_domain": domain}) for name, domain in POOLS
    ]
    log(f"{len(pools)} pools")
    return pools


def setup_processes(env, pools, log):
    if "collection.process" not in env or not pools:
        log("collection.process missing: no processes (simulate and run will be skipped)")
        return
    for name, pool_index, rank, quiet_days in PROCESSES:
        _by_name(
            env,
            "collection.process",
            name,
            {
                "pool_id": pools[pool_index].id,
                "rank": rank,
                "quiet_days": quiet_days,
                "step_ids": [
                    Command.create(
                        {
                            "name": step,
                            "sequence": sequence,
                            "action_type": action_type,
                            "timing": timing,
                            "days": days,
                            "pre_reminder": pre_reminder,
                        }
                    )
                    for step, sequence, action_type, timing, days, pre_reminder in STEPS
                ],
            },
        )
    log(f"{len(PROCESSES)} processes of {len(STEPS)} steps (activity, e-mail, letter)")


def setup_terms(env, log):
    if "collection.reminder.term" not in env:
        log("collection.reminder.term missing: no reminder terms (create reminders skipped)")
        return
    terms = env["collection.reminder.term"]
    for name, levels in TERMS:
        terms |= _by_name(
            env,
            "collection.reminder.term",
            name,
            {
                "level_ids": [
                    Command.create(
                        {
                            "level": level,
                            "grace_period": grace,
                            "due_date_formula": due_formula,
                            "additional_fee": fee,
                        }
                    )
                    for level, grace, due_formula, fee in levels
                ]
            },
        )
    partner_field = "collection_reminder_term_id"
    if partner_field not in env["res.partner"]._fields:
        log(f"res.partner.{partner_field} missing: terms not given to customers")
        return
    customers = env["res.partner"].search([("ref", "=like", "BENCH-%")], order="ref")
    # One write per term: every other customer follows the strict terms.
    for offset, term in enumerate(terms):
        customers[offset :: len(terms)].write({partner_field: term.id})
    log(f"{len(terms)} reminder terms of 3 levels on {len(customers)} customers")


def setup_scenario(env, log=print):
    """Everything above, for the models present (the others are logged as skipped).

    A part that fails (a field named otherwise, a required field this setup
    does not fill) is rolled back and logged; the measurements go on without it.
    """
    pools = []
    parts = (
        ("pools", lambda: pools.extend(setup_pools(env, log))),
        ("processes", lambda: setup_processes(env, pools, log)),
        ("reminder terms", lambda: setup_terms(env, log)),
    )
    for name, part in parts:
        try:
            with env.cr.savepoint():
                part()
        except Exception as error:  # noqa: BLE001 - logged, the benchmark goes on
            env.invalidate_all()
            log(f"could not set up the {name}: {error!r}; adapt tests/bench/scenario.py")
