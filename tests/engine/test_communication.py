# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""One communication per customer per run: the engine groups a customer's
e-mails (and letters) of a run into one message listing every item that
qualifies that day."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from account_collections_automation.engine.communication import communications
from account_collections_automation.engine.process import (
    PRE_REMINDER,
    STEP,
    CustomerFacts,
    OpenInvoice,
    ProcessConfig,
    StepConfig,
    decide,
    decide_many,
    validate_process,
)

TODAY = date(2024, 6, 15)


def item(move_id, days_from_today, line_id, residual=100, status="none"):
    promise = TODAY + timedelta(days=3) if status == "promised" else None
    return OpenInvoice(move_id, TODAY + timedelta(days=days_from_today), Decimal(residual),
                       Decimal(residual), status=status, promise_date=promise, line_id=line_id)


EMAILS = ProcessConfig(1, 1, steps=(
    StepConfig(11, 1, "email", "before", 5, pre_reminder=True, name="Heads-up"),
    StepConfig(12, 2, "email", "after", 0, name="Reminder"),
    StepConfig(13, 3, "letter", "after", 40, name="Letter"),
))


def test_one_email_lists_every_overdue_item_the_leading_one_first():
    customer = CustomerFacts(7, (
        item(101, -3, 1011),                     # overdue, no step of its own
        item(100, -20, 1001),                    # leading: the step
        item(102, -15, 1021, status="disputed"),  # never listed
        item(104, 20, 1041),                     # not due: not listed
    ), Decimal(500))
    (step,) = decide(EMAILS, customer, TODAY)
    assert (step.kind, step.move_id, step.sent_with) == (STEP, 100, None)
    assert step.move_line_ids == (1001, 1011)


def test_the_pre_reminders_go_with_the_step_email():
    customer = CustomerFacts(7, (
        item(100, 0, 1001),                      # leading, due today: the step
        item(102, -15, 1021, status="disputed"),  # out of the process: holds nothing back
        item(103, 2, 1031), item(103, 32, 1032),  # two installments: one pre-reminder
        item(104, 20, 1041),                     # not due, no pre-reminder yet
    ), Decimal(500))
    decisions = decide(EMAILS, customer, TODAY)
    by_kind = {d.kind: d for d in decisions}
    step = by_kind[STEP]
    assert (step.move_id, step.sent_with) == (100, None)
    assert step.move_line_ids == (1001, 1031, 1032)
    pre = by_kind[PRE_REMINDER]
    assert pre.move_id == 103 and pre.sent_with == step.key
    assert pre.move_line_ids == (1031, 1032)
    assert communications(decisions) == {(7, "email"): 1}


def test_without_a_step_the_oldest_pre_reminder_leads():
    customer = CustomerFacts(7, (item(103, 2, 1031), item(104, 4, 1041)), Decimal(200))
    first, second = decide(EMAILS, customer, TODAY)
    assert (first.move_id, first.sent_with, first.move_line_ids) == (103, None, (1031, 1041))
    assert (second.move_id, second.sent_with) == (104, first.key)


def test_activities_are_not_grouped_and_cover_their_item():
    process = ProcessConfig(1, 1, steps=(
        StepConfig(11, 1, "activity", "before", 5, pre_reminder=True),
        StepConfig(12, 2, "activity", "after", 10)))
    customer = CustomerFacts(7, (item(100, 2, 1001), item(101, 3, 1011)), Decimal(200))
    decisions = decide(process, customer, TODAY)
    assert [d.move_line_ids for d in decisions] == [(1001,), (1011,)]
    assert all(d.sent_with is None for d in decisions)


# --- property: at most one e-mail and one letter per customer per run --------

@st.composite
def cases(draw):
    steps = tuple(
        StepConfig(index + 1, index, draw(st.sampled_from(["activity", "email", "letter"])),
                   draw(st.sampled_from(["before", "after"])),
                   draw(st.integers(min_value=0, max_value=40)),
                   pre_reminder=draw(st.booleans()))
        for index in range(draw(st.integers(min_value=1, max_value=4))))
    process = ProcessConfig(1, 1, steps=steps, track_step=draw(st.booleans()))
    customers = []
    line_id = 1
    for partner_id in range(1, draw(st.integers(min_value=1, max_value=4)) + 1):
        invoices = []
        for move_id in draw(st.lists(st.integers(min_value=1, max_value=8), unique=True,
                                     max_size=5)):
            for _installment in range(draw(st.integers(min_value=1, max_value=2))):
                invoices.append(item(
                    partner_id * 100 + move_id, draw(st.integers(min_value=-60, max_value=20)),
                    line_id, residual=draw(st.integers(min_value=0, max_value=50)),
                    status=draw(st.sampled_from(["none", "disputed", "promised", "resolved",
                                                 "broken"]))))
                line_id += 1
        customers.append(CustomerFacts(partner_id, tuple(invoices), Decimal(100)))
    return process, customers


@settings(max_examples=300, deadline=None)
@given(cases())
def test_at_most_one_communication_per_customer_per_run_and_kind(case):
    process, customers = case
    try:
        validate_process(process)
    except ValueError:
        return
    decisions = decide_many(process, customers, TODAY)
    assert all(count == 1 for count in communications(decisions).values())
    items = {i.line_id: i for c in customers for i in c.invoices}
    leads = {d.key: d for d in decisions if d.sent_with is None}
    for decision in decisions:
        for line_id in decision.move_line_ids:
            listed = items[line_id]
            assert listed.status not in ("disputed", "promised"), "never a skipped item"
            assert listed.residual > 0
        if decision.line_id:
            assert decision.line_id in decision.move_line_ids
        if decision.sent_with is not None:
            lead = leads[decision.sent_with]
            assert (lead.partner_id, lead.action_type) == (decision.partner_id,
                                                           decision.action_type)
            assert set(decision.move_line_ids) <= set(lead.move_line_ids)
