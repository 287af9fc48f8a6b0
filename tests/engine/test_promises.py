# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Promise to pay: kept, broken or pending."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_collections_automation.engine.promises import promise_state

PROMISE = date(2024, 3, 10)


@pytest.mark.parametrize(
    "paid, today, expected",
    [
        (None, date(2024, 3, 1), "pending"),
        (None, PROMISE, "pending"),  # the promised day itself: still time
        (None, date(2024, 3, 11), "broken"),
        (date(2024, 3, 5), date(2024, 3, 20), "kept"),
        (PROMISE, date(2024, 3, 20), "kept"),
        (date(2024, 3, 11), date(2024, 3, 20), "broken"),  # paid, but late
        (date(2024, 3, 11), date(2024, 3, 1), "broken"),  # whatever today is
    ],
)
def test_promise_state(paid, today, expected):
    assert promise_state(PROMISE, paid, today) == expected


def test_no_promise_no_state():
    assert promise_state(None, date(2024, 3, 1), date(2024, 3, 1)) is None


DAYS = st.integers(min_value=-30, max_value=30).map(lambda n: PROMISE + timedelta(days=n))


@given(st.one_of(st.none(), DAYS), DAYS, DAYS)
def test_a_kept_or_broken_promise_stays_so(paid, today, later):
    """As days pass a promise only goes from pending to kept or broken, never back."""
    if later < today:
        today, later = later, today
    before, after = promise_state(PROMISE, paid, today), promise_state(PROMISE, paid, later)
    assert before == after or before == "pending"
    assert (before == "kept") == (paid is not None and paid <= PROMISE)
