# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The benchmark's own logic, without a database: nothing here is timed.

The measurements themselves run with ``setup/bench.sh`` (see README.md).
"""

import datetime

import pytest

pytest.importorskip("odoo")
pytest.importorskip("psutil")

import build_dataset  # noqa: E402
import measure  # noqa: E402

ANCHOR = datetime.date(2026, 11, 23)
CUSTOMERS = list(range(1, 101))


def test_invoice_plan_is_the_same_for_the_same_index():
    assert build_dataset.invoice_plan(42, 7, ANCHOR, CUSTOMERS) == build_dataset.invoice_plan(
        42, 7, ANCHOR, CUSTOMERS
    )
    assert build_dataset.invoice_plan(42, 7, ANCHOR, CUSTOMERS) != build_dataset.invoice_plan(
        43, 7, ANCHOR, CUSTOMERS
    )


def test_invoice_plans_spread_as_documented():
    plans = [build_dataset.invoice_plan(i, 7, ANCHOR, CUSTOMERS) for i in range(4000)]
    offsets = [(plan["due"] - ANCHOR).days for plan in plans]
    assert min(offsets) == -build_dataset.DAYS_BACK
    assert max(offsets) == build_dataset.DAYS_AHEAD
    assert all(plan["invoice_date"] <= ANCHOR for plan in plans)
    assert all(plan["pay_date"] <= ANCHOR for plan in plans)
    foreign = sum(plan["foreign"] for plan in plans) / len(plans)
    assert 0.15 < foreign < 0.25
    paid = [plan for plan in plans if plan["pay_amount"]]
    assert all(plan["due"] < ANCHOR for plan in paid)
    partly = [plan for plan in paid if plan["pay_amount"] < plan["amount"]]
    assert 0.3 < len(partly) / len(paid) < 0.5
    # Every customer gets invoices, round-robin.
    assert {plan["partner_id"] for plan in plans} == set(CUSTOMERS)


class FakeRecords:
    _name = "fake.model"

    def by_partners(self, partners):
        return ("records", len(partners))

    def by_ids(self, partner_ids=None):
        return ("ids", partner_ids)

    def needs_other(self, date):
        return date


class FakePartners(list):
    @property
    def ids(self):
        return list(self)


class FakeEnv(dict):
    def __init__(self):
        super().__init__()
        self["res.partner"] = self

    def search(self, domain, **kwargs):
        return FakePartners([1, 2, 3])


def test_call_with_customers_gives_every_customer_or_skips():
    env = FakeEnv()
    assert measure.call_with_customers(FakeRecords(), "by_partners", env) == ("records", 3)
    assert measure.call_with_customers(FakeRecords(), "by_ids", env) == ("ids", [1, 2, 3])
    with pytest.raises(measure.Skip, match="needs 'date'"):
        measure.call_with_customers(FakeRecords(), "needs_other", env)
    with pytest.raises(measure.Skip, match="does not exist"):
        measure.call_with_customers(FakeRecords(), "missing", env)


def _report(label, invoices, **medians):
    return {
        "label": label,
        "dataset": {"invoices": invoices},
        "operations": {
            key: {"status": "measured", "median_s": value, "queries": 10}
            for key, value in medians.items()
        },
    }


def test_ratios_growth_and_goals(tmp_path):
    default = _report("default", 20000, sql_floor=0.1, simulate=0.25, run=1.0, oca=12.0)
    (tmp_path / "default.json").write_text(measure.json.dumps(default))
    large = _report("large", 100000, sql_floor=0.5, simulate=2.0, run=5.5, oca=80.0)
    results = large["operations"]
    large["ratios"] = {
        "simulate_over_sql_floor": measure.ratio(results, "simulate", "sql_floor"),
        "oca_over_run": measure.ratio(results, "oca", "run"),
        "oca_over_create_reminders": measure.ratio(results, "oca", "create_reminders"),
    }
    assert large["ratios"]["simulate_over_sql_floor"] == pytest.approx(4.0)
    assert large["ratios"]["oca_over_create_reminders"] is None
    large["growth"] = measure.growth(large, tmp_path)
    assert large["growth"]["data_ratio"] == 5
    assert large["growth"]["simulate"]["time_ratio_over_data_ratio"] == pytest.approx(1.6)
    assert large["growth"]["run"]["time_ratio_over_data_ratio"] == pytest.approx(1.1)
    goals = measure.goals(large)
    assert goals["simulate within 3x the SQL floor"] is False
    assert goals["run 10x faster than OCA"] is True
    assert goals["create reminders 10x faster than OCA"] is None
    assert goals["simulate grows linearly (within 1.2)"] is False
    assert goals["run grows linearly (within 1.2)"] is True
    assert goals["run peak memory under 1 GiB"] is None


def test_compare_prints_both_sides_and_the_change(tmp_path, capsys):
    import json

    import compare

    def result(commit, median, cpu, queries):
        return {
            "machine": {"git_commit": commit, "load_average": [0.5, 0.5]},
            "operations": {
                "simulate": {"status": "measured", "median_s": median,
                             "python_cpu_median_s": cpu, "queries": queries},
                "oca": {"status": "skipped", "reason": "no policy"},
            },
        }

    before, after = tmp_path / "before.json", tmp_path / "after.json"
    before.write_text(json.dumps(result("aaa1111", 0.2, 0.1, 25)))
    after.write_text(json.dumps(result("bbb2222", 0.25, 0.08, 26)))
    assert compare.main([str(before), str(after)]) == 0
    out = capsys.readouterr().out
    assert "baseline aaa1111" in out and "this tree bbb2222" in out
    simulate = next(line for line in out.splitlines() if line.startswith("simulate"))
    assert simulate.split() == ["simulate", "0.200", "0.250", "+25%", "0.100", "0.080", "-20%",
                                "25", "->", "26"]
    assert "oca                not measured on both sides" in out


def test_compare_merges_the_rounds_of_each_side(tmp_path, capsys):
    """Rounds measured in turn: each side's repetitions merged, medians taken
    again, the merged results written (what bench.sh publishes)."""
    import doctest
    import json

    import compare

    assert doctest.testmod(compare).failed == 0

    def result(commit, times, cpus, queries, load):
        return {
            "machine": {"git_commit": commit, "load_average": load},
            "operations": {"run": {
                "status": "measured", "times_s": times, "cpu_times_s": cpus,
                "median_s": sorted(times)[len(times) // 2],
                "python_cpu_median_s": sorted(cpus)[len(cpus) // 2], "queries": queries}},
        }

    files = {}
    for side, commit, rounds in (
            ("base", "aaa1111", [([1.0, 3.0], [0.5, 0.6]), ([1.1, 1.2], [0.55, 0.7])]),
            ("tree", "bbb2222", [([0.9, 2.9], [0.4, 0.5]), ([1.0, 1.0], [0.45, 0.6])])):
        paths = []
        for index, (times, cpus) in enumerate(rounds):
            path = tmp_path / f"{side}-r{index}.json"
            path.write_text(json.dumps(result(commit, times, cpus, 30 + index, 0.5 + index)))
            paths.append(str(path))
        files[side] = ",".join(paths)
    merged = [tmp_path / "base.json", tmp_path / "tree.json"]
    assert compare.main([files["base"], files["tree"], "--merged-out",
                         *map(str, merged)]) == 0
    out = capsys.readouterr().out
    assert "2 rounds, baseline and this tree measured in turn" in out
    run = next(line for line in out.splitlines() if line.startswith("run"))
    # base: times 1.0 3.0 1.1 1.2 -> 1.15; cpu 0.5 0.6 0.55 0.7 -> 0.575
    # tree: times 0.9 2.9 1.0 1.0 -> 1.0; cpu 0.4 0.5 0.45 0.6 -> 0.475
    assert run.split()[:7] == ["run", "1.150", "1.000", "-13%", "0.575", "0.475", "-17%"]
    base = json.loads(merged[0].read_text())
    assert base["rounds"] == 2 and base["operations"]["run"]["reps"] == 4
    assert base["machine"]["load_average"] == [0.5, 1.5]
    assert json.loads(merged[1].read_text())["operations"]["run"]["median_s"] == 1.0
