# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import dataclasses
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_collections_automation.engine.errors import ConfigError
from account_collections_automation.engine.worklist import (
    FACTORS,
    CustomerFacts,
    Weights,
    priority,
    validate_weights,
    worklist,
)


def test_score_by_hand():
    # 10000 overdue: 10000 / 15000 * 25 = 16.667; 120 days: 20; risk 80: 12;
    # 2 broken promises: 2/3 * 15 = 10; 15 days since contact: 5; 1 activity: 1.667;
    # 6 days late predicted: 2. Sum 67.33.
    facts = CustomerFacts(9, Decimal(10000), 120, 80, 2, 15, 1, 6.0)
    result = priority(facts)
    assert result.score == Decimal("67.3")
    assert result.points == {
        "overdue_amount": Decimal("16.7"), "overdue_age": Decimal("20.0"),
        "risk": Decimal("12.0"), "broken_promises": Decimal("10.0"),
        "no_contact": Decimal("5.0"), "activities_due": Decimal("1.7"),
        "predicted_lateness": Decimal("2.0")}
    assert [str(reason) for reason in result.reasons] == [
        "oldest item 120 days overdue", "10000 overdue", "risk score 80"]
    assert result.reasons[0].message == "oldest item %(days)s days overdue"
    assert result.reasons[0].kwargs() == {"days": 120}


def test_custom_weights_change_the_order_and_the_reasons():
    promises = CustomerFacts(1, Decimal(100), 5, broken_promises=3, days_since_contact=10)
    big = CustomerFacts(2, Decimal(50000), 5, days_since_contact=10)
    assert [row.customer_id for row in worklist([promises, big])] == [2, 1]
    weights = Weights(broken_promises=60)
    rows = worklist([promises, big], weights)
    assert [row.customer_id for row in rows] == [1, 2]
    assert str(rows[0].reasons[0]) == "3 broken promise(s) to pay"


def test_never_contacted_and_zero_weights():
    facts = CustomerFacts(1, Decimal(1), 0)
    result = priority(facts, Weights(**{name: 0 for name in FACTORS}))
    assert result.score == 0
    assert result.reasons == ()
    result = priority(facts, Weights(**{name: 0 for name in FACTORS if name != "no_contact"}))
    assert result.score == Decimal("10.0")
    assert [str(reason) for reason in result.reasons] == ["never contacted"]


def test_who_is_left_out():
    rows = worklist([
        CustomerFacts(1, Decimal(0), 0, broken_promises=3),  # nothing overdue
        CustomerFacts(2, Decimal(10), 3, days_since_contact=0),  # contacted today
        CustomerFacts(3, Decimal(10), 3, days_since_contact=1),
    ])
    assert [row.customer_id for row in rows] == [3]
    assert worklist([CustomerFacts(i, Decimal(10), 3) for i in range(5)], limit=2)[1] \
        .customer_id == 1


@pytest.mark.parametrize("name", FACTORS)
def test_negative_weight_refused(name):
    with pytest.raises(ConfigError) as caught:
        Weights(**{name: -1})
    assert (caught.value.field, caught.value.value, caught.value.rule) == (name, -1, "negative")


def test_validator_names_the_setting():
    with pytest.raises(ConfigError) as caught:
        validate_weights({"collection_worklist_weight_risk": -0.5})
    assert caught.value.field == "collection_worklist_weight_risk"
    assert caught.value.value == -0.5
    assert "-0.5" in str(caught.value)
    with pytest.raises(ConfigError):
        validate_weights({"x": float("nan")})
    validate_weights({"x": 0, "y": Decimal("2.5")})


facts_strategy = st.builds(
    CustomerFacts,
    customer_id=st.integers(1, 50),
    overdue=st.decimals(min_value=0, max_value=10**7, places=2),
    oldest_overdue_days=st.integers(0, 400),
    risk_score=st.integers(0, 100),
    broken_promises=st.integers(0, 6),
    days_since_contact=st.one_of(st.none(), st.integers(0, 100)),
    activities_due=st.integers(0, 6),
    predicted_days_late=st.floats(0, 90, allow_nan=False),
)
weights_strategy = st.builds(
    Weights, **{name: st.decimals(min_value=0, max_value=100, places=1) for name in FACTORS})
GROW = {
    "overdue": lambda v, d: v + Decimal(d),
    "oldest_overdue_days": lambda v, d: v + d,
    "risk_score": lambda v, d: min(v + d, 100),
    "broken_promises": lambda v, d: v + d,
    "days_since_contact": lambda v, d: None if v is None else v + d,
    "activities_due": lambda v, d: v + d,
    "predicted_days_late": lambda v, d: v + d,
}


@given(facts_strategy, weights_strategy, st.sampled_from(sorted(GROW)), st.integers(0, 1000))
def test_score_never_falls_when_a_factor_grows(facts, weights, name, delta):
    grown = dataclasses.replace(facts, **{name: GROW[name](getattr(facts, name), delta)})
    assert priority(grown, weights).score >= priority(facts, weights).score


@given(st.lists(facts_strategy, max_size=20, unique_by=lambda f: f.customer_id),
       weights_strategy, st.randoms())
def test_order_is_deterministic(customers, weights, random):
    rows = worklist(customers, weights)
    shuffled = list(customers)
    random.shuffle(shuffled)
    assert worklist(shuffled, weights) == rows
    keys = [(-row.score, row.customer_id) for row in rows]
    assert keys == sorted(keys)
