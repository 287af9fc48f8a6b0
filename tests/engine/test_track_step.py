# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Track step and exclusion after the last step (issue 14): with track step an
item's steps come one after the other, never one twice, resuming after the
last one done when the item comes back; with the exclusion an item that had
the last step leaves the process and the next oldest item leads."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from account_collections_automation.engine.errors import ConfigError
from account_collections_automation.engine.process import (
    CustomerFacts,
    OpenInvoice,
    ProcessConfig,
    StepConfig,
    decide,
    validate_process,
)

DUE = date(2024, 1, 1)
CALL = StepConfig(11, 1, "activity", "after", 5, name="Call")
MAIL = StepConfig(12, 2, "email", "after", 15, name="Mail")
LETTER = StepConfig(13, 3, "letter", "after", 30, name="Letter")
PROCESS = ProcessConfig(1, 1, steps=(LETTER, CALL, MAIL))
ITEM = OpenInvoice(100, DUE, Decimal(80), Decimal(80))
NEWER = OpenInvoice(101, DUE + timedelta(days=20), Decimal(40), Decimal(40))


def _facts(done=(), invoices=(ITEM,), on_hold=False):
    invoices = tuple(invoice._replace(on_hold=on_hold) if invoice is ITEM else invoice
                     for invoice in invoices)
    return CustomerFacts(7, invoices, Decimal(120), done=frozenset(done))


def _steps(decisions):
    return [(d.step_id, d.move_id) for d in decisions if d.kind == "step"]


def test_without_track_step_the_latest_step_reached_is_taken():
    day = DUE + timedelta(days=40)
    assert _steps(decide(PROCESS, _facts(), day)) == [(LETTER.id, ITEM.move_id)]


def test_with_track_step_the_steps_come_in_order_when_the_item_comes_back():
    process = replace(PROCESS, track_step=True)
    day = DUE + timedelta(days=40)  # all three reached: the item was on hold
    first = decide(process, _facts(), day)
    assert _steps(first) == [(CALL.id, ITEM.move_id)]
    done = {("step", CALL.id, ITEM.move_id)}
    second = decide(process, _facts(done), day + timedelta(days=1))
    assert _steps(second) == [(MAIL.id, ITEM.move_id)]
    assert "the next after 'Call'" in str(second[0].reason)
    done.add(("step", MAIL.id, ITEM.move_id))
    assert _steps(decide(process, _facts(done), day + timedelta(days=2))) == [
        (LETTER.id, ITEM.move_id)]
    done.add(("step", LETTER.id, ITEM.move_id))
    assert decide(process, _facts(done), day + timedelta(days=3)) == []


def test_track_step_resumes_after_the_last_step_done_not_before_it():
    process = replace(PROCESS, track_step=True)
    # The call was skipped by an earlier run without track step; the mail was done.
    done = {("step", MAIL.id, ITEM.move_id)}
    day = DUE + timedelta(days=40)
    assert _steps(decide(process, _facts(done), day)) == [(LETTER.id, ITEM.move_id)]
    # The next step waits until it is reached.
    assert decide(process, _facts(done), DUE + timedelta(days=20)) == []


def test_exclusion_after_the_last_step_lets_the_next_item_lead():
    process = replace(PROCESS, exclude_after_last_step=True)
    day = DUE + timedelta(days=40)  # the newer item is 20 days past due
    done = {("step", LETTER.id, ITEM.move_id)}
    assert _steps(decide(process, _facts(done, (ITEM, NEWER)), day)) == [
        (MAIL.id, NEWER.move_id)]
    # Off: the oldest item still leads (and nothing is repeated for it).
    assert _steps(decide(PROCESS, _facts(done, (ITEM, NEWER)), day)) == []


def test_exclusion_after_the_last_step_needs_a_step():
    with pytest.raises(ConfigError) as caught:
        validate_process(ProcessConfig(1, 1, exclude_after_last_step=True, steps=(
            StepConfig(9, 1, "email", "before", 3, pre_reminder=True),)))
    assert (caught.value.field, caught.value.value, caught.value.rule) == (
        "exclude_after_last_step", True, "needs_steps")
    validate_process(replace(PROCESS, exclude_after_last_step=True))


steps_strategy = st.lists(
    st.tuples(st.sampled_from(["activity", "email", "letter"]), st.integers(0, 60)),
    min_size=1, max_size=5)


@settings(max_examples=80, deadline=None)
@given(steps=steps_strategy, holds=st.lists(st.booleans(), min_size=90, max_size=90),
       exclude=st.booleans())
def test_track_step_never_takes_a_step_twice_and_goes_in_order(steps, holds, exclude):
    """A daily run over 90 days, the item on hold on random days, every
    decision taken: each step at most once, in the steps' order."""
    configs = tuple(StepConfig(20 + index, index, kind, "after", days, name=f"S{index}")
                    for index, (kind, days) in enumerate(steps))
    process = ProcessConfig(1, 1, steps=configs, track_step=True,
                            exclude_after_last_step=exclude)
    order = [step.id for step in sorted(configs, key=lambda s: (s.offset, s.sequence, s.id))]
    done, taken = set(), []
    for day_index, on_hold in enumerate(holds):
        day = DUE + timedelta(days=day_index)
        for decision in decide(process, _facts(done, on_hold=on_hold), day):
            if decision.kind != "step":
                continue
            assert not on_hold, "never an action on an item on hold"
            assert decision.key not in done, "a step twice"
            done.add(decision.key)
            taken.append(decision.step_id)
    assert taken == order[:len(taken)], "the steps in order, none skipped"
    reachable = [step.id for step in configs if step.offset <= len(holds) - 1]
    if not any(holds):
        assert len(taken) == len(reachable)
