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
        {"overdue_share": 0, "days_late": 0, "credit_use": 0, "bounced_payments": 0},
        (
            "nothing is owed: 0 of 40 points",
            "pays on time on average: 0 of 35 points",
            "the balance uses 0% of the credit limit: 0 of 25 points",
            "no bounced payment in the last year: 0 of 30 points",
        ),
    )


def test_maximum_risk():
    risk = score(3000, 3000, 1000, 200.0)
    assert risk.score == 100
    assert risk.parts == {"overdue_share": 40, "days_late": 35, "credit_use": 25,
                          "bounced_payments": 0}
    assert risk.reasons[:3] == (
        "100% of the balance is overdue: 40 of 40 points",
        "pays 200.0 days late on average: 35 of 35 points",
        "the balance uses 300% of the credit limit: 25 of 25 points",
    )


def test_parts_are_proportional():
    risk = score(1000, 250, 1500, 30.0)
    # 40 * 0.25 = 10; 35 * 30 / 90 = 11.67; 25 * (1000 / 1500) / 1.5 = 11.11
    assert risk.parts == {"overdue_share": 10, "days_late": 12, "credit_use": 11,
                          "bounced_payments": 0}
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
    assert risk.parts == {"overdue_share": 25, "days_late": 50, "credit_use": 0,
                          "bounced_payments": 0}
    assert risk.reasons[2] == "the balance uses 100% of the credit limit: 0 of 0 points"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"weights": (50, 50, 10)}, "weights"),
        ({"weights": (-1, 50, 10)}, "weights"),
        ({"weights": (50, 50)}, "weights"),
        ({"days_late_cap": 0}, "days_late_cap"),
        ({"credit_use_cap": 0}, "credit_use_cap"),
        ({"bounced_payments": -1}, "bounced_payments"),
        ({"bounced_payments": 1.5}, "bounced_payments"),
        ({"bounced_points": -5}, "bounced_points"),
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
    assert set(risk.parts) == {"overdue_share", "days_late", "credit_use", "bounced_payments"}
    assert 0 <= risk.parts["overdue_share"] <= 40
    assert 0 <= risk.parts["days_late"] <= 35
    assert 0 <= risk.parts["credit_use"] <= 25
    assert risk.parts["bounced_payments"] == 0
    assert len(risk.reasons) == 4


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


# --- bounced payments (NSF) ---------------------------------------------------------


def test_a_bounced_payment_adds_points():
    risk = score(1000, 500, 2000, 45.0, bounced_payments=1)
    assert risk.parts == {"overdue_share": 20, "days_late": 18, "credit_use": 8,
                          "bounced_payments": 15}
    assert risk.score == 61
    assert risk.reasons[3] == "1 bounced payment(s) in the last year: 15 of 30 points"


def test_bounced_points_are_capped():
    assert score(1000, 0, 0, 0.0, bounced_payments=5).parts["bounced_payments"] == 30


def test_bounced_part_gives_way_at_100():
    risk = score(3000, 3000, 1000, 200.0, bounced_payments=2)
    assert risk.score == 100
    assert risk.parts["bounced_payments"] == 0
    risk = score(3000, 3000, 0, 200.0, bounced_payments=2)
    assert risk.parts == {"overdue_share": 40, "days_late": 35, "credit_use": 0,
                          "bounced_payments": 25}
    assert risk.score == 100


def test_nsf_scenario_raises_the_score():
    """What an NSF does to the facts (the 83 -> 74 of the issue): the reopened
    invoice leaves the days-late average and raises the balance; the bounced
    payment must still leave the score higher than before."""
    before = score(2000, 1500, 2500, 60.0)
    after = score(3000, 2500, 2500, 30.0, bounced_payments=1)
    assert after.score > before.score


bounces = st.integers(min_value=0, max_value=10)


@given(amounts, amounts, amounts, days_late, bounces)
def test_bounced_score_within_0_and_100_and_sums_its_parts(balance, overdue, limit, avg, count):
    risk = risk_score(balance, overdue, limit, avg, bounced_payments=count)
    assert 0 <= risk.score <= 100
    assert risk.score == sum(risk.parts.values())
    assert 0 <= risk.parts["bounced_payments"] <= 30


@given(amounts, amounts, amounts, days_late, bounces, bounces)
def test_monotone_in_bounced_payments(balance, overdue, limit, avg, count, other):
    low, high = sorted((count, other))
    low_risk = risk_score(balance, overdue, limit, avg, bounced_payments=low)
    high_risk = risk_score(balance, overdue, limit, avg, bounced_payments=high)
    assert low_risk.score <= high_risk.score
    if low < high and low_risk.score + 15 <= 100 and low < 2:
        assert high_risk.score > low_risk.score
