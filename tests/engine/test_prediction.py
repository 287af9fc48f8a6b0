# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_collections_automation.engine.prediction import (
    PaymentRecord,
    Prediction,
    predict,
)

START = date(2024, 1, 1)


def paid(day, days_late, amount=100):
    """An invoice due on day ``day`` of 2024, paid ``days_late`` days later."""
    due = START + timedelta(days=day)
    return PaymentRecord(due, due + timedelta(days=days_late), Decimal(amount))


def test_empty_history():
    prediction = predict([])
    assert prediction.sample_size == 0
    assert prediction.likely_late is False
    assert prediction.expected_days_late == 0.0
    assert prediction.trend == 0.0
    assert prediction.late_share == 0.0
    assert prediction.reasons == ("no paid invoices to learn from",)


def test_constant_lateness():
    prediction = predict([paid(day, 12) for day in range(0, 80, 10)])
    assert prediction.sample_size == 8
    assert prediction.expected_days_late == pytest.approx(12.0)
    assert prediction.trend == pytest.approx(0.0)
    assert prediction.late_share == 1.0
    assert prediction.likely_late is True
    assert prediction.reasons == (
        "paid 12.0 days late on average over 8 invoices",
        "no trend over the last 8 invoices",
        "8 of 8 invoices paid late (100% of the amount)",
        "projected 12.0 days late, over the 5-day tolerance",
    )


def test_recency_weighting_halves_every_half_life():
    # Most recent: 20 days late (weight 1); the one before: 0 (weight 1/2).
    prediction = predict([paid(0, 0), paid(10, 20)], half_life=1, min_samples=1)
    assert prediction.expected_days_late == pytest.approx(20 / 1.5)


def test_recency_is_by_paid_date_not_due_date():
    # The invoice due last was paid first: it is the older payment.
    early_due_paid_late = PaymentRecord(date(2024, 1, 1), date(2024, 3, 1), Decimal(1))
    late_due_paid_early = PaymentRecord(date(2024, 2, 1), date(2024, 2, 1), Decimal(1))
    prediction = predict([late_due_paid_early, early_due_paid_late], half_life=1)
    assert prediction.expected_days_late == pytest.approx(60 / 1.5)


def test_trend_is_the_least_squares_slope_over_the_window():
    history = [paid(day * 10, late) for day, late in enumerate([0, 0, 0, 2, 4, 6])]
    assert predict(history).trend == pytest.approx(22 / 17.5)
    assert predict(history, window=3).trend == pytest.approx(2.0)
    assert predict(history, window=1).trend == 0.0


def test_trend_pushes_a_worsening_payer_over_the_tolerance():
    history = [paid(day * 10, late) for day, late in enumerate([0, 2, 4, 6])]
    assert predict(history, trend_weight=0).likely_late is False
    prediction = predict(history)
    assert prediction.trend == pytest.approx(2.0)
    assert prediction.likely_late is True
    assert "paying 2.0 days later per invoice over the last 4 invoices" in prediction.reasons


def test_improving_trend_does_not_lower_the_projection():
    history = [paid(day * 10, late) for day, late in enumerate([30, 20, 10, 6])]
    prediction = predict(history)
    assert prediction.trend < 0
    assert prediction.likely_late is True
    assert any(reason.startswith("paying 8.2 days earlier") for reason in prediction.reasons)


def test_within_tolerance():
    prediction = predict([paid(day * 10, 3) for day in range(5)])
    assert prediction.likely_late is False
    assert prediction.reasons[-1] == "projected 3.0 days late, within the 5-day tolerance"
    assert predict([paid(day * 10, 3) for day in range(5)], tolerance_days=2).likely_late


def test_too_few_samples():
    prediction = predict([paid(0, 40), paid(10, 40)])
    assert prediction.sample_size == 2
    assert prediction.likely_late is False
    assert prediction.reasons[-1] == "2 of 3 invoices needed for a prediction"
    assert predict([paid(0, 40), paid(10, 40)], min_samples=2).likely_late is True


def test_late_share_is_amount_weighted():
    history = [paid(0, 10, amount=300), paid(10, -2, amount=100), paid(20, 0, amount=600)]
    prediction = predict(history)
    assert prediction.late_share == pytest.approx(0.3)
    assert "1 of 3 invoices paid late (30% of the amount)" in prediction.reasons


def test_late_share_by_count_when_amounts_are_zero():
    history = [paid(0, 10, amount=0), paid(10, -2, amount=0)]
    assert predict(history).late_share == 0.5


def test_early_payers_with_rising_trend_are_not_late():
    history = [paid(day * 10, late) for day, late in enumerate([-30, -20, -10, -1])]
    prediction = predict(history, tolerance_days=0)
    assert prediction.trend > 0
    assert prediction.likely_late is False
    assert prediction.reasons[0] == "paid 13.6 days early on average over 4 invoices"
    assert prediction.reasons[-1] == "never paid late"


def test_on_time_wording():
    prediction = predict([paid(0, 0)])
    assert prediction.reasons[0] == "paid on the due date on average over 1 invoice"


def test_reasons_are_deterministic():
    history = [paid(day * 7, (day * 13) % 17 - 5) for day in range(12)]
    assert predict(history) == predict(list(reversed(history)))


@pytest.mark.parametrize(
    "kwargs",
    [{"half_life": 0}, {"window": 0}, {"min_samples": -1}],
)
def test_bad_parameters(kwargs):
    name = next(iter(kwargs))
    with pytest.raises(ValueError, match=name):
        predict([paid(0, 1)], **kwargs)


def test_prediction_is_frozen():
    prediction = predict([])
    assert isinstance(prediction, Prediction)
    with pytest.raises(AttributeError):
        prediction.likely_late = True


# --- properties ---------------------------------------------------------------

records = st.builds(
    lambda due, late, amount: PaymentRecord(
        START + timedelta(days=due), START + timedelta(days=due + late), Decimal(amount)
    ),
    st.integers(0, 400),
    st.integers(-60, 120),
    st.integers(0, 10_000),
)
histories = st.lists(records, max_size=25)
settings_ = st.fixed_dictionaries(
    {
        "tolerance_days": st.integers(-10, 30),
        "min_samples": st.integers(0, 6),
        "half_life": st.integers(1, 10),
        "window": st.integers(1, 15),
        "trend_weight": st.floats(0, 10),
    }
)


@given(histories, st.randoms(use_true_random=False), settings_)
def test_permutation_gives_the_same_result(history, random, kwargs):
    shuffled = list(history)
    random.shuffle(shuffled)
    assert predict(shuffled, **kwargs) == predict(history, **kwargs)


@given(histories, st.integers(0, 60), settings_)
def test_paying_later_never_lowers_expected_days_late(history, shift, kwargs):
    later = [
        PaymentRecord(r.due_date, r.paid_date + timedelta(days=shift), r.amount) for r in history
    ]
    assert (
        predict(later, **kwargs).expected_days_late >= predict(history, **kwargs).expected_days_late
    )


@given(
    st.lists(
        st.builds(
            lambda due, early, amount: PaymentRecord(
                START + timedelta(days=due),
                START + timedelta(days=due - early),
                Decimal(amount),
            ),
            st.integers(0, 400),
            st.integers(0, 60),
            st.integers(0, 10_000),
        ),
        max_size=25,
    ),
    settings_,
)
def test_early_or_on_time_payers_are_never_likely_late(history, kwargs):
    prediction = predict(history, **kwargs)
    assert not prediction.likely_late
    assert prediction.late_share == 0.0


@given(histories, settings_)
def test_invariants(history, kwargs):
    prediction = predict(history, **kwargs)
    assert prediction.sample_size == len(history)
    assert 0.0 <= prediction.late_share <= 1.0
    if history:
        days = [r.days_late for r in history]
        assert min(days) - 1e-9 <= prediction.expected_days_late <= max(days) + 1e-9
    if prediction.likely_late:
        assert prediction.sample_size >= kwargs["min_samples"]
    assert all(isinstance(reason, str) and reason for reason in prediction.reasons)
