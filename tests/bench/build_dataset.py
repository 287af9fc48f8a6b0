# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Builds the benchmark's book of receivables through Odoo's ORM, resumably.

    python tests/bench/build_dataset.py --conf CONF --db DB --customers 2000 --invoices 20000

What it makes, in the main company (a generic chart is loaded if it has none):
- ``--customers`` companies (ref ``BENCH-00001``…) spread over three countries
  (France, Norway, United States: the three pools' domains select on them);
- ``--invoices`` posted customer invoices, one untaxed line each, due dates
  spread evenly over 180 days back and 60 days ahead of the build's anchor
  date, one in five in EUR beside the company currency;
- payments on about a third of the invoices due in the past: most pay them in
  full, the rest partly (20 to 80 %), reconciled per batch;
- OCA ``account_credit_control``'s three-level policy on every customer when
  that module is installed.

Progress is committed with each batch in ``ir.config_parameter``
(``aca_bench.*``): an interrupted build resumes where it stopped, and every
invoice is drawn from a generator seeded by its own index, so a resumed book is
the same book. Each batch runs in a fresh cursor and environment: in one
long-lived environment every batch costs more than the one before.

``--jobs N`` builds the invoices in N processes at once (the large size on a
machine with several cores): process k takes every N-th batch, its invoices
in a sales journal and its payments in a bank journal of its own (posting
numbers the moves per journal: two processes posting in one journal would
wait on each other's sequence). A batch is marked done on its own, so an
interrupted build resumes with any number of jobs.

The collections configuration (pools, processes, reminder terms) is not made
here: it needs the addon's models, see ``scenario.py``.
"""

import argparse
import datetime
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_common import QUIET, fresh_env, get_param, open_registry, set_param  # noqa: E402
from psycopg2 import errors as pg_errors  # noqa: E402

from odoo import Command, fields  # noqa: E402

CUSTOMER_BATCH = 1000
COUNTRIES = ("fr", "no", "us")
FOREIGN_CURRENCY = "EUR"
FOREIGN_SHARE = 0.2
PAID_SHARE = 0.33  # of the invoices due before the anchor date
PARTIAL_SHARE = 0.4  # of the paid ones
DAYS_BACK, DAYS_AHEAD = 180, 60


def log(message):
    print(f"[build {time.strftime('%H:%M:%S')}] {message}", flush=True)


def company_of(env):
    return env.ref("base.main_company")


def foreign_currency(env, company):
    currency = (
        env["res.currency"]
        .with_context(active_test=False)
        .search([("name", "=", FOREIGN_CURRENCY)], limit=1)
    )
    if company.currency_id == currency:
        currency = (
            env["res.currency"]
            .with_context(active_test=False)
            .search([("name", "=", "USD")], limit=1)
        )
    return currency


def setup_company(env, seed):
    """The chart, the second currency and its rate, the anchor date."""
    company = company_of(env)
    if not company.chart_template:
        log("loading the generic chart of accounts")
        env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
    currency = foreign_currency(env, company)
    currency.active = True
    if not env["res.currency.rate"].search(
        [("currency_id", "=", currency.id), ("company_id", "=", company.id)], limit=1
    ):
        env["res.currency.rate"].create(
            {
                "currency_id": currency.id,
                "company_id": company.id,
                "name": "2000-01-01",
                "rate": 0.92,
            }
        )
    if not get_param(env, "anchor_date"):
        set_param(env, "anchor_date", fields.Date.to_string(fields.Date.today()))
        set_param(env, "seed", str(seed))
    set_param(env, "setup", "done")


def customer_refs(env):
    return env["res.partner"].search([("ref", "=like", "BENCH-%")], order="ref").ids


def build_customers(registry, total):
    with fresh_env(registry) as env:
        done = env["res.partner"].search_count([("ref", "=like", "BENCH-%")])
    while done < total:
        stop = min(total, done + CUSTOMER_BATCH)
        with fresh_env(registry, QUIET) as env:
            countries = [env.ref(f"base.{code}") for code in COUNTRIES]
            env["res.partner"].create(
                [
                    {
                        "name": f"Bench Customer {i + 1:05d}",
                        "ref": f"BENCH-{i + 1:05d}",
                        "is_company": True,
                        "email": f"customer{i + 1:05d}@bench.example.com",
                        "country_id": countries[i % len(countries)].id,
                        "customer_rank": 1,
                    }
                    for i in range(done, stop)
                ]
            )
        done = stop
        log(f"customers {done}/{total}")


def invoice_plan(index, seed, anchor, customers):
    """What invoice ``index`` is: drawn from a generator seeded by its index."""
    rng = random.Random(seed * 1_000_003 + index)
    due = anchor + datetime.timedelta(days=rng.randint(-DAYS_BACK, DAYS_AHEAD))
    invoice_date = min(due - datetime.timedelta(days=rng.choice((0, 15, 30, 45))), anchor)
    amount = round(rng.uniform(50, 5000), 2)
    paid = due < anchor and rng.random() < PAID_SHARE
    pay_ratio = 1.0
    if paid and rng.random() < PARTIAL_SHARE:
        pay_ratio = rng.uniform(0.2, 0.8)
    pay_date = min(anchor, invoice_date + datetime.timedelta(days=rng.randint(0, 60)))
    return {
        "partner_id": customers[index % len(customers)],
        "foreign": rng.random() < FOREIGN_SHARE,
        "invoice_date": invoice_date,
        "due": due,
        "amount": amount,
        "pay_amount": round(amount * pay_ratio, 2) if paid else 0.0,
        "pay_date": pay_date,
    }


def worker_journals(env, worker):
    """(sales journal, bank journal) of build process ``worker``: the
    company's first ones for process 0, journals of its own for the others."""
    company = company_of(env)
    journals = []
    for journal_type, code in (("sale", "BIN"), ("bank", "BBK")):
        first = env["account.journal"].search(
            [("type", "=", journal_type), ("company_id", "=", company.id)], limit=1, order="id"
        )
        if not worker:
            journals.append(first)
            continue
        journal = env["account.journal"].search(
            [("code", "=", f"{code}{worker}"), ("company_id", "=", company.id)], limit=1
        )
        if not journal:
            journal = first.copy({"name": f"{first.name} (build {worker})",
                                  "code": f"{code}{worker}"})
        journals.append(journal)
    return tuple(journals)


def build_invoice_batch(env, indexes, seed, anchor, customers, worker=0):
    company = company_of(env)
    foreign = foreign_currency(env, company)
    sale_journal, journal = worker_journals(env, worker)
    plans = [invoice_plan(i, seed, anchor, customers) for i in indexes]
    moves = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "journal_id": sale_journal.id,
                "partner_id": plan["partner_id"],
                "currency_id": (foreign if plan["foreign"] else company.currency_id).id,
                "invoice_date": plan["invoice_date"],
                "invoice_date_due": plan["due"],
                "ref": f"BENCH-INV-{i + 1:06d}",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Bench service",
                            "quantity": 1,
                            "price_unit": plan["amount"],
                            "tax_ids": [],
                        }
                    )
                ],
            }
            for i, plan in zip(indexes, plans, strict=True)
        ]
    )
    moves.action_post()
    to_pay = [(move, plan) for move, plan in zip(moves, plans, strict=True) if plan["pay_amount"]]
    if not to_pay:
        return len(moves), 0
    payments = env["account.payment"].create(
        [
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": plan["partner_id"],
                "amount": plan["pay_amount"],
                "currency_id": move.currency_id.id,
                "journal_id": journal.id,
                "date": plan["pay_date"],
                "memo": move.name,
            }
            for move, plan in to_pay
        ]
    )
    payments.action_post()
    plan_lines = []
    for (move, _plan), payment in zip(to_pay, payments, strict=True):
        lines = (move.line_ids | payment.move_id.line_ids).filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        plan_lines.append(lines)
    env["account.move.line"]._reconcile_plan(plan_lines)
    return len(moves), len(payments)


def batch_done(env, number):
    return bool(get_param(env, f"batch_done.{number}"))


def build_invoices(registry, total, batch, jobs=1, worker=None, child_argv=()):
    """The invoices, in batches of ``batch``. With ``jobs`` > 1 (and no
    ``worker``), ``jobs`` processes of this script build them, process k the
    batches numbered k modulo ``jobs`` (``child_argv``: this script's
    arguments for them); this one waits for them."""
    with fresh_env(registry) as env:
        # Batches below the counter are done (a build before --jobs marked
        # them so); the others each have their own mark.
        done = int(get_param(env, "invoices_done", "0"))
        seed = int(get_param(env, "seed", "7"))
        anchor = fields.Date.to_date(get_param(env, "anchor_date"))
        customers = customer_refs(env)
    if done >= total:
        return
    if jobs > 1 and worker is None:
        with fresh_env(registry, QUIET) as env:
            for k in range(jobs):
                worker_journals(env, k)  # made once, before the processes race for them
        log(f"invoices: {done}/{total} done, {jobs} processes, batches of {batch}")
        children = [subprocess.Popen([sys.executable, __file__, *child_argv, f"--worker={k}"])
                    for k in range(jobs)]
        failed = [child.args[-1] for child in children if child.wait()]
        if failed:
            sys.exit(f"build processes failed: {', '.join(failed)}")
        with fresh_env(registry, QUIET) as env:
            set_param(env, "invoices_done", str(total))
        return
    worker = worker or 0
    numbers = [n for n in range(done // batch, -(-total // batch)) if n % jobs == worker]
    log(f"invoices: {done}/{total} done, anchor date {anchor}, batches of {batch}"
        + (f", process {worker} of {jobs}" if jobs > 1 else ""))
    started = time.monotonic()
    made = 0
    for position, number in enumerate(numbers):
        start, stop = max(done, number * batch), min(total, (number + 1) * batch)
        t0 = time.monotonic()
        for attempt in range(5):
            try:
                with fresh_env(registry, QUIET) as env:
                    if batch_done(env, number):
                        moves = payments = 0
                        break
                    moves, payments = build_invoice_batch(
                        env, range(start, stop), seed, anchor, customers, worker)
                    # Same transaction as the batch: a crash loses the batch and its mark.
                    set_param(env, f"batch_done.{number}", "1")
                    if jobs == 1:
                        set_param(env, "invoices_done", str(stop))
                break
            except (pg_errors.DeadlockDetected, pg_errors.SerializationFailure,
                    pg_errors.LockNotAvailable) as error:
                # Another build process held a row this batch needed: its
                # transaction was rolled back whole; the batch again.
                log(f"batch {number}: {type(error).__name__}, again ({attempt + 1})")
        else:
            sys.exit(f"batch {number} failed five times")
        made += moves
        elapsed = time.monotonic() - started
        left = len(numbers) - position - 1
        eta = elapsed / (position + 1) * left
        log(
            f"invoices {stop}/{total}{f' [process {worker}]' if jobs > 1 else ''} "
            f"(+{moves} invoices, {payments} payments in {time.monotonic() - t0:.1f} s; "
            f"{left} batches, about {eta / 60:.0f} min left)"
        )


def setup_oca(env):
    """OCA's three-level policy (its own data) on the company and every customer."""
    if "credit.control.policy" not in env:
        log("account_credit_control is not installed: no OCA policy")
        return
    company = company_of(env)
    policy = env.ref("account_credit_control.credit_control_3_time")
    receivables = env["account.account"].search(
        [("account_type", "=", "asset_receivable"), ("company_ids", "in", company.id)]
    )
    policy.account_ids = [Command.set(receivables.ids)]
    company.credit_policy_id = policy
    env["res.partner"].search([("ref", "=like", "BENCH-%")]).write({"credit_policy_id": policy.id})
    log(f"OCA policy '{policy.name}' ({len(policy.level_ids)} levels) on every customer")
    set_param(env, "oca", "done")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conf", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--invoices", type=int, default=20000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=1,
                        help="processes building the invoices at once")
    parser.add_argument("--worker", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.jobs < 1 or (args.worker is not None and not 0 <= args.worker < args.jobs):
        parser.error(f"--jobs {args.jobs} --worker {args.worker}: 0 <= worker < jobs")

    registry = open_registry(args.conf, args.db)
    if args.worker is not None:
        build_invoices(registry, args.invoices, args.batch, args.jobs, args.worker)
        return 0
    with fresh_env(registry) as env:
        if get_param(env, "complete"):
            log("the data set is already complete")
            return 0
        built_for = get_param(env, "size")
        size = f"{args.customers}x{args.invoices}"
        if built_for and built_for != size:
            sys.exit(f"database {args.db} holds a partial build of size {built_for}, not {size}")
        set_param(env, "size", size)
        if not get_param(env, "setup"):
            setup_company(env, args.seed)
    build_customers(registry, args.customers)
    child_argv = ["--conf", args.conf, "--db", args.db, "--customers", str(args.customers),
                  "--invoices", str(args.invoices), "--batch", str(args.batch),
                  "--jobs", str(args.jobs)]
    build_invoices(registry, args.invoices, args.batch, args.jobs, child_argv=child_argv)
    with fresh_env(registry, QUIET) as env:
        if not get_param(env, "oca"):
            setup_oca(env)
        set_param(env, "customers", str(args.customers))
        set_param(env, "invoices", str(args.invoices))
        set_param(env, "complete", fields.Datetime.to_string(fields.Datetime.now()))
    log("data set complete")
    return 0


if __name__ == "__main__":
    sys.exit(main())
