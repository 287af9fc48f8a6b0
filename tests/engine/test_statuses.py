# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Collections statuses per open item (each installment its own): the bad
input refused, the daily job's kept/broken decision, and what the statuses do
to the process and the reminders (property tests: never an action on a
disputed or promised item; installments)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from account_collections_automation.engine import vocabulary
from account_collections_automation.engine.chase import hold_reason
from account_collections_automation.engine.process import (
    CustomerFacts,
    OpenInvoice,
    ProcessConfig,
    StepConfig,
    decide,
    leading_invoice,
)
from account_collections_automation.engine.reminders import (
    LevelConfig,
    OpenItem,
    ReminderProposal,
    TermConfig,
    propose_reminder,
)
from account_collections_automation.engine.statuses import (
    PromiseFact,
    StatusChange,
    StatusError,
    invoice_status,
    settle_promises,
    validate_change,
)

TODAY = date(2024, 6, 1)
STATUSES = vocabulary.keys(vocabulary.COLLECTION_STATUSES)
FIRST = StepConfig(11, 1, "email", "after", 0, name="Due")
SECOND = StepConfig(12, 2, "activity", "after", 15, name="Call")
PRE = StepConfig(10, 0, "email", "before", 5, pre_reminder=True)
PROCESS = ProcessConfig(1, 1, steps=(FIRST, SECOND, PRE))


def item(line_id, move_id, days_past_due, residual=100, status="none", promise_date=None,
         on_hold=False):
    return OpenInvoice(move_id, TODAY - timedelta(days=days_past_due), Decimal(residual),
                       Decimal(200), on_hold, status, promise_date, line_id)


def test_the_vocabulary_has_the_five_statuses():
    assert STATUSES == ("none", "disputed", "promised", "resolved", "broken")


# --- bad input ---------------------------------------------------------------------


@pytest.mark.parametrize("change, field, value, rule", [
    (StatusChange("disputed", True, Decimal(0), 3), "collection_status", "disputed", "paid"),
    (StatusChange("none", True, Decimal("-5")), "collection_status", "none", "paid"),
    (StatusChange("promised", False, Decimal(100), None, TODAY, Decimal(10)),
     "collection_status", "promised", "draft"),
    (StatusChange("promised", True, Decimal(100), None, TODAY - timedelta(days=1),
                  Decimal(10)),
     "collection_promise_date", TODAY - timedelta(days=1), "past"),
    (StatusChange("promised", True, Decimal(100), None, TODAY, Decimal("100.01")),
     "collection_promise_amount", Decimal("100.01"), "above_open"),
    (StatusChange("promised", True, Decimal(100), None, TODAY, Decimal(0)),
     "collection_promise_amount", Decimal(0), "not_positive"),
    (StatusChange("promised", True, Decimal(100), None, None, Decimal(10)),
     "collection_promise_date", None, "required"),
    (StatusChange("disputed", True, Decimal(100), None), "collection_dispute_reason_id", None,
     "required"),
    (StatusChange("lost", True, Decimal(100)), "collection_status", "lost", "unknown"),
])
def test_bad_status_changes_are_refused_naming_field_and_value(change, field, value, rule):
    with pytest.raises(StatusError) as raised:
        validate_change(change, TODAY)
    assert (raised.value.field, raised.value.value, raised.value.rule) == (field, value, rule)


@pytest.mark.parametrize("change", [
    StatusChange("disputed", True, Decimal(100), 4),
    StatusChange("promised", True, Decimal(100), None, TODAY, Decimal(100)),
    StatusChange("resolved", True, Decimal("0.01")),
    StatusChange("broken", True, Decimal(100), None, TODAY - timedelta(days=3), Decimal(50)),
    StatusChange("none", True, Decimal(1)),
])
def test_good_status_changes_pass(change):
    validate_change(change, TODAY)


def test_invoice_status_summarizes_its_items():
    assert invoice_status(["none", "promised"]) == "promised"
    assert invoice_status(["broken", "promised", "disputed"]) == "disputed"
    assert invoice_status(["resolved", "broken"]) == "broken"
    assert invoice_status(["none", "none"]) == "none"


# --- the daily job's decision ------------------------------------------------------


def test_settle_promises():
    promised = TODAY - timedelta(days=1)
    decided = settle_promises([
        PromiseFact(1, promised, promised),  # paid on the day: kept
        PromiseFact(2, promised, None),  # unpaid, the date passed: broken
        PromiseFact(3, TODAY, None),  # today is still in time
        PromiseFact(4, promised, TODAY),  # paid, but after the date: broken
        PromiseFact(5, TODAY + timedelta(days=2), TODAY),  # paid early: kept
    ], TODAY)
    assert decided == {1: "kept", 2: "broken", 4: "broken", 5: "kept"}


DAYS = st.integers(-20, 20).map(lambda days: TODAY + timedelta(days=days))


@given(st.lists(st.tuples(DAYS, st.none() | DAYS), max_size=8), DAYS)
def test_a_promise_is_broken_exactly_when_unpaid_by_its_date(promises, today):
    facts = [PromiseFact(index, promised, paid)
             for index, (promised, paid) in enumerate(promises)]
    decided = settle_promises(facts, today)
    for fact in facts:
        paid_in_time = fact.paid_date is not None and fact.paid_date <= fact.promise_date
        if paid_in_time:
            assert decided[fact.line_id] == "kept"
        elif fact.promise_date < today or fact.paid_date is not None:
            assert decided[fact.line_id] == "broken"
        else:
            assert fact.line_id not in decided, "a promise still in time is not decided"


# --- the process ---------------------------------------------------------------------


def test_resolved_and_broken_items_come_back():
    for status in ("resolved", "broken"):
        assert hold_reason(False, status, TODAY - timedelta(days=2), TODAY) is None
    assert hold_reason(False, "disputed", None, TODAY) == "disputed"


def test_the_next_oldest_eligible_item_leads_when_the_leading_one_is_disputed_or_promised():
    disputed = item(1, 100, 40, status="disputed")
    promised = item(2, 101, 30, status="promised", promise_date=TODAY + timedelta(days=3))
    eligible = item(3, 102, 20)
    facts = CustomerFacts(7, (eligible, promised, disputed), Decimal(300))
    assert leading_invoice(PROCESS, facts, TODAY) == eligible
    decisions = decide(PROCESS, facts, TODAY)
    assert [(d.kind, d.step_id, d.move_id, d.line_id) for d in decisions] == [
        ("step", 12, 102, 3)]
    back = CustomerFacts(7, (eligible, promised, disputed._replace(status="resolved")),
                         Decimal(300))
    assert leading_invoice(PROCESS, back, TODAY).line_id == 1


def test_the_oldest_open_installment_leads_with_its_own_due_date_and_residual():
    # One invoice on a two-installment payment term: the first installment is
    # due 20 days ago and partly paid, the second one in 3 days.
    first = item(1, 100, 20, residual=30)
    second = item(2, 100, -3, residual=100)
    facts = CustomerFacts(7, (second, first), Decimal(130))
    assert leading_invoice(PROCESS, facts, TODAY) == first
    step = decide(PROCESS, facts, TODAY)[0]
    assert (step.step_id, step.line_id) == (SECOND.id, 1), "20 days past due: the second step"
    # The first installment disputed: the second one leads; it is not due yet,
    # so no regular step (the first one is at +0), only its pre-reminder (-5).
    disputed = CustomerFacts(7, (second, first._replace(status="disputed")), Decimal(130))
    assert leading_invoice(PROCESS, disputed, TODAY) == second
    assert [(d.kind, d.line_id) for d in decide(PROCESS, disputed, TODAY)] == [
        ("pre_reminder", 2)]
    # A process excluding small items reads each installment's own residual.
    small = ProcessConfig(1, 1, exclude_mode="invoice_amount", exclude_amount=Decimal(50),
                          steps=PROCESS.steps)
    assert leading_invoice(small, facts, TODAY) == second


@st.composite
def installment_cases(draw):
    items = []
    line_id = 0
    for move_id in range(100, 100 + draw(st.integers(0, 5))):
        first_due = draw(st.integers(-30, 60))
        gap = draw(st.integers(0, 40))  # days between installments
        on_hold = draw(st.booleans()) and draw(st.booleans())
        for installment in range(draw(st.integers(1, 3))):
            line_id += 1
            items.append(item(
                line_id, move_id, first_due - gap * installment,
                residual=draw(st.integers(-20, 150)),
                status=draw(st.sampled_from(STATUSES)),
                promise_date=draw(st.none() | st.integers(-5, 5).map(
                    lambda days: TODAY + timedelta(days=days))),
                on_hold=on_hold,
            ))
    done = frozenset(draw(st.lists(st.tuples(
        st.sampled_from(["step", "pre_reminder"]), st.sampled_from([10, 11, 12]),
        st.integers(100, 105)), max_size=4)))
    items = draw(st.permutations(items))
    return CustomerFacts(7, tuple(items), Decimal(1000), done=done)


def _chased(invoice, today):
    return invoice.residual > 0 and hold_reason(
        invoice.on_hold, invoice.status, invoice.promise_date, today) is None


@settings(max_examples=300)
@given(installment_cases(), st.integers(-10, 10))
def test_never_an_action_on_a_disputed_or_promised_item(facts, shift):
    today = TODAY + timedelta(days=shift)
    by_line = {invoice.line_id: invoice for invoice in facts.invoices}
    decisions = decide(PROCESS, facts, today)
    for decision in decisions:
        acted = by_line[decision.line_id]
        assert acted.move_id == decision.move_id
        assert acted.status != "disputed"
        assert not (acted.status == "promised" and acted.promise_date is not None
                    and acted.promise_date >= today), "a pending promise is not chased"
        assert _chased(acted, today)
    keys = [decision.key for decision in decisions]
    assert len(keys) == len(set(keys))


@settings(max_examples=300)
@given(installment_cases(), st.integers(-10, 10))
def test_the_leading_item_is_the_oldest_eligible_installment(facts, shift):
    today = TODAY + timedelta(days=shift)
    eligible = [invoice for invoice in facts.invoices if _chased(invoice, today)]
    leading = leading_invoice(PROCESS, facts, today)
    if not eligible:
        assert leading is None
        assert decide(PROCESS, facts, today) == []
        return
    oldest = min(invoice.due_date for invoice in eligible)
    assert leading in eligible and leading.due_date == oldest
    for decision in decide(PROCESS, facts, today):
        if decision.kind == "step":
            assert decision.line_id == leading.line_id


# --- the reminders -------------------------------------------------------------------


TERM = TermConfig(1, levels=(LevelConfig(1, 1),))


@settings(max_examples=300)
@given(installment_cases(), st.integers(-10, 10))
def test_a_reminder_never_lists_a_disputed_or_promised_item(facts, shift):
    today = TODAY + timedelta(days=shift)
    items = [OpenItem(invoice.line_id, invoice.move_id, invoice.due_date, invoice.amount_total,
                      invoice.residual, on_hold=invoice.on_hold, status=invoice.status,
                      promise_date=invoice.promise_date) for invoice in facts.invoices]
    by_line = {invoice.line_id: invoice for invoice in facts.invoices}
    proposal = propose_reminder(TERM, items, today)
    if isinstance(proposal, ReminderProposal):
        for line in proposal.lines:
            assert _chased(by_line[line.move_line_id], today)
            assert line.amount_residual == by_line[line.move_line_id].residual


def test_one_pre_reminder_per_invoice_for_installments_due_close_together():
    # The history is per invoice: two installments about to fall due get one
    # pre-reminder, about the oldest (per installment: a later issue).
    facts = CustomerFacts(7, (item(2, 100, -4), item(1, 100, -2)), Decimal(200))
    decisions = decide(PROCESS, facts, TODAY)
    assert [(d.kind, d.move_id, d.line_id) for d in decisions] == [("pre_reminder", 100, 1)]
