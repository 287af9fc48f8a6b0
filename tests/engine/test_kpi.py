# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Collections KPIs (engine/kpi.py) on a small hand-made ledger, each figure
computed by hand in the comments."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_collections_automation.engine import kpi

D = Decimal

# A hand-made ledger of one customer, as of 2024-03-31 (aging boundaries 30, 60):
#   invoice A: 2024-01-10, 1,000, due 2024-02-09, paid 400 -> 600 open, 51 days overdue
#   invoice B: 2024-02-15,   800, due 2024-03-16, open     -> 800 open, 15 days overdue
#   invoice C: 2024-03-20,   500, due 2024-04-19, open     -> 500 open, current
#   payment P: 2024-03-25,  -100, unreconciled, ages from 2024-03-25 (6 days) -> 1-30
# Credit sales: January 1,000, February 800, March 500.
AS_OF = date(2024, 3, 31)
OPEN_ITEMS = [
    (date(2024, 2, 9), D("600")),
    (date(2024, 3, 16), D("800")),
    (date(2024, 4, 19), D("500")),
    (date(2024, 3, 25), D("-100")),
]
SALES = {1: D("1000"), 2: D("800"), 3: D("500")}
# Opening (2024-02-29): A 1,000 (the 400 were paid in March) + B 800 = 1,800,
# of which current B 800 (due 2024-03-16), overdue A 1,000.
OPENING = D("1800")


def periods(as_of, count):
    return [((end - start).days + 1, SALES.get(start.month, D(0)))
            for start, end in kpi.month_periods(as_of, count)]


def test_receivables_summary_by_hand():
    summary = kpi.receivables_summary(OPEN_ITEMS, AS_OF, (30, 60))
    # current: C 500; 1-30: B 800 - P 100 = 700; 31-60: A 600; over 60: 0
    assert summary.buckets == (D("500"), D("700"), D("600"), D("0"))
    assert summary.total == D("1800")
    assert summary.current == D("500")
    assert summary.overdue == D("1300")


def test_countback_dso_by_hand():
    # 1,800 owed: March's 500 used up (31 days), February's 800 used up (29
    # days), 500 of January's 1,000 (31 days x 0.5 = 15.5): 75.5 days.
    assert periods(AS_OF, 3) == [(31, D("500")), (29, D("800")), (31, D("1000"))]
    assert kpi.countback_dso(D("1800"), periods(AS_OF, 3)) == D("75.50")


def test_best_possible_dso_by_hand():
    # 500 current: all of March's 500 sold in 31 days: 31 days.
    assert kpi.best_possible_dso(D("500"), periods(AS_OF, 3)) == D("31.00")
    # 400 current would be 400 of March's 500: 31 x 0.8 = 24.8 days.
    assert kpi.best_possible_dso(D("400"), periods(AS_OF, 3)) == D("24.80")


def test_average_days_delinquent_by_hand():
    # 75.5 - 31
    assert kpi.average_days_delinquent(D("75.50"), D("31.00")) == D("44.50")


def test_cei_by_hand():
    # March: opening 1,800 + sales 500 - closing 1,800 = 500 collected (the
    # 400 paid on A and the 100 unreconciled payment); could have been
    # 1,800 + 500 - 500 current = 1,800: 500 / 1,800 = 27.777...% -> 27.78
    assert kpi.cei(OPENING, SALES[3], D("1800"), D("500")) == D("27.78")


def test_cei_division_by_zero_is_none():
    # nothing opening, nothing overdue at the close: nothing could be collected
    assert kpi.cei(D(0), D("300"), D("300"), D("300")) is None


def test_countback_history_too_short_is_none():
    assert kpi.countback_dso(D("2400"), periods(AS_OF, 3)) is None
    assert kpi.countback_dso(D("2300"), periods(AS_OF, 3)) == D("91.00")  # exactly all
    assert kpi.average_days_delinquent(None, D("1")) is None


def test_countback_skips_a_month_without_sales():
    # nothing sold in March: its 31 days count in full, then 200 of
    # February's 800 (29 x 0.25 = 7.25)
    assert kpi.countback_dso(D("200"), [(31, D(0)), (29, D("800"))]) == D("38.25")
    # a month with more credit notes than invoices counts as no sales
    assert kpi.countback_dso(D("200"), [(31, D("-50")), (29, D("800"))]) == D("38.25")


def test_no_receivables_is_zero_days():
    assert kpi.countback_dso(D(0), []) == D("0.00")
    assert kpi.countback_dso(D("-10"), [(31, D(0))]) == D("0.00")


def test_mid_month_period_counts_its_days_so_far():
    assert kpi.month_periods(date(2024, 3, 10), 2) == [
        (date(2024, 3, 1), date(2024, 3, 10)), (date(2024, 2, 1), date(2024, 2, 29))]
    # 150 of the 300 sold in the 10 days of March so far: 5 days
    assert kpi.countback_dso(D("150"), [(10, D("300")), (29, D("800"))]) == D("5.00")


@pytest.mark.parametrize("buckets, folded", [
    ([D(1), D(2), D(3), D(4), D(5), D(6)], [D(2), D(3), D(4), D(5), D(6)]),
    ([D(1), D(2), D(3)], [D(2), D(3), D(0), D(0), D(0)]),
    ([D(1), D(2), D(3), D(4), D(5), D(6), D(7)], [D(2), D(3), D(4), D(5), D(13)]),
])
def test_fold_buckets(buckets, folded):
    assert kpi.fold_buckets(buckets) == folded


amounts = st.decimals(min_value=0, max_value=10**7, places=2)


@given(total=amounts, share=st.decimals(min_value=0, max_value=1, places=2),
       sales=st.lists(st.tuples(st.integers(1, 31), amounts), min_size=1, max_size=13))
def test_add_is_never_negative(total, share, sales):
    current = (total * share).quantize(D("0.01"))
    dso = kpi.countback_dso(total, sales)
    best = kpi.best_possible_dso(current, sales)
    add = kpi.average_days_delinquent(dso, best)
    if dso is not None:
        assert best is not None
        assert add >= 0
        assert dso <= sum(D(days) for days, _sales in sales)


def test_attribute_collected_by_hand():
    # customer 1: a call on 1 March, a letter on 10 March, a reminder level on 10
    # March listed after it; customer 2: nothing.
    touches = {1: [(date(2024, 3, 1), ("step", 11)), (date(2024, 3, 10), ("step", 12)),
                   (date(2024, 3, 10), ("level", 1))]}
    payments = [
        (1, date(2024, 2, 29), D("50")),    # before any touch
        (1, date(2024, 3, 1), D("100")),    # the day of the call: after it
        (1, date(2024, 3, 9), D("25.50")),  # still after the call
        (1, date(2024, 3, 31), D("200")),   # after the letter and the level of 10 March
        (2, date(2024, 3, 15), D("70")),    # never touched
    ]
    assert kpi.attribute_collected(payments, touches) == {
        None: D("120"), ("step", 11): D("125.50"), ("level", 1): D("200")}
    # the sum is kept
    assert sum(kpi.attribute_collected(payments, touches).values()) == D("445.50")
    assert kpi.attribute_collected([], touches) == {}


def test_trend_by_hand():
    # DSO from 75.5 at the start of the window to 60.25 now: 15.25 days fewer, better
    assert kpi.trend([D("75.5"), D("70"), None, D("60.25")]) == (D("-15.25"), True)
    # CEI from 40 to 55: 15 points more, better
    assert kpi.trend([D("40"), D("55")], lower_is_better=False) == (D("15"), True)
    # overdue up by 200: worse
    assert kpi.trend([D("1000"), D("1200")]) == (D("200"), False)
    assert kpi.trend([D("1000")]) == (None, None)
    assert kpi.trend([]) == (None, None)
