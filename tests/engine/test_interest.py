# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Finance charge interest (engine/interest.py): hand-computed cases (an
average daily balance written out day by day, a rate change), the items that
bear none, the terms' validation, and property tests."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_collections_automation.engine import dates
from account_collections_automation.engine.errors import ConfigError, FormulaConfigError
from account_collections_automation.engine.interest import (
    AVERAGE_DAILY_BALANCE,
    BALANCE_DUE,
    FinanceChargeTerms,
    InterestItem,
    MemoProposal,
    RatePeriod,
    Skip,
    item_interest,
    propose_memo,
    validate_terms,
)

D = Decimal


def test_average_daily_balance_by_hand():
    """1,000.00 due on 31 January 2024, 400.00 paid on 10 February, 100.00 on
    20 February; the memo of 1 March 2024, 10% per 360 days.

    The days charged are 1 February to 1 March: 30 days (2024 is a leap year).
    A payment lowers the balance from its own day on:

    - 1 to 9 February, 9 days at 1,000.00:  9,000.00
    - 10 to 19 February, 10 days at 600.00: 6,000.00
    - 20 February to 1 March, 11 days at 500.00: 5,500.00

    Sum of the daily balances 20,500.00; average daily balance 20,500 / 30 =
    683.33; interest 20,500 x 10% / 360 = 5.6944... = 5.69. With the balance
    due (500.00 on the memo's date): 500 x 30 x 10% / 360 = 4.1666... = 4.17.
    """
    item = InterestItem(1, date(2024, 1, 31), D("500.00"),
                        payments=((date(2024, 2, 10), D("400.00")),
                                  (date(2024, 2, 20), D("100.00"))))
    adb_terms = FinanceChargeTerms(1, D(10), 360, method=AVERAGE_DAILY_BALANCE)
    result = item_interest(adb_terms, item, date(2024, 3, 1))
    assert result.start == date(2024, 1, 31)
    assert result.days == 30
    assert result.base == D("683.33")
    assert result.amount == D("5.69")
    assert len(result.parts) == 1
    assert result.parts[0].date_from == date(2024, 2, 1)
    assert result.parts[0].date_to == date(2024, 3, 1)
    assert result.parts[0].rate == D(10)

    due_terms = FinanceChargeTerms(1, D(10), 360, method=BALANCE_DUE)
    result = item_interest(due_terms, item, date(2024, 3, 1))
    assert (result.days, result.base, result.amount) == (30, D("500.00"), D("4.17"))


def test_rate_change_by_hand():
    """2,000.00 due on 15 February 2024; 6% a year (365 days) until a rate line
    of 12% from 1 March; the memo of 31 March 2024, balance due.

    16 to 29 February: 14 days at 6%: 2,000 x 6% x 14 / 365 = 4.6027...
    1 to 31 March: 31 days at 12%: 2,000 x 12% x 31 / 365 = 20.3835...
    Total 24.9863... = 24.99 over 45 days.
    """
    terms = FinanceChargeTerms(1, D(6), 365, rates=(RatePeriod(date(2024, 3, 1), D(12)),))
    result = item_interest(terms, InterestItem(1, date(2024, 2, 15), D(2000)),
                           date(2024, 3, 31))
    assert result.days == 45
    assert result.amount == D("24.99")
    assert [(p.date_from, p.date_to, p.days, p.rate) for p in result.parts] == [
        (date(2024, 2, 16), date(2024, 2, 29), 14, D(6)),
        (date(2024, 3, 1), date(2024, 3, 31), 31, D(12)),
    ]
    assert result.parts[0].amount.quantize(D("0.0001")) == D("4.6027")
    assert result.parts[1].amount.quantize(D("0.0001")) == D("20.3836")


def test_rate_period_with_end_falls_back_to_terms_rate():
    """A rate line of 20% from 1 to 10 March, then the terms' 5% again:
    1,000.00 due on 29 February, memo of 20 March 2024, 100 days a period.
    10 days at 20%: 20.00; 10 days at 5%: 5.00."""
    terms = FinanceChargeTerms(1, D(5), 100, rates=(
        RatePeriod(date(2024, 3, 1), D(20), date(2024, 3, 10)),))
    result = item_interest(terms, InterestItem(1, date(2024, 2, 29), D(1000)),
                           date(2024, 3, 20))
    assert [(p.days, p.rate, p.amount) for p in result.parts] == [
        (10, D(20), D(20)), (10, D(5), D(5))]
    assert result.amount == D("25.00")


@pytest.mark.parametrize("changes, reason", [
    ({"on_hold": True}, "on_hold"),
    ({"status": "disputed"}, "disputed"),
    ({"status": "promised"}, "promised"),
    ({"due_date": date(2024, 3, 1)}, "not_due"),
    ({"due_date": date(2024, 4, 1)}, "not_due"),
    ({"line_fee": True}, "line_fee"),
    ({"charged_to": date(2024, 3, 1)}, "charged"),
    ({"residual": D(0)}, "paid"),
])
def test_items_without_interest(changes, reason):
    values = {"move_line_id": 1, "due_date": date(2024, 1, 31), "residual": D(1000)}
    values.update(changes)
    terms = FinanceChargeTerms(1, D(10), 360)
    result = item_interest(terms, InterestItem(**values), date(2024, 3, 1))
    assert (result.amount, result.days, result.reason) == (D(0), 0, reason)


def test_line_fees_bear_interest_when_the_terms_say_so():
    terms = FinanceChargeTerms(1, D(36), 360, line_fees_bear_interest=True)
    fee = InterestItem(1, date(2024, 1, 31), D(100), line_fee=True)
    assert item_interest(terms, fee, date(2024, 3, 1)).amount == D("3.00")


def test_grace_period_and_previous_memo():
    """Grace 5D: nothing on 5 February; on 6 February the 6 days since the
    due date. A memo already charged up to 15 February: from the 16th."""
    terms = FinanceChargeTerms(1, D(36), 360, grace_period="5D")
    item = InterestItem(1, date(2024, 1, 31), D(1000))
    assert item_interest(terms, item, date(2024, 2, 5)).reason == "grace"
    assert item_interest(terms, item, date(2024, 2, 6)).amount == D("6.00")
    charged = InterestItem(1, date(2024, 1, 31), D(1000), charged_to=date(2024, 2, 15))
    result = item_interest(terms, charged, date(2024, 2, 25))
    assert (result.start, result.days, result.amount) == (date(2024, 2, 15), 10, D("10.00"))


def test_memo_proposal_minimum_and_due_date():
    terms = FinanceChargeTerms(7, D(36), 360, minimum_amount=D(10), due_date_formula="CM")
    items = [InterestItem(1, date(2024, 1, 31), D(1000)),
             InterestItem(2, date(2024, 2, 20), D(500), status="disputed")]
    memo = propose_memo(terms, items, date(2024, 2, 10))
    assert isinstance(memo, MemoProposal)
    assert [(line.move_line_id, line.amount) for line in memo.lines] == [(1, D("10.00"))]
    assert (memo.terms_id, memo.interest_amount, memo.due_date) == (7, D("10.00"),
                                                                     date(2024, 2, 29))
    assert propose_memo(terms, items, date(2024, 2, 9)) == Skip("below_minimum")
    assert propose_memo(terms, items[1:], date(2024, 3, 1)) == Skip("no_interest")


@pytest.mark.parametrize("terms, field, value, rule", [
    (FinanceChargeTerms(1, D(-1)), "interest_rate", D(-1), "negative"),
    (FinanceChargeTerms(1, D(5), minimum_amount=D("-0.01")), "minimum_amount", D("-0.01"),
     "negative"),
    (FinanceChargeTerms(1, D(5), 0), "interest_period_days", 0, "below_one"),
    (FinanceChargeTerms(1, D(5), method="compound"), "method", "compound", "unknown"),
    (FinanceChargeTerms(1, D(5), rates=(RatePeriod(date(2024, 1, 1), D(-2)),)), "rate",
     D(-2), "negative"),
    (FinanceChargeTerms(1, D(5), rates=(RatePeriod(date(2024, 1, 1), D(2)),
                                        RatePeriod(date(2024, 1, 1), D(3)))),
     "date_from", date(2024, 1, 1), "overlap"),
    (FinanceChargeTerms(1, D(5), rates=(RatePeriod(date(2024, 1, 1), D(2), date(2024, 3, 1)),
                                        RatePeriod(date(2024, 2, 1), D(3)))),
     "date_from", date(2024, 2, 1), "overlap"),
    (FinanceChargeTerms(1, D(5), rates=(RatePeriod(date(2024, 3, 1), D(2), date(2024, 2, 1)),)),
     "date_to", date(2024, 2, 1), "before_start"),
])
def test_validation_names_field_and_value(terms, field, value, rule):
    with pytest.raises(ConfigError) as caught:
        validate_terms(terms)
    assert (caught.value.field, caught.value.value, caught.value.rule) == (field, value, rule)
    assert str(value) in str(caught.value)


@pytest.mark.parametrize("name", ["grace_period", "due_date_formula"])
def test_validation_of_date_formulas(name):
    with pytest.raises(FormulaConfigError) as caught:
        validate_terms(FinanceChargeTerms(1, D(5), **{name: "CM+2X"}))
    assert (caught.value.field, caught.value.value, caught.value.position) == (name, "CM+2X", 4)


def test_adjacent_rate_periods_are_accepted():
    validate_terms(FinanceChargeTerms(1, D(5), rates=(
        RatePeriod(date(2024, 1, 1), D(2), date(2024, 1, 31)),
        RatePeriod(date(2024, 2, 1), D(3)))))


# --- properties -------------------------------------------------------------------

BASE = date(2024, 1, 1)
days = st.integers(min_value=0, max_value=400)
amounts = st.decimals(min_value=D("0.01"), max_value=D(100000), places=2)
rates = st.decimals(min_value=D(0), max_value=D(50), places=2)


@st.composite
def terms_strategy(draw, method=None):
    starts = sorted(set(draw(st.lists(days, max_size=4))))
    periods = tuple(RatePeriod(BASE + timedelta(days=start), draw(rates)) for start in starts)
    return FinanceChargeTerms(
        1, draw(rates), draw(st.integers(min_value=1, max_value=400)),
        method=method or draw(st.sampled_from([BALANCE_DUE, AVERAGE_DAILY_BALANCE])),
        rates=periods, grace_period=f"{draw(st.integers(min_value=0, max_value=30))}D")


@st.composite
def item_strategy(draw):
    due = BASE + timedelta(days=draw(days))
    residual = draw(amounts)
    payments = tuple((due + timedelta(days=draw(st.integers(min_value=1, max_value=200))),
                      draw(amounts)) for _ in range(draw(st.integers(min_value=0, max_value=4))))
    return InterestItem(1, due, residual, payments=payments)


@given(terms_strategy(), item_strategy(), days)
def test_interest_is_never_negative(terms, item, offset):
    result = item_interest(terms, item, BASE + timedelta(days=offset))
    assert result.amount >= 0
    assert all(part.amount >= 0 for part in result.parts)


@given(terms_strategy(), item_strategy(), st.integers(min_value=-30, max_value=0))
def test_no_interest_before_the_grace_period_ends(terms, item, before):
    as_of = dates.apply(terms.grace_period, item.due_date) + timedelta(days=before)
    result = item_interest(terms, item, as_of)
    assert result.amount == 0
    assert result.reason in ("not_due", "grace")


@given(terms_strategy(method=BALANCE_DUE), item_strategy(), days)
def test_average_daily_balance_never_below_balance_due(terms, item, offset):
    """Only payments lower the balance: each day's balance is at least the
    balance due on the memo's date."""
    as_of = BASE + timedelta(days=offset)
    due = item_interest(terms, item, as_of)
    adb_terms = FinanceChargeTerms(**{**terms.__dict__, "method": AVERAGE_DAILY_BALANCE})
    adb = item_interest(adb_terms, item, as_of)
    assert adb.amount >= due.amount
    assert adb.days == due.days


@given(terms_strategy(), item_strategy(), days)
def test_parts_cover_the_days_once(terms, item, offset):
    result = item_interest(terms, item, BASE + timedelta(days=offset))
    assert sum(part.days for part in result.parts) == result.days
    for before, after in zip(result.parts, result.parts[1:], strict=False):
        assert after.date_from == before.date_to + timedelta(days=1)
