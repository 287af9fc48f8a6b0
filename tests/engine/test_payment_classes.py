# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Payment prediction as D365 presents it: per invoice, the probabilities of
on time / late / very late and the top three factors."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_collections_automation.engine.payment_classes import (
    LATE,
    VERY_LATE,
    classify,
    predicted_class,
)
from account_collections_automation.engine.prediction import PaymentRecord

DAY = date(2024, 1, 1)


def paid(days_late, amount=100, index=0):
    due = DAY + timedelta(days=index * 30)
    return PaymentRecord(due, due + timedelta(days=days_late), Decimal(amount))


def test_a_customer_paying_very_late_is_predicted_very_late():
    history = [paid(45, index=i) for i in range(4)] + [paid(0, index=5)]
    prediction = classify(history, Decimal(100), very_late_days=30)
    assert prediction.very_late > prediction.late > 0
    assert prediction.on_time + prediction.late + prediction.very_late == 100
    assert predicted_class(prediction, 50, 50) == VERY_LATE
    assert [str(f) for f in prediction.factors][0] == (
        "4 paid invoices were paid more than 30 days late")
    assert len(prediction.factors) == 3


def test_the_threshold_in_days_moves_a_payment_between_late_and_very_late():
    history = [paid(20, index=i) for i in range(5)]
    assert predicted_class(classify(history, Decimal(100), 30), 50, 50) == LATE
    assert predicted_class(classify(history, Decimal(100), 10), 50, 50) == VERY_LATE


def test_a_punctual_customer_is_predicted_on_time():
    history = [paid(-2, index=i) for i in range(6)]
    prediction = classify(history, Decimal(100), 30)
    assert prediction.on_time > 80
    assert predicted_class(prediction, 50, 50) is None


def test_the_size_of_the_invoice_counts():
    # Large invoices were paid late, small ones on time.
    history = [paid(25, 1000, i) for i in range(3)] + [paid(0, 10, i + 3) for i in range(3)]
    large = classify(history, Decimal(900), 30)
    small = classify(history, Decimal(5), 30)
    assert large.late > small.late
    assert small.on_time > large.on_time


def test_very_late_days_must_be_positive():
    with pytest.raises(ValueError, match="very_late_days"):
        classify([], Decimal(1), 0)


@given(st.lists(st.tuples(st.integers(-20, 90), st.integers(1, 1000)), max_size=12),
       st.integers(1, 2000), st.integers(1, 60))
def test_probabilities_are_percentages_and_the_order_does_not_matter(rows, amount, days):
    history = [paid(late, value, index) for index, (late, value) in enumerate(rows)]
    prediction = classify(history, Decimal(amount), days)
    values = (prediction.on_time, prediction.late, prediction.very_late)
    assert sum(values) == 100 and all(0 < value < 100 for value in values)
    assert 1 <= len(prediction.factors) <= 3
    assert classify(list(reversed(history)), Decimal(amount), days) == prediction


def test_the_thresholds_are_percentages():
    from account_collections_automation.engine.errors import ConfigError
    from account_collections_automation.engine.process import ProcessConfig, validate_process

    for field, value, rule in (("prediction_late_threshold", 140, "over_100"),
                               ("prediction_very_late_threshold", -1, "negative")):
        with pytest.raises(ConfigError) as error:
            validate_process(ProcessConfig(1, 1, **{field: value}))
        assert (error.value.field, error.value.value, error.value.rule) == (field, value, rule)
