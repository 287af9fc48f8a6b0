# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import calendar
import pickle
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_collections_automation.engine import dates
from account_collections_automation.engine.dates import DateFormulaError, apply, parse, validate

# Dates far enough from the calendar's ends for any formula below.
DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
NUMBERS = st.integers(min_value=0, max_value=dates.MAX_NUMBER)


# --- examples -----------------------------------------------------------------


@pytest.mark.parametrize(
    "formula, base, expected",
    [
        ("30D", date(2024, 1, 15), date(2024, 2, 14)),
        ("0D", date(2024, 1, 15), date(2024, 1, 15)),
        ("2W", date(2024, 1, 15), date(2024, 1, 29)),
        ("-1W", date(2024, 1, 15), date(2024, 1, 8)),
        ("1M", date(2024, 1, 31), date(2024, 2, 29)),
        ("1M", date(2023, 1, 31), date(2023, 2, 28)),
        ("1M", date(2024, 12, 15), date(2025, 1, 15)),
        ("-1M", date(2024, 3, 31), date(2024, 2, 29)),
        ("1Q", date(2024, 11, 30), date(2025, 2, 28)),
        ("1Y", date(2024, 2, 29), date(2025, 2, 28)),
        ("CD", date(2024, 5, 7), date(2024, 5, 7)),
        ("-CD", date(2024, 5, 7), date(2024, 5, 7)),
        ("CW", date(2024, 5, 7), date(2024, 5, 12)),  # Tuesday -> Sunday
        ("CW", date(2024, 5, 12), date(2024, 5, 12)),  # Sunday stays
        ("-CW", date(2024, 5, 12), date(2024, 5, 6)),  # Sunday -> Monday
        ("CM", date(2024, 2, 10), date(2024, 2, 29)),
        ("-CM", date(2024, 2, 10), date(2024, 2, 1)),
        ("CQ", date(2024, 5, 7), date(2024, 6, 30)),
        ("-CQ", date(2024, 5, 7), date(2024, 4, 1)),
        ("CQ", date(2024, 12, 31), date(2024, 12, 31)),
        ("CY", date(2024, 5, 7), date(2024, 12, 31)),
        ("-CY", date(2024, 5, 7), date(2024, 1, 1)),
        ("CM+10D", date(2024, 1, 17), date(2024, 2, 10)),
        ("CM+1M", date(2024, 1, 17), date(2024, 2, 29)),
        ("CQ+1M+20D", date(2024, 2, 3), date(2024, 4, 30) + timedelta(days=20)),
        ("CW+1W", date(2024, 5, 7), date(2024, 5, 19)),
        ("-CM+14D", date(2024, 5, 20), date(2024, 5, 15)),
        ("D15", date(2024, 5, 7), date(2024, 5, 15)),
        ("D15", date(2024, 5, 15), date(2024, 5, 15)),  # the base counts
        ("D15", date(2024, 5, 16), date(2024, 6, 15)),
        ("D15", date(2024, 12, 16), date(2025, 1, 15)),
        ("D31", date(2024, 4, 3), date(2024, 4, 30)),  # clamped
        ("D30", date(2024, 2, 10), date(2024, 2, 29)),
        ("D31", date(2024, 4, 30), date(2024, 4, 30)),
        ("D31", date(2024, 5, 1), date(2024, 5, 31)),
        ("-D15", date(2024, 5, 7), date(2024, 4, 15)),
        ("-D15", date(2024, 5, 15), date(2024, 5, 15)),
        ("-D31", date(2024, 3, 5), date(2024, 2, 29)),
        ("-D15", date(2024, 1, 7), date(2023, 12, 15)),
        ("WD1", date(2024, 5, 7), date(2024, 5, 13)),  # Tuesday -> next Monday
        ("WD2", date(2024, 5, 7), date(2024, 5, 7)),
        ("WD7", date(2024, 5, 7), date(2024, 5, 12)),
        ("-WD1", date(2024, 5, 7), date(2024, 5, 6)),
        ("-WD3", date(2024, 5, 7), date(2024, 5, 1)),
        ("1WD", date(2024, 5, 10), date(2024, 5, 13)),  # Friday -> Monday
        ("5WD", date(2024, 5, 11), date(2024, 5, 17)),  # Saturday -> Friday
        ("1WD", date(2024, 5, 12), date(2024, 5, 13)),  # Sunday -> Monday
        ("-1WD", date(2024, 5, 13), date(2024, 5, 10)),  # Monday -> Friday
        ("-1WD", date(2024, 5, 12), date(2024, 5, 10)),  # Sunday -> Friday
        ("10WD", date(2024, 5, 7), date(2024, 5, 21)),
        ("0WD", date(2024, 5, 11), date(2024, 5, 11)),
        (" cm + 10 d ", date(2024, 1, 17), date(2024, 2, 10)),
        ("+1D", date(2024, 1, 17), date(2024, 1, 18)),
        ("1D-1D", date(2024, 1, 17), date(2024, 1, 17)),
        ("0010D", date(2024, 1, 1), date(2024, 1, 11)),
    ],
)
def test_apply_examples(formula, base, expected):
    assert apply(formula, base) == expected


def test_apply_accepts_a_parsed_formula():
    formula = parse("CM+10D")
    assert apply(formula, date(2024, 1, 17)) == date(2024, 2, 10)
    assert formula.apply(date(2024, 1, 17)) == date(2024, 2, 10)


def test_terms_apply_left_to_right():
    # From 30 April: month end then a month is 30 May (clamping keeps the
    # day), a month then month end is 31 May.
    assert apply("1M+CM", date(2024, 1, 31)) == date(2024, 2, 29)
    assert apply("CM+1M", date(2024, 4, 30)) == date(2024, 5, 30)
    assert apply("1M+CM", date(2024, 4, 30)) == date(2024, 5, 31)


def test_parse_terms():
    formula = parse("-CM+14D-WD2+D5")
    assert [(t.kind, t.unit, t.number, t.sign) for t in formula.terms] == [
        ("current", "M", 0, -1),
        ("shift", "D", 14, 1),
        ("position", "WD", 2, -1),
        ("position", "D", 5, 1),
    ]
    assert str(formula) == "-CM+14D-WD2+D5"
    assert formula == parse(" -cm + 14d - wd2 + d5")


def test_parse_maximum_number():
    assert parse("9999D").terms[0].number == 9999


@pytest.mark.parametrize(
    "formula, position, reason",
    [
        ("", 0, "empty formula"),
        ("   ", 0, "empty formula"),
        ("CM+1X", 4, "unknown unit"),
        ("D0", 1, "out of range"),
        ("D32", 1, "out of range"),
        ("WD0", 2, "out of range"),
        ("WD8", 2, "out of range"),
        ("CM+ D32", 5, "out of range"),
        ("10000D", 0, "number is out of range"),
        ("1D+99999999999999999999D", 3, "number is out of range"),
        ("1", 1, "missing unit"),
        ("1D+", 3, "missing term"),
        ("1D+ ", 4, "missing term"),
        ("-", 1, "missing term"),
        ("1D2D", 2, "expected '+' or '-'"),
        ("CM CM", 3, "expected '+' or '-'"),
        ("C", 1, "missing unit"),
        ("CX", 1, "unknown unit"),
        ("CWD", 1, "unknown unit after 'C'"),
        ("D", 1, "missing number after D"),
        ("WD", 2, "missing number after WD"),
        ("M", 0, "missing number before unit"),
        ("X", 0, "unknown unit"),
        ("1D+*", 3, "unexpected character"),
        ("1D++1D", 3, "unexpected character"),
        ("1\u00b2D", 1, "unknown unit"),  # superscript two is no digit
    ],
)
def test_errors(formula, position, reason):
    with pytest.raises(DateFormulaError) as info:
        validate(formula)
    err = info.value
    assert err.formula == formula
    assert err.position == position
    assert reason in err.reason
    assert str(err) == f"Invalid date formula {formula!r}: {err.reason} at position {position}"
    assert isinstance(err, ValueError)


def test_error_message_names_formula_and_position():
    with pytest.raises(DateFormulaError, match=r"'CM\+1X': unknown unit at position 4"):
        parse("CM+1X")


def test_error_pickles():
    err = pickle.loads(pickle.dumps(DateFormulaError("X", 0, "unknown unit")))
    assert (err.formula, err.position, err.reason) == ("X", 0, "unknown unit")


def test_out_of_range_date_is_a_formula_error():
    with pytest.raises(DateFormulaError, match="date out of range at position 2"):
        apply("1D+9999Y", date(2024, 1, 1))
    with pytest.raises(DateFormulaError, match="date out of range"):
        apply("CY+1D", date(9999, 6, 1))


def test_parse_rejects_non_strings():
    with pytest.raises(TypeError):
        parse(None)


# --- properties ---------------------------------------------------------------


@given(DAYS)
def test_cm_is_the_month_end_of_the_same_month(day):
    end = apply("CM", day)
    assert (end.year, end.month) == (day.year, day.month)
    assert end.day == calendar.monthrange(day.year, day.month)[1]


@given(DAYS)
def test_minus_cm_is_the_first_of_the_month(day):
    start = apply("-CM", day)
    assert (start.year, start.month, start.day) == (day.year, day.month, 1)


def _month_index(day):
    return day.year * 12 + day.month


@given(DAYS, st.integers(min_value=-24, max_value=24))
def test_months_never_skip_a_month(day, months):
    formula = f"{months}M" if months >= 0 else f"-{-months}M"
    moved = apply(formula, day)
    assert _month_index(moved) - _month_index(day) == months
    assert moved.day == min(day.day, calendar.monthrange(moved.year, moved.month)[1])


@given(DAYS)
def test_one_month_advances_the_month_index_by_one(day):
    moved = apply("1M", day)
    assert _month_index(moved) - _month_index(day) == 1


@given(DAYS, st.integers(min_value=0, max_value=9999))
def test_days_add_exactly(day, n):
    assert apply(f"{n}D", day) - day == timedelta(days=n)
    assert apply(f"-{n}D", apply(f"{n}D", day)) == day
    assert apply(f"{n}D-{n}D", day) == day


@given(DAYS, st.integers(min_value=0, max_value=500))
def test_weeks_add_seven_days(day, n):
    assert apply(f"{n}W", day) - day == timedelta(days=7 * n)


@given(DAYS)
def test_cw_is_a_sunday_on_or_after(day):
    end = apply("CW", day)
    assert end.isoweekday() == 7
    assert day <= end < day + timedelta(days=7)


@given(DAYS)
def test_minus_cw_is_a_monday_on_or_before(day):
    start = apply("-CW", day)
    assert start.isoweekday() == 1
    assert day - timedelta(days=7) < start <= day


@given(DAYS, st.integers(min_value=1, max_value=7))
def test_wd_n_is_that_weekday_within_six_days(day, weekday):
    ahead = apply(f"WD{weekday}", day)
    assert ahead.isoweekday() == weekday
    assert 0 <= (ahead - day).days <= 6
    back = apply(f"-WD{weekday}", day)
    assert back.isoweekday() == weekday
    assert 0 <= (day - back).days <= 6


@given(DAYS)
def test_wd3_is_a_wednesday_within_six_days(day):
    result = apply("WD3", day)
    assert result.isoweekday() == 3
    assert timedelta(0) <= result - day <= timedelta(days=6)


@given(DAYS, st.integers(min_value=1, max_value=31))
def test_d_n_is_the_first_matching_day_on_or_after(day, n):
    result = apply(f"D{n}", day)
    assert result >= day
    assert result.day == min(n, calendar.monthrange(result.year, result.month)[1])
    # No earlier date qualifies.
    probe = day
    while probe < result:
        assert probe.day != min(n, calendar.monthrange(probe.year, probe.month)[1])
        probe += timedelta(days=1)


@given(DAYS, st.integers(min_value=0, max_value=60))
def test_weekday_shift_lands_on_a_weekday(day, n):
    result = apply(f"{n}WD", day)
    if n:
        assert result.isoweekday() <= 5
        assert result > day
        # exactly n weekdays in (day, result]
        span = [day + timedelta(days=i) for i in range(1, (result - day).days + 1)]
        assert sum(1 for d in span if d.isoweekday() <= 5) == n
    else:
        assert result == day


@given(DAYS, st.sampled_from(["W", "M", "Q", "Y"]))
def test_current_period_bounds(day, unit):
    start, end = apply(f"-C{unit}", day), apply(f"C{unit}", day)
    assert start <= day <= end
    assert apply(f"-C{unit}", end) == start
    assert apply(f"C{unit}", start) == end


def _term_texts():
    shift = st.builds(
        lambda n, u, s: f"{s}{n}{u}",
        NUMBERS,
        st.sampled_from(["D", "WD", "W", "M", "Q", "Y"]),
        st.sampled_from(["", "-"]),
    )
    current = st.builds(
        lambda u, s: f"{s}C{u}",
        st.sampled_from(["D", "W", "M", "Q", "Y"]),
        st.sampled_from(["", "-"]),
    )
    position = st.one_of(
        st.builds(lambda n, s: f"{s}D{n}", st.integers(1, 31), st.sampled_from(["", "-"])),
        st.builds(lambda n, s: f"{s}WD{n}", st.integers(1, 7), st.sampled_from(["", "-"])),
    )
    return st.one_of(shift, current, position)


@given(st.lists(_term_texts(), min_size=1, max_size=5))
def test_canonical_text_round_trips(terms):
    text = terms[0] + "".join(t if t.startswith("-") else "+" + t for t in terms[1:])
    formula = parse(text)
    assert len(formula.terms) == len(terms)
    assert parse(str(formula)) == formula
    assert parse(text.lower()) == formula


@given(st.text())
def test_parse_raises_only_formula_errors(text):
    try:
        parse(text)
    except DateFormulaError as err:
        assert 0 <= err.position <= len(text)
        assert err.formula == text


@given(st.text(alphabet="0123456789DWMQYCdwmqyc+- X*", max_size=12))
def test_parse_raises_only_formula_errors_on_near_formulas(text):
    try:
        formula = parse(text)
    except DateFormulaError as err:
        assert 0 <= err.position <= len(text)
    else:
        assert parse(str(formula)) == formula
