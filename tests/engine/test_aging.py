# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import re
import sqlite3
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_collections_automation.engine import aging
from account_collections_automation.engine.aging import (
    DEFAULT_BOUNDARIES,
    Bucket,
    age,
    bucket_index,
    buckets,
    days_overdue,
    parse_boundaries,
    sql_bucket_case,
    sql_bucket_case_for_days,
)

BOUNDARIES = st.lists(
    st.integers(min_value=1, max_value=2000), min_size=1, max_size=8, unique=True
).map(lambda values: tuple(sorted(values)))
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))
AMOUNTS = st.decimals(
    min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False
)


# --- buckets ------------------------------------------------------------------


def test_default_buckets():
    result = buckets()
    assert [b.key for b in result] == ["current", "1_30", "31_60", "61_90", "91_120", "over_120"]
    assert [b.label for b in result] == ["Current", "1-30", "31-60", "61-90", "91-120", "Over 120"]
    assert result[0] == Bucket("current", "Current", None, 0)
    assert result[1] == Bucket("1_30", "1-30", 1, 30)
    assert result[-1] == Bucket("over_120", "Over 120", 121, None)
    assert DEFAULT_BOUNDARIES == (30, 60, 90, 120)


def test_custom_buckets():
    assert [b.key for b in buckets((15,))] == ["current", "1_15", "over_15"]
    assert [b.key for b in buckets([7, 14, 45])] == ["current", "1_7", "8_14", "15_45", "over_45"]


@given(BOUNDARIES)
def test_buckets_tile_the_days(boundaries):
    result = buckets(boundaries)
    assert len(result) == len(boundaries) + 2
    assert len({b.key for b in result}) == len(result)
    for left, right in zip(result, result[1:], strict=False):
        assert right.min_days == left.max_days + 1


@pytest.mark.parametrize(
    "days, index",
    [(-100, 0), (-1, 0), (0, 0), (1, 1), (30, 1), (31, 2), (60, 2), (61, 3), (90, 3), (91, 4)]
    + [(120, 4), (121, 5), (10_000, 5)],
)
def test_bucket_index_defaults(days, index):
    assert bucket_index(days) == index


@given(st.integers(min_value=-5000, max_value=5000), BOUNDARIES)
def test_bucket_index_matches_bucket_ranges(days, boundaries):
    index = bucket_index(days, boundaries)
    result = buckets(boundaries)
    assert 0 <= index < len(result)
    assert result[index].contains(days)
    assert sum(1 for b in result if b.contains(days)) == 1


@given(
    st.integers(min_value=-500, max_value=500), st.integers(min_value=0, max_value=500), BOUNDARIES
)
def test_bucket_index_is_monotonic(days, more, boundaries):
    assert bucket_index(days, boundaries) <= bucket_index(days + more, boundaries)


# --- boundaries ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("30, 60, 90, 120", (30, 60, 90, 120)),
        ("30,60", (30, 60)),
        (" 15 ; 45 ", (15, 45)),
        ("7 14 21", (7, 14, 21)),
        ("1", (1,)),
    ],
)
def test_parse_boundaries(text, expected):
    assert parse_boundaries(text) == expected


@pytest.mark.parametrize(
    "text, named",
    [
        ("30, 60, 60", "60"),
        ("60, 30", "30"),
        ("0, 30", "0"),
        ("-30, 60", "'-30'"),
        ("30, 4.5", "'4.5'"),
        ("30, abc", "'abc'"),
        ("", "empty"),
        ("  ,  ", "empty"),
    ],
)
def test_parse_boundaries_errors_name_the_value(text, named):
    with pytest.raises(ValueError, match=re.escape(named)):
        parse_boundaries(text)


@pytest.mark.parametrize("bad", [(), (0,), (30, 30), (60, 30), (30.0,), (True,), ("30",)])
def test_invalid_boundaries_are_refused_everywhere(bad):
    for call in (
        lambda: buckets(bad),
        lambda: bucket_index(5, bad),
        lambda: age([], date(2024, 1, 1), bad),
        lambda: sql_bucket_case("date_maturity", "%(as_of)s", bad),
    ):
        with pytest.raises(ValueError):
            call()


@given(BOUNDARIES)
def test_parse_boundaries_round_trips(boundaries):
    assert parse_boundaries(", ".join(map(str, boundaries))) == boundaries


# --- days and aging -----------------------------------------------------------


def test_days_overdue():
    assert days_overdue(date(2024, 2, 28), date(2024, 3, 1)) == 2
    assert days_overdue(date(2024, 3, 1), date(2024, 3, 1)) == 0
    assert days_overdue(date(2024, 3, 2), date(2024, 3, 1)) == -1


def test_age_example():
    as_of = date(2024, 6, 30)
    items = [
        (as_of + timedelta(days=5), Decimal("100")),  # not due
        (as_of, Decimal("1")),  # due today: current
        (as_of - timedelta(days=1), Decimal("10")),
        (as_of - timedelta(days=30), Decimal("20")),
        (as_of - timedelta(days=31), Decimal("30")),
        (as_of - timedelta(days=120), Decimal("40")),
        (as_of - timedelta(days=121), Decimal("50")),
        (as_of - timedelta(days=400), Decimal("-5")),  # a credit keeps its sign
        (None, Decimal("7")),
    ]
    assert age(items, as_of) == [
        Decimal("108"),
        Decimal("30"),
        Decimal("30"),
        Decimal("0"),
        Decimal("40"),
        Decimal("45"),
    ]


def test_age_converts_amounts_to_decimal():
    result = age([(date(2024, 1, 1), 0.1), (date(2024, 1, 1), 2)], date(2024, 1, 2), (30,))
    assert result == [Decimal("0"), Decimal("2.1"), Decimal("0")]
    assert all(isinstance(total, Decimal) for total in result)


@given(st.lists(st.tuples(st.one_of(st.none(), DAYS), AMOUNTS), max_size=30), DAYS, BOUNDARIES)
def test_age_sums_to_the_total(items, as_of, boundaries):
    result = age(items, as_of, boundaries)
    assert len(result) == len(boundaries) + 2
    assert sum(result, Decimal(0)) == sum((amount for _d, amount in items), Decimal(0))


@given(DAYS, DAYS, AMOUNTS, BOUNDARIES)
def test_age_puts_one_item_in_its_bucket(due, as_of, amount, boundaries):
    result = age([(due, amount)], as_of, boundaries)
    index = bucket_index(days_overdue(due, as_of), boundaries)
    assert result[index] == amount
    assert all(total == 0 for i, total in enumerate(result) if i != index)


# --- SQL ----------------------------------------------------------------------


def _sqlite_bucket(days, boundaries):
    """Evaluate the CASE for an integer ``days`` (or NULL) in SQLite."""
    sql = sql_bucket_case_for_days("d", boundaries)
    with sqlite3.connect(":memory:") as conn:
        return conn.execute(f"SELECT {sql} FROM (SELECT ? AS d)", (days,)).fetchone()[0]


@given(st.integers(min_value=-3000, max_value=3000), BOUNDARIES)
def test_sql_case_agrees_with_bucket_index(days, boundaries):
    assert _sqlite_bucket(days, boundaries) == bucket_index(days, boundaries)


def test_sql_case_null_days_is_current():
    assert _sqlite_bucket(None, DEFAULT_BOUNDARIES) == 0


def _interpret(sql, as_of, due):
    """A tiny interpreter for the expression sql_bucket_case returns."""
    days_sql = r"\(\(%\(as_of\)s\)::date - \(aml\.date_maturity\)::date\)"
    match = re.fullmatch(
        rf"CASE WHEN {days_sql} IS NULL OR {days_sql} <= 0 THEN 0 "
        rf"(?P<whens>(?:WHEN {days_sql} <= \d+ THEN \d+ )*)ELSE (?P<last>\d+) END",
        sql,
    )
    assert match, sql
    if due is None:
        return 0
    days = (as_of - due).days
    if days <= 0:
        return 0
    for high, index in re.findall(r"<= (\d+) THEN (\d+)", match["whens"]):
        if days <= int(high):
            return int(index)
    return int(match["last"])


@given(DAYS, st.one_of(st.none(), DAYS), BOUNDARIES)
def test_sql_bucket_case_agrees_with_bucket_index(as_of, due, boundaries):
    sql = sql_bucket_case("aml.date_maturity", "%(as_of)s", boundaries)
    expected = 0 if due is None else bucket_index(days_overdue(due, as_of), boundaries)
    assert _interpret(sql, as_of, due) == expected


def test_sql_bucket_case_default_boundaries():
    sql = sql_bucket_case("aml.date_maturity", "%(as_of)s")
    days = "((%(as_of)s)::date - (aml.date_maturity)::date)"
    assert sql == (
        f"CASE WHEN {days} IS NULL OR {days} <= 0 THEN 0 "
        f"WHEN {days} <= 30 THEN 1 WHEN {days} <= 60 THEN 2 "
        f"WHEN {days} <= 90 THEN 3 WHEN {days} <= 120 THEN 4 ELSE 5 END"
    )
    # psycopg2 style: no stray percent sign besides the named placeholder
    assert "%" not in sql.replace("%(as_of)s", "")


@pytest.mark.parametrize(
    "column, param",
    [
        ("date_maturity", "%(as_of)s"),
        ("aml.date_maturity", "%(date)s"),
        ('"aml"."date_maturity"', "CURRENT_DATE"),
        ("l.date_maturity", "current_date"),
    ],
)
def test_sql_bucket_case_accepts_columns_and_placeholders(column, param):
    assert column in sql_bucket_case(column, param)


@pytest.mark.parametrize(
    "column, param",
    [
        ("aml.date_maturity; DROP TABLE x", "%(as_of)s"),
        ("COALESCE(a, b)", "%(as_of)s"),
        ("", "%(as_of)s"),
        ("a.b.c", "%(as_of)s"),
        ("aml.date_maturity", "%s"),
        ("aml.date_maturity", "'2024-01-01'"),
        ("aml.date_maturity", "%(as_of)s OR 1=1"),
        (None, "%(as_of)s"),
    ],
)
def test_sql_bucket_case_refuses_anything_else(column, param):
    with pytest.raises(ValueError):
        sql_bucket_case(column, param)


def test_module_exports():
    for name in aging.__all__:
        assert hasattr(aging, name)


# --- the date a ledger line ages from ------------------------------------------------


def test_line_without_due_date_ages_from_its_accounting_date():
    from datetime import date

    from account_collections_automation.engine.aging import aging_date, line_bucket

    opening = date(2024, 1, 1)
    assert aging_date(None, opening) == opening
    assert line_bucket(None, opening, date(2024, 1, 1)) == 0
    assert line_bucket(None, opening, date(2024, 1, 31)) == 1
    assert line_bucket(None, opening, date(2024, 6, 1)) == 5
    # A due date wins over the accounting date.
    assert line_bucket(date(2024, 6, 1), opening, date(2024, 6, 1)) == 0
