# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import pickle
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_collections_automation.engine import vocabulary
from account_collections_automation.engine.cadence import (
    CADENCE_KEYS,
    CadenceFormulaError,
    first_run,
    next_run,
)
from account_collections_automation.engine.dates import DateFormulaError, parse

DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(2200, 12, 31))


def test_cadence_keys_come_from_the_vocabulary():
    assert CADENCE_KEYS == vocabulary.keys(vocabulary.CADENCES)


def test_manual_never_schedules():
    assert next_run("manual", date(2024, 1, 1)) is None
    assert next_run("manual", date(2024, 1, 1), "1D") is None


def test_weekly():
    assert next_run("weekly", date(2024, 12, 28)) == date(2025, 1, 4)
    # a formula is only read for the custom cadence
    assert next_run("weekly", date(2024, 12, 28), "-1W") == date(2025, 1, 4)


@pytest.mark.parametrize(
    "last_run, expected",
    [
        (date(2024, 1, 15), date(2024, 2, 15)),
        (date(2024, 1, 31), date(2024, 2, 29)),
        (date(2023, 1, 31), date(2023, 2, 28)),
        (date(2024, 12, 31), date(2025, 1, 31)),
    ],
)
def test_monthly(last_run, expected):
    assert next_run("monthly", last_run) == expected


@pytest.mark.parametrize(
    "formula, last_run, expected",
    [
        ("3D", date(2024, 1, 30), date(2024, 2, 2)),
        ("CM+15D", date(2024, 1, 31), date(2024, 2, 15)),
        ("CM", date(2024, 1, 30), date(2024, 1, 31)),
        ("1D+WD1", date(2024, 5, 6), date(2024, 5, 13)),  # every Monday
        ("1D+D15", date(2024, 5, 15), date(2024, 6, 15)),  # every 15th
        ("D15", date(2024, 5, 16), date(2024, 6, 15)),
        ("1Q", date(2024, 1, 1), date(2024, 4, 1)),
        (parse("2W"), date(2024, 1, 1), date(2024, 1, 15)),
    ],
)
def test_custom(formula, last_run, expected):
    assert next_run("custom", last_run, formula) == expected


@pytest.mark.parametrize(
    "formula, last_run",
    [
        ("-1W", date(2024, 1, 10)),
        ("CD", date(2024, 1, 10)),
        ("0D", date(2024, 1, 10)),
        ("CM", date(2024, 1, 31)),
        ("D15", date(2024, 5, 15)),
        ("-CM", date(2024, 5, 15)),
    ],
)
def test_custom_must_move_forward(formula, last_run):
    with pytest.raises(CadenceFormulaError) as info:
        next_run("custom", last_run, formula)
    err = info.value
    assert isinstance(err, DateFormulaError)
    assert isinstance(err, ValueError)
    assert err.formula == formula
    assert err.last_run == last_run
    assert err.result <= last_run
    assert repr(formula) in str(err)
    assert "must move forward" in str(err)


def test_cadence_error_pickles():
    err = CadenceFormulaError("CD", date(2024, 1, 1), date(2024, 1, 1))
    copy = pickle.loads(pickle.dumps(err))
    assert str(copy) == str(err)


def test_custom_with_an_invalid_formula():
    with pytest.raises(DateFormulaError, match="unknown unit at position 4"):
        next_run("custom", date(2024, 1, 1), "CM+1X")


@pytest.mark.parametrize("formula", [None, "", "   "])
def test_custom_needs_a_formula(formula):
    with pytest.raises(ValueError, match="date_formula"):
        next_run("custom", date(2024, 1, 1), formula)


@pytest.mark.parametrize("cadence", ["daily", "", None, "Weekly"])
def test_unknown_cadence(cadence):
    with pytest.raises(ValueError, match=repr(cadence).replace("(", r"\(")):
        next_run(cadence, date(2024, 1, 1))


@given(DAYS, st.sampled_from(["weekly", "monthly"]))
def test_fixed_cadences_move_forward(last_run, cadence):
    result = next_run(cadence, last_run)
    assert result > last_run
    assert result - last_run <= timedelta(days=31)


@given(DAYS)
def test_monthly_advances_one_month(last_run):
    result = next_run("monthly", last_run)
    assert (result.year * 12 + result.month) - (last_run.year * 12 + last_run.month) == 1


@given(
    DAYS,
    st.sampled_from(["1D", "2W", "1M", "CM+1D", "CW+1D", "1D+WD3", "1D+D10", "CQ+1M", "10WD"]),
)
def test_forward_formulas_always_schedule_later(last_run, formula):
    assert next_run("custom", last_run, formula) > last_run


@given(DAYS, st.sampled_from(["CD", "0D", "-1D", "-CW", "-CM"]))
def test_non_forward_formulas_always_fail(last_run, formula):
    with pytest.raises(CadenceFormulaError):
        next_run("custom", last_run, formula)


# --- first_run: the date Start schedules -------------------------------------

START = date(2026, 11, 30)


def test_first_run_manual_is_none():
    assert first_run("manual", START) is None
    assert first_run("manual", START, "CM+10D", planned=START) is None


@pytest.mark.parametrize("cadence", ["weekly", "monthly"])
def test_first_run_fixed_cadences_start_today(cadence):
    assert first_run(cadence, START) == START
    assert first_run(cadence, START, "CM+10D") == START  # formula only read for custom


@pytest.mark.parametrize(
    "formula, expected",
    [
        ("CM+10D", date(2026, 12, 10)),  # the example: not the start day
        ("CM", date(2026, 11, 30)),  # the formula may give the start day itself
        ("1W", date(2026, 12, 7)),
        ("D15", date(2026, 12, 15)),
        ("1D+D15", date(2026, 12, 15)),
    ],
)
def test_first_run_custom_applies_the_formula_to_the_start_day(formula, expected):
    assert first_run("custom", START, formula) == expected


def test_first_run_keeps_a_planned_date_not_past():
    assert first_run("custom", START, "CM+10D", planned=date(2026, 12, 2)) == date(2026, 12, 2)
    assert first_run("weekly", START, planned=START) == START
    # a planned date left in the past (paused for long) is computed again
    assert first_run("custom", START, "CM+10D", planned=date(2026, 10, 1)) == date(2026, 12, 10)
    assert first_run("weekly", START, planned=date(2026, 10, 1)) == START


def test_first_run_refuses_backward_and_missing_formulas():
    with pytest.raises(CadenceFormulaError, match="must move forward"):
        first_run("custom", START, "-1D")
    with pytest.raises(ValueError, match="needs a date formula"):
        first_run("custom", START, " ")
    with pytest.raises(DateFormulaError, match="position"):
        first_run("custom", START, "D32")
    with pytest.raises(ValueError, match="Unknown cadence"):
        first_run("daily", START)


@given(start=DAYS, formula=st.sampled_from(["CM+10D", "1W", "2M", "CM", "D10", "CW+1D"]))
def test_first_run_never_before_start_and_from_the_formula(start, formula):
    from account_collections_automation.engine.dates import apply

    assert first_run("custom", start, formula) == apply(formula, start) >= start
