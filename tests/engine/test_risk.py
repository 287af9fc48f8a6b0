# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_collections_automation.engine.risk import RiskScore, risk_score


def score(balance, overdue, credit_limit, avg_days_late, **kwargs):
    return risk_score(
        Decimal(balance), Decimal(overdue), Decimal(credit_limit), avg_days_late, **kwargs
    )


def test_no_risk():
    risk = score(0, 0, 1000, 0.0)
    assert risk == RiskScore(
        0,
        {"overdue_share": 0, "days_late": 0, "credit_use": 0},
        (
            "nothing is owed: 0 of 40 points",
            "pays on time on average: 0 of 35 points",
            "the balance uses 0% of the credit limit: 0 of 25 points",
        ),
    )


def test_maximum_risk():
    risk = score(3000, 3000, 1000, 200.0)
    assert risk.score == 100
    assert risk.parts == {"overdue_share": 40, "days_late": 35, "credit_use": 25}
    assert risk.reasons == (
        "100% of the balance is overdue: 40 of 40 points",
        "pays 200.0 days late on average: 35 of 35 points",
        "the balance uses 300% of the credit limit: 25 of 25 points",
    )


def test_parts_are_proportional():
    risk = score(1000, 250, 1500, 30.0)
    # 40 * 0.25 = 10; 35 * 30 / 90 = 11.67; 25 * (1000 / 1500) / 1.5 = 11.11
    assert risk.parts == {"overdue_share": 10, "days_late": 12, "credit_use": 11}
    assert risk.score == 33


def test_no_credit_limit():
    risk = score(1000, 0, 0, 0.0)
    assert risk.parts["credit_use"] == 0
    assert risk.reasons[2] == "no credit limit set: 0 of 25 points"


def test_overdue_beyond_the_balance_is_capped():
    # Unapplied credit notes lower the balance below the overdue amount.
    assert score(100, 400, 0, 0.0).parts["overdue_share"] == 40


def test_early_payers_get_no_days_late_points():
    risk = score(100, 0, 0, -12.0)
    assert risk.parts["days_late"] == 0
    assert risk.reasons[1] == "pays on time on average: 0 of 35 points"


def test_custom_weights_and_caps():
    risk = score(1000, 500, 1000, 30.0, weights=(50, 50, 0), days_late_cap=30, credit_use_cap=1.0)
    assert risk.parts == {"overdue_share": 25, "days_late": 50, "credit_use": 0}
    assert risk.reasons[2] == "the balance uses 100% of the credit limit: 0 of 0 points"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"weights": (50, 50, 10)}, "weights"),
        ({"weights": (-1, 50, 10)}, "weights"),
        ({"weights": (50, 50)}, "weights"),
        ({"days_late_cap": 0}, "days_late_cap"),
        ({"credit_use_cap": 0}, "credit_use_cap"),
    ],
)
def test_bad_parameters(kwargs, field):
    with pytest.raises(ValueError, match=field):
        score(100, 50, 100, 3.0, **kwargs)


def test_nan_days_late():
    with pytest.raises(ValueError, match="avg_days_late"):
        score(100, 50, 100, float("nan"))


amounts = st.decimals(min_value=-10_000, max_value=100_000, places=2)
days_late = st.floats(min_value=-100, max_value=1000, allow_nan=False)


@given(amounts, amounts, amounts, days_late)
def test_score_is_within_0_and_100_and_sums_its_parts(balance, overdue, credit_limit, avg):
    risk = risk_score(balance, overdue, credit_limit, avg)
    assert 0 <= risk.score <= 100
    assert risk.score == sum(risk.parts.values())
    assert set(risk.parts) == {"overdue_share", "days_late", "credit_use"}
    assert 0 <= risk.parts["overdue_share"] <= 40
    assert 0 <= risk.parts["days_late"] <= 35
    assert 0 <= risk.parts["credit_use"] <= 25
    assert len(risk.reasons) == 3


@given(amounts, amounts, amounts, amounts, days_late)
def test_monotone_in_overdue(balance, overdue, more, credit_limit, avg):
    low, high = sorted((overdue, more))
    assert (
        risk_score(balance, low, credit_limit, avg).score
        <= risk_score(balance, high, credit_limit, avg).score
    )


@given(amounts, amounts, amounts, days_late, days_late)
def test_monotone_in_days_late(balance, overdue, credit_limit, avg, other):
    low, high = sorted((avg, other))
    assert (
        risk_score(balance, overdue, credit_limit, low).score
        <= risk_score(balance, overdue, credit_limit, high).score
    )
