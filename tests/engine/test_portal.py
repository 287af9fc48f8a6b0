# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_collections_automation.engine import portal

DAY = datetime.date(2026, 3, 1)


@pytest.mark.parametrize("text, expected", [
    ("100", Decimal("100")), ("1 250,75", Decimal("1250.75")), ("0.5", Decimal("0.5")),
    ("-3", Decimal("-3")),
])
def test_parse_amount(text, expected):
    assert portal.parse_amount("promise_amount", text) == expected


@pytest.mark.parametrize("text, rule", [
    ("", "required"), ("   ", "required"), (None, "required"), ("abc", "not_amount"),
    ("1e9", "not_amount"), ("NaN", "not_amount"), ("1.2.3", "not_amount"), ("--1", "not_amount"),
])
def test_parse_amount_refuses(text, rule):
    with pytest.raises(portal.PortalError) as caught:
        portal.parse_amount("promise_amount", text)
    assert (caught.value.field, caught.value.value, caught.value.rule) == (
        "promise_amount", text, rule)


@pytest.mark.parametrize("text, rule", [
    ("", "required"), ("2026-02-30", "not_date"), ("01/03/2026", "not_date"),
    ("tomorrow", "not_date"),
])
def test_parse_date_refuses(text, rule):
    with pytest.raises(portal.PortalError) as caught:
        portal.parse_date("promise_date", text)
    assert (caught.value.field, caught.value.rule) == ("promise_date", rule)


@given(st.integers(min_value=1, max_value=400), st.integers(min_value=-10, max_value=500))
def test_horizon_is_inclusive(horizon, offset):
    promised = DAY + datetime.timedelta(days=offset)
    if offset > horizon:
        with pytest.raises(portal.PortalError) as caught:
            portal.check_promise_horizon(promised, DAY, horizon)
        assert caught.value.rule == "beyond_horizon"
        assert caught.value.value == promised
    else:
        assert portal.check_promise_horizon(promised, DAY, horizon) is None


def test_no_horizon():
    assert portal.check_promise_horizon(DAY + datetime.timedelta(days=9999), DAY, 0) is None


@given(st.integers(min_value=0, max_value=100), st.integers(min_value=-5, max_value=100))
def test_rate_limit_allows_exactly_bound_per_hour(attempts, bound):
    assert portal.rate_limited(attempts, bound) == (attempts >= max(bound, 0))
