# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""More channels (SMS, phone call, fallback) and the customer's answers: the
engine's rules and refusals."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_collections_automation.engine import channels, vocabulary
from account_collections_automation.engine.errors import ConfigError
from account_collections_automation.engine.process import (
    CustomerFacts,
    OpenInvoice,
    ProcessConfig,
    StepConfig,
    decide,
    validate_process,
    validate_step,
)

TYPES = vocabulary.keys(vocabulary.ACTION_TYPES)


def test_sms_step_without_template_is_refused_naming_the_field():
    with pytest.raises(ConfigError) as caught:
        validate_step(StepConfig(5, 1, "sms", "after", 3, has_sms_template=False))
    assert (caught.value.field, caught.value.value, caught.value.rule,
            caught.value.step_id) == ("sms_template_id", None, "required", 5)
    validate_step(StepConfig(5, 1, "sms", "after", 3, has_sms_template=True))
    # Another action type needs no SMS template.
    validate_step(StepConfig(5, 1, "email", "after", 3, has_sms_template=False))


def test_fallback_loop_a_b_a_is_refused_with_the_chain():
    steps = (StepConfig(1, 1, "sms", "after", 3, fallback_action_type="email"),
             StepConfig(2, 2, "email", "after", 10, fallback_action_type="sms"))
    with pytest.raises(ConfigError) as caught:
        validate_process(ProcessConfig(1, 1, steps=steps))
    assert caught.value.field == "fallback_action_type"
    assert caught.value.rule == "loop"
    assert caught.value.value == ("sms", "email", "sms")


def test_fallback_to_its_own_type_is_a_loop():
    with pytest.raises(ConfigError) as caught:
        validate_process(ProcessConfig(1, 1, steps=(
            StepConfig(1, 1, "sms", "after", 3, fallback_action_type="sms"),)))
    assert caught.value.value == ("sms", "sms")


def test_negative_pause_and_retry_limit_are_refused():
    with pytest.raises(ConfigError) as caught:
        validate_process(ProcessConfig(1, 1, reply_pause_days=-4))
    assert (caught.value.field, caught.value.value, caught.value.rule) == (
        "reply_pause_days", -4, "negative")
    with pytest.raises(ConfigError) as caught:
        validate_step(StepConfig(2, 1, "phone_call", "after", 3, call_retry_limit=-1))
    assert (caught.value.field, caught.value.value) == ("call_retry_limit", -1)


@given(st.lists(st.tuples(st.sampled_from(TYPES), st.sampled_from(("",) + TYPES)),
                min_size=1, max_size=6))
def test_fallback_chains_accepted_never_come_back(pairs):
    """Every configuration the validator accepts gives, from each step, a
    chain of fallbacks that ends without trying an action type twice."""
    steps = [StepConfig(i + 1, i + 1, action, "after", i, fallback_action_type=fallback)
             for i, (action, fallback) in enumerate(pairs)]
    try:
        channels.validate_fallbacks(steps)
    except ConfigError as error:
        assert error.rule == "loop"
        assert error.value[-1] in error.value[:-1]
        return
    for step in steps:
        tried = [step.action_type]
        while (fallback := channels.next_fallback(step, steps, tried)) is not None:
            assert fallback not in tried
            tried.append(fallback)
        assert len(tried) <= len(TYPES)


def test_promise_without_date_is_refused():
    with pytest.raises(ConfigError) as caught:
        channels.validate_call_outcome("promise", None, Decimal(100))
    assert (caught.value.field, caught.value.rule) == ("promise_date", "required")
    channels.validate_call_outcome("reached", None, None)


def test_no_answer_retries_then_fails():
    assert channels.call_effect("no_answer", 1, 3).retry
    assert channels.call_effect("no_answer", 3, 3).failed
    assert channels.call_effect("no_answer", 1, 0).failed  # no retry: fallback at once
    assert channels.call_effect("dispute", 0, 0) == channels.CallEffect("disputed", False, False)


def test_a_customer_who_replied_is_left_alone_until_the_pause_ends():
    process = ProcessConfig(1, 1, reply_pause_days=5, steps=(
        StepConfig(11, 1, "email", "after", 10),))
    invoice = OpenInvoice(100, date(2026, 5, 1), Decimal(50), Decimal(50))
    until = channels.paused_until(date(2026, 5, 20), process.reply_pause_days)
    customer = CustomerFacts(7, (invoice,), Decimal(50), paused_until=until)
    assert decide(process, customer, date(2026, 5, 24)) == []
    assert [d.step_id for d in decide(process, customer, date(2026, 5, 25))] == [11]


def test_sms_fallback_without_template_is_refused():
    with pytest.raises(ConfigError) as caught:
        validate_step(StepConfig(6, 1, "email", "after", 3, fallback_action_type="sms",
                                 has_sms_template=False))
    assert (caught.value.field, caught.value.step_id) == ("sms_template_id", 6)
