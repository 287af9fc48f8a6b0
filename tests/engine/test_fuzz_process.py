# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Fuzzing the collections process engine with random configurations,
ledgers and histories: a configuration is accepted or refused with
``ValueError``; an accepted one always decides, and its decisions keep the
process's promises:

- never an excluded invoice (on hold, paid, below the exclusion amount) and
  nothing for an excluded customer;
- never a pre-reminder for an invoice due on or before the run date;
- nothing inside the quiet days;
- never an earlier step than one already done, never a step not reached,
  never an action already in the history;
- repeatable: once its decisions are in the history, deciding again the same
  day decides nothing.
"""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from account_collections_automation.engine.prediction import Prediction
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
MOVE_IDS = range(100, 110)


@st.composite
def steps(draw):
    count = draw(st.integers(min_value=0, max_value=5))
    result = []
    for index in range(count):
        result.append(StepConfig(
            id=index + 1,
            sequence=draw(st.integers(min_value=0, max_value=5)),
            action_type=draw(st.sampled_from(["activity", "email", "letter", "bogus"])),
            timing=draw(st.sampled_from(["before", "after", "bogus"])),
            days=draw(st.integers(min_value=-5, max_value=60)),
            pre_reminder=draw(st.booleans()),
            name=draw(st.text(max_size=5)),
        ))
    return tuple(result)


@st.composite
def processes(draw):
    return ProcessConfig(
        id=1,
        rank=draw(st.integers(min_value=0, max_value=10)),
        quiet_days=draw(st.integers(min_value=-3, max_value=20)),
        exclude_mode=draw(st.sampled_from(["none", "invoice_amount", "aged_balance", "bogus"])),
        exclude_amount=Decimal(draw(st.integers(min_value=-10, max_value=500))),
        use_prediction=draw(st.booleans()),
        prediction_days_before=draw(st.integers(min_value=-2, max_value=14)),
        steps=draw(steps()),
    )


@st.composite
def customers(draw, process):
    invoices = tuple(
        OpenInvoice(
            move_id=move_id,
            due_date=TODAY + timedelta(days=draw(st.integers(min_value=-90, max_value=30))),
            residual=Decimal(draw(st.integers(min_value=-50, max_value=400))),
            amount_total=Decimal(400),
            on_hold=draw(st.booleans()),
        )
        for move_id in draw(st.lists(st.sampled_from(MOVE_IDS), unique=True, max_size=5))
    )
    kinds = [(STEP, step.id) for step in process.steps] + [
        (PRE_REMINDER, step.id) for step in process.steps] + [("prediction", 0)]
    done = draw(st.frozensets(st.tuples(st.sampled_from(kinds), st.sampled_from(MOVE_IDS))
                              .map(lambda pair: (*pair[0], pair[1])), max_size=6))
    last_contact = draw(st.one_of(
        st.none(), st.integers(min_value=0, max_value=30).map(lambda d: TODAY - timedelta(d))))
    late = draw(st.booleans())
    prediction = Prediction(5, 12.0 if late else 0.0, 0.0, 0.8 if late else 0.0, late, ())
    return CustomerFacts(
        partner_id=7,
        invoices=invoices,
        aged_balance=sum((i.residual for i in invoices), Decimal(0)),
        last_contact_date=last_contact,
        done=done,
        prediction=draw(st.sampled_from([None, prediction])),
    )


@st.composite
def cases(draw):
    process = draw(processes())
    return process, draw(customers(process))


@settings(max_examples=250, deadline=None)
@given(cases())
def test_random_configurations_and_ledgers_keep_the_invariants(case):
    process, customer = case
    try:
        validate_process(process)
    except ValueError:
        return  # refused, as the models refuse it
    decisions = decide(process, customer, TODAY)
    steps_by_id = {step.id: step for step in process.steps}
    invoices = {invoice.move_id: invoice for invoice in customer.invoices}
    if decisions:
        # Quiet days and excluded customers.
        last = customer.last_contact_date
        assert last is None or (TODAY - last).days >= process.quiet_days
        if process.exclude_mode == "aged_balance":
            assert customer.aged_balance >= process.exclude_amount
    keys = [decision.key for decision in decisions]
    assert len(keys) == len(set(keys)), "one action per key"
    assert not set(keys) & customer.done, "never an action already in the history"
    assert sum(1 for d in decisions if d.kind == STEP) <= 1, "one regular step at most"
    for decision in decisions:
        invoice = invoices[decision.move_id]
        assert not invoice.on_hold and invoice.residual > 0
        if process.exclude_mode == "invoice_amount":
            assert invoice.residual >= process.exclude_amount
        elapsed = (TODAY - invoice.due_date).days
        if decision.kind == STEP:
            step = steps_by_id[decision.step_id]
            assert not step.pre_reminder and step.offset <= elapsed, "a step reached"
            for kind, step_id, move_id in customer.done:
                done_step = steps_by_id.get(step_id)
                if kind == STEP and move_id == decision.move_id and done_step \
                        and not done_step.pre_reminder:
                    assert done_step.offset < step.offset, "never an earlier step than one done"
            open_ones = [i for i in customer.invoices if i.residual > 0 and not i.on_hold
                         and (process.exclude_mode != "invoice_amount"
                              or i.residual >= process.exclude_amount)]
            assert invoice.due_date == min(i.due_date for i in open_ones), "the leading invoice"
        elif decision.kind == PRE_REMINDER:
            step = steps_by_id[decision.step_id]
            assert step.pre_reminder and step.offset <= elapsed
            assert elapsed < 0, "a pre-reminder is about an invoice not yet due"
        else:
            assert process.use_prediction and customer.prediction.likely_late
            assert 0 <= -elapsed <= process.prediction_days_before

    # Repeatable: the same day again, with these decisions in the history.
    after = CustomerFacts(
        customer.partner_id, customer.invoices, customer.aged_balance,
        TODAY if decisions else customer.last_contact_date,
        customer.done | set(keys), customer.prediction)
    assert decide(process, after, TODAY) == []


@settings(max_examples=60, deadline=None)
@given(processes(), st.lists(st.integers(min_value=0, max_value=40), max_size=8))
def test_later_days_never_go_back_to_an_earlier_step(process, days):
    """Runs on increasing days, each one's actions added to the history."""
    try:
        validate_process(process)
    except ValueError:
        return
    invoice = OpenInvoice(100, TODAY, Decimal(100), Decimal(100))
    done, last, offsets = frozenset(), None, []
    for day in sorted(days):
        today = TODAY + timedelta(days=day - 10)
        customer = CustomerFacts(7, (invoice,), Decimal(100), last, done)
        decisions = decide_many(process, [customer], today)
        for decision in decisions:
            if decision.kind == STEP:
                assert not offsets or decision.offset > offsets[-1], "never back, never twice"
                offsets.append(decision.offset)
        if decisions:
            done |= {decision.key for decision in decisions}
            last = today


@st.composite
def items(draw, floor):
    """Open items with every status, hold and promise date; residuals
    around ``floor`` (the exclusion amount) as often as elsewhere."""
    return [
        OpenInvoice(
            move_id=move_id,
            due_date=TODAY + timedelta(days=draw(st.integers(min_value=-90, max_value=30))),
            residual=draw(st.one_of(
                st.integers(min_value=-50, max_value=400).map(Decimal),
                st.sampled_from([Decimal("-0.01"), Decimal("0.01"), Decimal(-1), Decimal(1)])
                .map(lambda delta: floor + delta),
                st.just(floor))),
            amount_total=Decimal(400),
            on_hold=draw(st.booleans()),
            status=draw(st.sampled_from(
                ["none", "disputed", "promised", "resolved", "broken", None])),
            promise_date=draw(st.one_of(st.none(), st.integers(-5, 5).map(
                lambda d: TODAY + timedelta(days=d)))),
            line_id=draw(st.integers(min_value=0, max_value=3)),
        )
        for move_id in draw(st.lists(st.sampled_from(MOVE_IDS), max_size=8))
    ]


@st.composite
def processes_and_items(draw):
    process = draw(processes())
    return process, draw(items(process.exclude_amount))


@settings(max_examples=300, deadline=None)
@given(processes_and_items())
def test_open_invoices_fast_path(case):
    """The run's fast path (items neither held nor below the floor, taken
    without calling ``excluded_invoice``) keeps exactly the items
    ``excluded_invoice`` keeps, oldest due date first."""
    from account_collections_automation.engine.process import _open_invoices, excluded_invoice

    process, invoices = case
    customer = CustomerFacts(7, tuple(invoices), Decimal(0))
    expected = sorted(
        (invoice for invoice in invoices
         if invoice.residual > 0 and excluded_invoice(process, invoice, TODAY) is None),
        key=lambda invoice: (invoice.due_date, invoice.move_id, invoice.line_id))
    assert _open_invoices(process, customer, TODAY) == expected
