# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_collections_automation.engine import statement
from account_collections_automation.engine.statement import Movement, OpenItem

D = Decimal


def test_period_statement_per_currency_in_company_currency_first():
    sections = statement.period_statement(
        date(2024, 3, 1), date(2024, 3, 31),
        {1: D("100.00"), 2: D("0")},
        [Movement(10, 2, date(2024, 3, 3), date(2024, 4, 2), "invoice", D("500.00")),
         Movement(11, 1, date(2024, 3, 4), date(2024, 3, 4), "credit_note", D("-30.00")),
         Movement(12, 1, date(2024, 3, 2), None, "payment", D("-70.00"))],
        [OpenItem(10, 2, date(2024, 3, 3), date(2024, 4, 2), D("500.00"), D("500.00")),
         OpenItem(9, 1, date(2024, 1, 1), date(2024, 1, 31), D("100.00"), D("0.00"))],
        (30, 60), currency_order=(1,))
    assert [s.currency_id for s in sections] == [1, 2]
    company, foreign = sections
    assert company.opening == D("100.00")
    # the lines by date: the payment of the 2nd before the credit note of the 4th
    assert [line.move_id for line in company.lines] == [12, 11]
    assert [line.balance for line in company.lines] == [D("30.00"), D("0.00")]
    assert company.closing == D("0.00") and company.credit == D("100.00")
    assert company.buckets == (D(0), D(0), D(0), D(0))
    assert foreign.opening == D(0) and foreign.closing == D("500.00")
    assert foreign.buckets == (D("500.00"), D(0), D(0), D(0))
    assert foreign.overdue == D(0)


def test_currency_without_anything_has_no_section():
    assert statement.period_statement(
        date(2024, 3, 1), date(2024, 3, 31), {1: D(0)}, [], []) == []
    assert statement.open_items_statement(date(2024, 3, 1), []) == []


def test_bad_period_names_the_dates():
    with pytest.raises(ValueError, match="2024-04-01 is after the end 2024-03-31"):
        statement.period_statement(date(2024, 4, 1), date(2024, 3, 31), {}, [], [])
    with pytest.raises(ValueError, match="start and an end"):
        statement.check_period(None, date(2024, 3, 31))


def test_period_from_formulas():
    assert statement.period_from_formulas(date(2024, 1, 1), "-CM-1M", "-CM-1D") == (
        date(2023, 12, 1), date(2023, 12, 31))
    with pytest.raises(ValueError, match="after the end"):
        statement.period_from_formulas(date(2024, 1, 10), "+5D", "")


def test_open_items_statement_days_and_buckets():
    items = [OpenItem(1, 1, date(2024, 1, 1), date(2024, 1, 1), D("10"), D("10")),
             OpenItem(2, 1, date(2024, 1, 1), date(2024, 5, 1), D("5"), D("5")),
             OpenItem(3, 1, date(2023, 1, 1), date(2023, 1, 1), D("7"), D("0"))]
    section, = statement.open_items_statement(date(2024, 4, 1), items, (30, 60),
                                              {1: "invoice", 2: "invoice"})
    assert [(line.move_id, line.days_overdue) for line in section.lines] == [(1, 91), (2, -30)]
    assert section.buckets == (D("5"), D(0), D(0), D("10"))
    assert section.closing == D("15") and section.overdue == D("10")


amounts = st.decimals(min_value=-10**6, max_value=10**6, places=2)
days = st.integers(min_value=0, max_value=400)


@given(st.lists(st.tuples(st.integers(1, 3), days, amounts), max_size=30),
       st.dictionaries(st.integers(1, 3), amounts),
       st.lists(st.tuples(st.integers(1, 3), days, amounts), max_size=30))
def test_balances_add_up(moves, openings, items):
    start = date(2024, 1, 1)
    end = start + timedelta(days=400)
    movements = [Movement(i, c, start + timedelta(days=n), None, "other", a)
                 for i, (c, n, a) in enumerate(moves)]
    open_items = [OpenItem(i, c, start, start + timedelta(days=n), a, a)
                  for i, (c, n, a) in enumerate(items)]
    sections = statement.period_statement(start, end, openings, movements, open_items)
    for section in sections:
        currency = section.currency_id
        assert section.closing == section.opening + sum(
            (m.amount for m in movements if m.currency_id == currency), D(0))
        assert section.closing == section.opening + section.debit - section.credit
        assert sum(section.buckets, D(0)) == sum(
            (i.residual for i in open_items if i.currency_id == currency), D(0))
        if section.lines:
            assert section.lines[-1].balance == section.closing
    stated = {s.currency_id for s in sections}
    assert stated >= {c for c, a in openings.items() if a} | {m.currency_id for m in movements}
