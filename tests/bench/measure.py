# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Measures collections runs on the benchmark database; prints a table, writes JSON.

    python tests/bench/measure.py --conf CONF --db DB --label default --reps 5 \
        --out bench-results/default.json

Each operation runs once to warm up, then ``--reps`` times (fewer when one
repetition takes longer than ``--budget`` / reps seconds, never under 3); the
median, the fastest and the slowest are reported. Operations that write run
inside a savepoint that is rolled back after each repetition; a ``commit`` the
operation makes is turned into a flush and counted (``commits``), and cursors
it opens on its own are counted too (``cursors``: their writes are NOT rolled
back, so a non-zero count means the repetitions did not all see the same
data). A further repetition, not timed, measures the peak of Python memory
(tracemalloc) and of the process's resident memory (psutil, sampled).

Operations whose models are not in the database are skipped with a line
saying why: the addon's features land on other branches.
"""

import argparse
import contextlib
import datetime
import inspect
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_common import fresh_env, get_param, open_registry  # noqa: E402
from scenario import setup_scenario  # noqa: E402

from odoo import SUPERUSER_ID, api, fields  # noqa: E402

MIB = 1024 * 1024
SIZES = {"default": (2000, 20000), "large": (10000, 100000)}

# The least any run must read: the open receivable lines, summed per customer.
# (account_move_line.account_type is a related field that is not stored.)
SQL_FLOOR = """
    SELECT line.partner_id, SUM(line.amount_residual), MIN(line.date_maturity), COUNT(*)
      FROM account_move_line line
      JOIN account_account account ON account.id = line.account_id
     WHERE account.account_type = 'asset_receivable'
       AND line.parent_state = 'posted'
       AND NOT line.reconciled
       AND line.company_id = %s
  GROUP BY line.partner_id
"""


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


class Skip(Exception):
    """The operation cannot be measured on this database (the reason says why)."""


# --- the operations -----------------------------------------------------------
# Each takes an environment and returns what it produced (for a size in the
# report). The calls of the addon's API are guesses made before its branches
# were merged: adapt them here, in one place, if the signatures differ.

CUSTOMER_PARAMS = ("partners", "partner_ids", "customers", "customer_ids")


# Set by the harness for one pass over a quarter of the customers: the queries
# of an operation that takes the customers must not grow with their number.
CUSTOMER_SHARE = {"limit": None, "given": False}


def bench_customers(env):
    CUSTOMER_SHARE["given"] = True
    return env["res.partner"].search(
        [("ref", "=like", "BENCH-%")], order="ref", limit=CUSTOMER_SHARE["limit"]
    )


def call_with_customers(records, method_name, env):
    """``records.method_name(...)``, given every customer if it takes them."""
    method = getattr(records, method_name, None)
    if method is None:
        raise Skip(f"{records._name}.{method_name}() does not exist")
    kwargs = {}
    for name, param in inspect.signature(method).parameters.items():
        if name in CUSTOMER_PARAMS:
            customers = bench_customers(env)
            kwargs[name] = customers.ids if name.endswith("_ids") else customers
        elif param.default is param.empty and param.kind in (
            param.POSITIONAL_OR_KEYWORD,
            param.KEYWORD_ONLY,
        ):
            raise Skip(f"{records._name}.{method_name}() needs '{name}': adapt measure.py")
    return method(**kwargs)


def needs(env, model, method=None):
    if model not in env:
        raise Skip(f"model {model} is not in this database")
    if method and not hasattr(env[model], method):
        raise Skip(f"{model}.{method}() does not exist")


def op_sql_floor(env):
    env.cr.execute(SQL_FLOOR, [env.company.id])
    return env.cr.fetchall()


def _processes(env):
    needs(env, "collection.process")
    processes = env["collection.process"].search([])
    if not processes:
        raise Skip("no collection.process records (scenario setup did not make any)")
    return processes


def _per_process(env, method_name):
    """Over all processes at once, else one process after the other."""
    processes = _processes(env)
    try:
        return call_with_customers(processes, method_name, env)
    except ValueError as error:  # a method meant for one record (ensure_one)
        if "singleton" not in str(error):
            raise
    results = [call_with_customers(process, method_name, env) for process in processes]
    return [item for result in results for item in (result or [])]


def op_simulate(env):
    return _per_process(env, "simulate")


def op_run(env):
    return _per_process(env, "run")


def op_create_reminders(env):
    needs(env, "collection.reminder", "create_reminders")
    return call_with_customers(env["collection.reminder"], "create_reminders", env)


def op_oca(env):
    needs(env, "credit.control.run")
    policy = env.company.credit_policy_id
    if not policy:
        raise Skip("the company has no OCA credit control policy (build_dataset.setup_oca)")
    run = env["credit.control.run"].create(
        {"date": fields.Date.context_today(env.user), "policy_ids": [(6, 0, policy.ids)]}
    )
    run.generate_credit_lines()
    return run.line_ids


def op_overview(env):
    needs(env, "collection.workspace", "get_overview")
    return call_with_customers(env["collection.workspace"], "get_overview", env)


def op_kpi_snapshot(env):
    """The daily performance snapshot of the company (every dimension), as
    its scheduled action computes it; writes (rolled back)."""
    needs(env, "collection.kpi.snapshot", "compute_snapshots")
    return env["collection.kpi.snapshot"].compute_snapshots(companies=env.company)


# (key, label, function, writes, memory and queries reported)
OPERATIONS = (
    ("sql_floor", "SQL floor (aggregate of open lines)", op_sql_floor, False, False),
    ("simulate", "collection.process simulate()", op_simulate, False, True),
    ("run", "collection.process run()", op_run, True, True),
    ("create_reminders", "collection.reminder create_reminders()", op_create_reminders, True, True),
    ("oca", "OCA credit control run", op_oca, True, True),
    ("overview", "workspace get_overview() grids", op_overview, False, True),
    ("kpi_snapshot", "collection.kpi.snapshot compute_snapshots()", op_kpi_snapshot, True, True),
)


# --- the harness --------------------------------------------------------------


def size_of(result):
    if result is None:
        return None
    if isinstance(result, dict):
        return sum(size_of(v) or 0 for v in result.values()) if result else 0
    try:
        return len(result)
    except TypeError:
        return None


@contextlib.contextmanager
def isolated(env, registry, writes):
    """Savepoint, commits turned into flushes, separate cursors counted."""
    cr = env.cr
    counts = {"commits": 0, "cursors": 0}
    original_cursor = registry.cursor

    def flush_instead_of_commit():
        env.flush_all()
        counts["commits"] += 1

    def counting_cursor(*args, **kwargs):
        counts["cursors"] += 1
        return original_cursor(*args, **kwargs)

    if writes:
        cr.execute("SAVEPOINT aca_bench")
    cr.commit = flush_instead_of_commit
    registry.cursor = counting_cursor
    try:
        yield counts
        env.flush_all()
    finally:
        del cr.commit
        registry.cursor = original_cursor
        if writes:
            cr.execute("ROLLBACK TO SAVEPOINT aca_bench")
        env.invalidate_all()


class RssSampler:
    """The process's peak resident memory while running, sampled every 10 ms."""

    def __init__(self):
        self.process = psutil.Process(os.getpid())
        self.peak = self.start = self.process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, self.process.memory_info().rss)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)


def quarter_queries(env, registry, function, writes):
    """The queries of one pass given a quarter of the customers (not timed)."""
    customers = len(bench_customers(env))
    CUSTOMER_SHARE["limit"] = max(1, customers // 4)
    try:
        env.invalidate_all()
        with isolated(env, registry, writes):
            before = env.cr.sql_log_count
            function(env)
            env.flush_all()
            return env.cr.sql_log_count - before
    finally:
        CUSTOMER_SHARE["limit"] = None


def measure(registry, function, writes, reps, budget, with_memory):
    CUSTOMER_SHARE["given"] = False
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        times, cpu_times, queries = [], [], []
        extra = {"commits": 0, "cursors": 0}
        load_before = os.getloadavg()[0]
        result_size = None
        wanted = None
        index = 0
        while wanted is None or index < wanted + 1:  # +1: the warm-up
            env.invalidate_all()
            with isolated(env, registry, writes) as counts:
                before = cr.sql_log_count
                started, cpu_started = time.perf_counter(), time.process_time()
                result = function(env)
                env.flush_all()
                elapsed = time.perf_counter() - started
                cpu = time.process_time() - cpu_started
                issued = cr.sql_log_count - before
                result_size = size_of(result)
                del result
            if index == 0:
                wanted = min(reps, max(3, int(budget / max(elapsed, 1e-6))))
            else:
                times.append(elapsed)
                cpu_times.append(cpu)
                queries.append(issued)
                for key in extra:
                    extra[key] += counts[key]
            index += 1
        report = {
            "status": "measured",
            "reps": len(times),
            "median_s": statistics.median(times),
            "min_s": min(times),
            "max_s": max(times),
            "spread_pct": 100 * (max(times) - min(times)) / statistics.median(times)
            if statistics.median(times)
            else 0.0,
            "times_s": times,
            # Python's own CPU time (PostgreSQL's is not in it) and the machine's
            # load: other work on the machine shows as wall time above CPU time.
            "python_cpu_median_s": statistics.median(cpu_times),
            "cpu_times_s": cpu_times,
            "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
            "queries": int(statistics.median(queries)),
            "queries_min_max": [min(queries), max(queries)],
            "result_size": result_size,
            **extra,
        }
        if CUSTOMER_SHARE["given"] and with_memory:
            report["queries_quarter_customers"] = quarter_queries(env, registry, function, writes)
        if with_memory:
            env.invalidate_all()
            with isolated(env, registry, writes), RssSampler() as rss:
                tracemalloc.start()
                function(env)
                env.flush_all()
                _current, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
            report["peak_python_mib"] = peak / MIB
            report["peak_rss_growth_mib"] = (rss.peak - rss.start) / MIB
            report["rss_mib"] = rss.peak / MIB
        cr.rollback()
    return report


# --- the report -----------------------------------------------------------------


def dataset_facts(registry):
    with fresh_env(registry) as env:
        env.cr.execute(SQL_FLOOR, [env.company.id])
        rows = env.cr.fetchall()
        anchor = get_param(env, "anchor_date")
        return {
            "customers": int(get_param(env, "customers", "0")),
            "invoices": int(get_param(env, "invoices", "0")),
            "open_receivable_lines": sum(row[3] for row in rows),
            "customers_with_open_lines": len(rows),
            "anchor_date": anchor,
            "days_since_build": (datetime.date.today() - fields.Date.to_date(anchor)).days
            if anchor
            else None,
            "credit_control_installed": "credit.control.run" in env,
            "collections_models": sorted(
                model
                for model in (
                    "collection.process",
                    "collection.reminder",
                    "collection.reminder.term",
                    "collection.workspace",
                )
                if model in env
            ),
        }


def machine_facts(registry):
    with fresh_env(registry) as env:
        env.cr.execute("SHOW server_version")
        postgres = env.cr.fetchone()[0]
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 1024**3, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "postgres": postgres,
        "git_commit": commit,
        "measured_at": datetime.datetime.now().isoformat(timespec="seconds"),
    }


def ratio(results, numerator, denominator):
    top, bottom = results.get(numerator, {}), results.get(denominator, {})
    if top.get("status") == "measured" and bottom.get("status") == "measured":
        return top["median_s"] / bottom["median_s"] if bottom["median_s"] else None
    return None


def growth(report, results_dir):
    """Time ratio over data ratio, from the default size to the large one."""
    if report["label"] not in SIZES:
        return {}
    paths = {label: Path(results_dir) / f"{label}.json" for label in SIZES}
    paths[report["label"]] = None
    loaded = {}
    for label, path in paths.items():
        if path is None:
            loaded[label] = report
        elif path.exists():
            loaded[label] = json.loads(path.read_text())
    if len(loaded) < 2:
        return {}
    small, large = loaded["default"], loaded["large"]
    data_ratio = large["dataset"]["invoices"] / small["dataset"]["invoices"]
    out = {"data_ratio": data_ratio}
    for key in small["operations"]:
        a, b = small["operations"].get(key, {}), large["operations"].get(key, {})
        if a.get("status") == "measured" and b.get("status") == "measured":
            out[key] = {
                "time_ratio_over_data_ratio": (b["median_s"] / a["median_s"]) / data_ratio,
                "queries_default": a.get("queries"),
                "queries_large": b.get("queries"),
            }
    return out


def goals(report):
    ops, ratios = report["operations"], report["ratios"]
    large = report["label"] == "large"

    def verdict(value, ok):
        return None if value is None else bool(ok(value))

    out = {
        "simulate within 3x the SQL floor": verdict(
            ratios.get("simulate_over_sql_floor"), lambda v: v <= 3
        ),
        "run 10x faster than OCA": verdict(ratios.get("oca_over_run"), lambda v: v >= 10),
        "create reminders 10x faster than OCA": verdict(
            ratios.get("oca_over_create_reminders"), lambda v: v >= 10
        ),
    }
    if large:
        run = ops.get("run", {})
        # Python's allocations during the run (what batching bounds); the
        # process's resident memory keeps what earlier operations left behind.
        out["run peak memory under 1 GiB"] = verdict(run.get("peak_python_mib"), lambda v: v < 1024)
        overview = ops.get("overview", {})
        out["overview grids under 1 s"] = verdict(overview.get("median_s"), lambda v: v < 1)
        snapshot = ops.get("kpi_snapshot", {})
        out["KPI snapshot under 10 s"] = verdict(snapshot.get("median_s"), lambda v: v < 10)
    for key, value in report.get("growth", {}).items():
        if isinstance(value, dict) and key != "sql_floor":
            out[f"{key} grows linearly (within 1.2)"] = value["time_ratio_over_data_ratio"] <= 1.2
    return out


def print_table(report):
    data = report["dataset"]
    print()
    print(
        f"Benchmark '{report['label']}': {data['customers']} customers, {data['invoices']} "
        f"invoices, {data['open_receivable_lines']} open receivable lines "
        f"({data['customers_with_open_lines']} customers); "
        f"{report['machine']['cpus']} cores, PostgreSQL {report['machine']['postgres']}"
    )
    header = (
        f"{'operation':<40} {'median s':>9} {'min s':>8} {'max s':>8} {'cpu s':>8} {'reps':>4} "
        f"{'queries':>8} {'q/cust':>7} {'py MiB':>7} {'RSS MiB':>8} {'result':>7}"
    )
    print(header)
    print("-" * len(header))
    customers = max(1, data["customers"])
    for key, label, *_ in OPERATIONS:
        op = report["operations"][key]
        if op["status"] != "measured":
            print(f"{label:<40} skipped: {op['reason']}")
            continue

        def num(value, fmt):
            return format(value, fmt) if value is not None else "-"

        print(
            f"{label:<40} {op['median_s']:>9.3f} {op['min_s']:>8.3f} {op['max_s']:>8.3f} "
            f"{op['python_cpu_median_s']:>8.3f} {op['reps']:>4} {op['queries']:>8} "
            f"{op['queries'] / customers:>7.3f} "
            f"{num(op.get('peak_python_mib'), '7.1f'):>7} "
            f"{num(op.get('peak_rss_growth_mib'), '8.1f'):>8} "
            f"{num(op.get('result_size'), 'd'):>7}"
        )
        if op.get("queries_quarter_customers") is not None:
            print(
                f"{'':<40} ({op['queries_quarter_customers']} queries given a quarter of "
                f"the customers, {op['queries']} given all of them)"
            )
        if op.get("commits") or op.get("cursors"):
            print(
                f"{'':<40} ({op['commits']} commits made flushes; {op['cursors']} separate "
                "cursors, whose writes were not rolled back)"
            )
    print(
        "cpu s: the Python process's CPU time (PostgreSQL's not included); py MiB: peak of "
        "Python allocations; RSS MiB: growth of resident memory; load average at start "
        f"{report['machine']['load_average']}"
    )
    print()
    for name, value in report["ratios"].items():
        print(f"{name:<32} {'-' if value is None else format(value, '.2f')}")
    for key, value in report.get("growth", {}).items():
        if isinstance(value, dict):
            print(
                f"growth {key:<25} {value['time_ratio_over_data_ratio']:.2f} "
                "(time ratio over data ratio, large/default)"
            )
    print()
    for goal, ok in report["goals"].items():
        print(f"{'PASS' if ok else 'not measured' if ok is None else 'FAIL':<13} {goal}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conf", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--label", default="custom")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--budget", type=float, default=300, help="seconds per operation")
    parser.add_argument("--only", help="comma-separated operation keys")
    parser.add_argument("--out")
    parser.add_argument("--results-dir", default="bench-results")
    parser.add_argument("--setup-only", action="store_true")
    args = parser.parse_args(argv)

    registry = open_registry(args.conf, args.db)
    with fresh_env(registry) as env:
        setup_scenario(env, lambda message: log(f"scenario: {message}"))
    if args.setup_only:
        return 0

    report = {
        "label": args.label,
        "dataset": dataset_facts(registry),
        "machine": machine_facts(registry),
        "operations": {},
    }
    only = set(args.only.split(",")) if args.only else None
    for key, label, function, writes, with_memory in OPERATIONS:
        if only and key not in only:
            report["operations"][key] = {"status": "skipped", "reason": "not asked (--only)"}
            continue
        log(f"measuring {label}")
        try:
            report["operations"][key] = measure(
                registry, function, writes, args.reps, args.budget, with_memory
            )
        except Skip as reason:
            log(f"skipped {label}: {reason}")
            report["operations"][key] = {"status": "skipped", "reason": str(reason)}
        except Exception as error:  # noqa: BLE001 - reported, the other measurements go on
            log(f"FAILED {label}: {error!r}")
            report["operations"][key] = {"status": "failed", "reason": repr(error)}
    results = report["operations"]
    report["ratios"] = {
        "simulate_over_sql_floor": ratio(results, "simulate", "sql_floor"),
        "oca_over_run": ratio(results, "oca", "run"),
        "oca_over_create_reminders": ratio(results, "oca", "create_reminders"),
    }
    report["growth"] = growth(report, args.results_dir)
    report["goals"] = goals(report)
    print_table(report)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(report, indent=2, default=str) + "\n")
        log(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
