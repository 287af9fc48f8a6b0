# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from account_collections_automation.engine import vocabulary
from account_collections_automation.engine.prediction import PaymentRecord, Prediction
from account_collections_automation.engine.process import (
    IN_IDLE_POOL,
    IN_NO_POOL,
    MANUALLY_ASSIGNED,
    POOL_BEST_PROCESS,
    STEP_REACHED_SKIPPED,
    Assignment,
    CustomerFacts,
    Decision,
    OpenInvoice,
    ProcessConfig,
    StepConfig,
    assign,
    customer_excluded,
    decide,
    decide_many,
    excluded_invoice,
    leading_invoice,
    validate_process,
)
from account_collections_automation.engine.reasons import Reason, from_json, to_json

TODAY = date(2024, 6, 1)


def replace(record, **changes):
    """A copy of ``record`` with ``changes``: the process's settings are
    dataclasses, the customer facts and decisions named tuples."""
    if hasattr(record, "_replace"):
        return record._replace(**changes)
    return dataclasses.replace(record, **changes)


def _assignment(partner_id, process_id, source, rank, reason):
    """An ``Assignment`` whose reason reads ``reason`` in plain English."""
    return Assignment(partner_id, process_id, source, rank, _reason_of(reason))


def _reason_of(text):
    return next(r for r in (
        Reason(MANUALLY_ASSIGNED), Reason(IN_NO_POOL),
        *(Reason.of(POOL_BEST_PROCESS, rank=rank, count=count)
          for rank in range(1, 4) for count in range(2, 4)),
    ) if str(r) == text)

PRE = StepConfig(10, 1, "email", "before", 5, pre_reminder=True, name="Heads-up")
FIRST = StepConfig(11, 2, "email", "after", 0, name="Due today")
SECOND = StepConfig(12, 3, "activity", "after", 15, name="Phone call")
THIRD = StepConfig(13, 4, "letter", "after", 30, name="Second letter")
PROCESS = ProcessConfig(1, 1, steps=(THIRD, PRE, SECOND, FIRST))

LATE_PAYER = Prediction(6, 14.0, 1.0, 0.8, True, ("paid 14.0 days late on average",))
GOOD_PAYER = Prediction(6, -2.0, 0.0, 0.0, False, ("never paid late",))
# The paid invoices behind them (the class prediction learns from these).
LATE_HISTORY = tuple(
    PaymentRecord(TODAY - timedelta(days=200 - 30 * i), TODAY - timedelta(days=186 - 30 * i),
                  Decimal(100)) for i in range(6))
GOOD_HISTORY = tuple(
    PaymentRecord(TODAY - timedelta(days=200 - 30 * i), TODAY - timedelta(days=202 - 30 * i),
                  Decimal(100)) for i in range(6))
HISTORIES = {LATE_PAYER: LATE_HISTORY, GOOD_PAYER: GOOD_HISTORY}


def invoice(move_id, days_past_due, residual=100, on_hold=False, status="none",
            promise_date=None):
    """An open invoice due ``days_past_due`` days before TODAY."""
    return OpenInvoice(
        move_id,
        TODAY - timedelta(days=days_past_due),
        Decimal(residual),
        Decimal(residual),
        on_hold,
        status,
        promise_date,
    )


def customer(*invoices, done=(), last_contact=None, prediction=None, balance=None):
    if balance is None:
        balance = sum((i.residual for i in invoices), Decimal(0))
    return CustomerFacts(
        7, tuple(invoices), Decimal(balance), last_contact, frozenset(done), prediction,
        HISTORIES.get(prediction, ()),
    )


def kinds(decisions):
    return [(d.kind, d.step_id, d.move_id) for d in decisions]


# --- dataclasses --------------------------------------------------------------


def test_step_offset():
    assert StepConfig(1, 1, "email", "before", 5).offset == -5
    assert StepConfig(1, 1, "email", "after", 5).offset == 5
    assert StepConfig(1, 1, "email", "after", 0).offset == 0


def test_dataclasses_are_frozen():
    with pytest.raises(AttributeError):
        PROCESS.rank = 3
    with pytest.raises(AttributeError):
        FIRST.days = 3


def test_decision_key_matches_history_triples():
    decision = Decision(7, 1, "step", 12, 100, "email", 15, "")
    assert decision.key == ("step", 12, 100)
    assert Decision(7, 1, "prediction", None, 100, "activity", None, "").key == (
        "prediction",
        0,
        100,
    )


# --- assignment -----------------------------------------------------------------


def test_assign_manual_wins_over_pool():
    result = assign({7: [(1, 20)]}, {7: 30})
    assert result[7] == _assignment(7, 30, "manual", None, "manually assigned")


def test_assign_manual_keeps_rank_when_the_process_matches_too():
    result = assign({7: [(1, 20), (4, 30)]}, {7: 30})
    assert (result[7].process_id, result[7].rank) == (30, 4)


def test_assign_lowest_rank_wins():
    result = assign({7: [(3, 20), (2, 21), (5, 22)]}, {})
    assert result[7] == _assignment(
        7, 21, "pool", 2, "pool of rank 2, best of 3 matching processes")


def test_assign_rank_tie_goes_to_lowest_process_id():
    result = assign({7: iter([(2, 25), (2, 21)])}, {})
    assert result[7].process_id == 21


def test_assign_single_match_and_none():
    result = assign({7: [(2, 20)], 8: []}, {7: None, 9: None})
    assert str(result[7].reason) == "pool of rank 2, the only matching process"
    assert result[8] == _assignment(8, None, "none", None, "in no pool")
    assert result[9] == _assignment(9, None, "none", None, "in no pool")


def test_assign_duplicate_matches_count_once():
    result = assign({7: [(2, 20), (2, 20), (3, 21)]}, {})
    assert str(result[7].reason) == "pool of rank 2, best of 2 matching processes"


# --- validation -----------------------------------------------------------------


def test_validate_accepts_a_good_process():
    validate_process(PROCESS)
    validate_process(ProcessConfig(2, 1, exclude_mode="aged_balance", exclude_amount=Decimal(5)))


@pytest.mark.parametrize(
    ("process", "message"),
    [
        (ProcessConfig(1, 1, quiet_days=-1), "quiet_days must not be negative: -1"),
        (
            ProcessConfig(1, 1, exclude_amount=Decimal(-5)),
            "exclude_amount must not be negative: Decimal('-5')",
        ),
        (ProcessConfig(1, 1, exclude_mode="sometimes"), "unknown exclude_mode: 'sometimes'"),
        (
            ProcessConfig(1, 1, prediction_days_before=-3),
            "prediction_days_before must not be negative: -3",
        ),
        (
            ProcessConfig(1, 1, steps=(StepConfig(4, 1, "email", "after", -2),)),
            "step 4: days must not be negative: -2",
        ),
        (
            ProcessConfig(1, 1, steps=(StepConfig(4, 1, "fax", "after", 2),)),
            "step 4: unknown action_type: 'fax'",
        ),
        (
            ProcessConfig(1, 1, steps=(StepConfig(4, 1, "email", "during", 2),)),
            "step 4: unknown timing: 'during'",
        ),
        (
            ProcessConfig(1, 1, steps=(PRE, replace(PRE, id=99))),
            "pre_reminder may be set on one step only, not on steps [10, 99]",
        ),
        (
            ProcessConfig(1, 1, steps=(StepConfig(30, 1, "activity", "after", 3, True),)),
            "step 30: a pre-reminder warns before the due date, it cannot be 'after' 3 days",
        ),
        (
            ProcessConfig(1, 1, steps=(StepConfig(30, 1, "activity", "before", 0, True),)),
            "step 30: a pre-reminder warns before the due date, it cannot be 'before' 0 days",
        ),
    ],
)
def test_validate_rejects(process, message):
    with pytest.raises(ValueError) as error:
        validate_process(process)
    assert str(error.value) == message


# --- exclusions and the leading invoice -------------------------------------------------


def test_excluded_invoice():
    by_amount = ProcessConfig(1, 1, exclude_mode="invoice_amount", exclude_amount=Decimal(50))
    assert excluded_invoice(PROCESS, invoice(1, 3, on_hold=True), TODAY) == "on hold"
    assert excluded_invoice(PROCESS, invoice(1, 3, residual=1), TODAY) is None
    assert excluded_invoice(by_amount, invoice(1, 3, residual=49), TODAY) == (
        "residual 49 below 50")
    assert excluded_invoice(by_amount, invoice(1, 3, residual=50), TODAY) is None
    # Only 'invoice_amount' looks at the invoice amount.
    by_balance = replace(by_amount, exclude_mode="aged_balance")
    assert excluded_invoice(by_balance, invoice(1, 3, residual=49), TODAY) is None


def test_disputed_and_promised_invoices_are_not_chased():
    disputed = invoice(1, 20, status="disputed")
    promised = invoice(2, 20, status="promised", promise_date=TODAY)
    broken = invoice(3, 20, status="promised", promise_date=TODAY - timedelta(days=1))
    assert excluded_invoice(PROCESS, disputed, TODAY) == "disputed"
    assert excluded_invoice(PROCESS, promised, TODAY) == "payment promised for 2024-06-01"
    assert excluded_invoice(PROCESS, broken, TODAY) is None, "a broken promise is chased"
    facts = customer(disputed, promised, broken, invoice(4, -2, status="disputed"))
    assert kinds(decide(PROCESS, facts, TODAY)) == [("step", 12, 3)]
    # Once the dispute is over, the disputed invoice leads again.
    settled = replace(facts, invoices=(disputed._replace(status="none"),))
    assert kinds(decide(PROCESS, settled, TODAY)) == [("step", 12, 1)]


def test_customer_excluded():
    by_balance = ProcessConfig(1, 1, exclude_mode="aged_balance", exclude_amount=Decimal(500))
    assert customer_excluded(by_balance, customer(invoice(1, 3), balance=499)) == (
        "aged balance 499 below 500"
    )
    assert customer_excluded(by_balance, customer(invoice(1, 3), balance=500)) is None
    by_amount = replace(by_balance, exclude_mode="invoice_amount")
    assert customer_excluded(by_amount, customer(invoice(1, 3), balance=1)) is None


def test_leading_invoice_is_the_oldest_not_excluded():
    facts = customer(invoice(5, 10), invoice(3, 40, on_hold=True), invoice(4, 10), invoice(6, 2))
    assert leading_invoice(PROCESS, facts, TODAY).move_id == 4
    assert leading_invoice(PROCESS, customer(), TODAY) is None
    assert leading_invoice(PROCESS, customer(invoice(3, 40, on_hold=True)), TODAY) is None


def test_leading_invoice_skips_small_invoices():
    process = replace(PROCESS, exclude_mode="invoice_amount", exclude_amount=Decimal(50))
    facts = customer(invoice(3, 40, residual=10), invoice(4, 20, residual=80))
    assert leading_invoice(process, facts, TODAY).move_id == 4


def test_leading_invoice_ignores_paid_invoices():
    facts = customer(invoice(3, 40, residual=0), invoice(4, 20))
    assert leading_invoice(PROCESS, facts, TODAY).move_id == 4


# --- regular steps -----------------------------------------------------------------


def test_no_step_reached_yet():
    process = ProcessConfig(1, 1, steps=(SECOND, THIRD))
    assert decide(process, customer(invoice(100, 14)), TODAY) == []


def test_step_reached_exactly_on_its_day():
    decisions = decide(PROCESS, customer(invoice(100, 15)), TODAY)
    assert [replace(d, reason=str(d.reason)) for d in decisions] == [
        Decision(
            7,
            1,
            "step",
            12,
            100,
            "activity",
            15,
            "leading invoice 15 days past due; step 'Phone call' at +15 (1 earlier step skipped)",
        )
    ]


def test_before_step_on_a_not_yet_due_invoice():
    before = StepConfig(20, 1, "email", "before", 3, name="Friendly note")
    process = ProcessConfig(1, 1, steps=(before, SECOND))
    decisions = decide(process, customer(invoice(100, -2)), TODAY)
    assert kinds(decisions) == [("step", 20, 100)]
    assert decisions[0].offset == -3
    assert str(decisions[0].reason) == "leading invoice due in 2 days; step 'Friendly note' at -3"


def test_only_the_latest_step_is_taken_on_old_debt():
    decisions = decide(PROCESS, customer(invoice(100, 45)), TODAY)
    assert kinds(decisions) == [("step", 13, 100)]
    assert str(decisions[0].reason) == (
        "leading invoice 45 days past due; step 'Second letter' at +30 (2 earlier steps skipped)"
    )
    assert decisions[0].action_type == "letter"


def test_done_step_is_not_repeated():
    facts = customer(invoice(100, 20), done={("step", 12, 100)})
    assert decide(PROCESS, facts, TODAY) == []


def test_next_step_after_a_done_one():
    facts = customer(invoice(100, 31), done={("step", 11, 100), ("step", 12, 100)})
    decisions = decide(PROCESS, facts, TODAY)
    assert kinds(decisions) == [("step", 13, 100)]
    assert str(decisions[0].reason) == (
        "leading invoice 31 days past due; step 'Second letter' at +30")


def test_never_goes_back_to_an_earlier_step():
    # A later step is already done (e.g. the process was edited): nothing now.
    facts = customer(invoice(100, 20), done={("step", 13, 100)})
    assert decide(PROCESS, facts, TODAY) == []


def test_steps_done_for_another_invoice_do_not_count():
    # Invoice 99 led and was paid; invoice 100 leads now and starts over.
    facts = customer(invoice(100, 20), done={("step", 13, 99), ("step", 12, 99)})
    assert kinds(decide(PROCESS, facts, TODAY)) == [("step", 12, 100)]


def test_step_follows_the_leading_invoice_not_excluded_ones():
    facts = customer(invoice(100, 45, on_hold=True), invoice(101, 16))
    assert kinds(decide(PROCESS, facts, TODAY)) == [("step", 12, 101)]


def test_steps_with_the_same_offset_take_the_last_by_sequence():
    a = StepConfig(21, 1, "email", "after", 10, name="A")
    b = StepConfig(22, 2, "activity", "after", 10, name="B")
    process = ProcessConfig(1, 1, steps=(b, a))
    assert kinds(decide(process, customer(invoice(100, 10)), TODAY)) == [("step", 22, 100)]
    done = customer(invoice(100, 10), done={("step", 21, 100)})
    assert decide(process, done, TODAY) == []


def test_unnamed_step_is_named_by_id():
    process = ProcessConfig(1, 1, steps=(StepConfig(21, 1, "email", "after", 1),))
    decisions = decide(process, customer(invoice(100, 1)), TODAY)
    assert str(decisions[0].reason) == "leading invoice 1 day past due; step #21 at +1"


def test_no_invoices_no_decision():
    assert decide(PROCESS, customer(), TODAY) == []
    assert decide(PROCESS, customer(invoice(100, 45, residual=0)), TODAY) == []


def test_process_without_steps():
    assert decide(ProcessConfig(1, 1), customer(invoice(100, 45)), TODAY) == []


# --- exclusions and quiet days --------------------------------------------------------


def test_excluded_customer_gets_nothing():
    process = replace(
        PROCESS, exclude_mode="aged_balance", exclude_amount=Decimal(1000), use_prediction=True
    )
    facts = customer(invoice(100, 45), invoice(101, -3), prediction=LATE_PAYER, balance=999)
    assert decide(process, facts, TODAY) == []
    assert decide(process, replace(facts, aged_balance=Decimal(1000)), TODAY) != []


def test_small_invoices_are_left_alone():
    process = replace(PROCESS, exclude_mode="invoice_amount", exclude_amount=Decimal(50))
    facts = customer(invoice(100, 45, residual=49), invoice(101, -3, residual=49))
    assert decide(process, facts, TODAY) == []


@pytest.mark.parametrize(
    ("days_since_contact", "quiet"), [(0, True), (1, True), (2, False), (9, False)]
)
def test_quiet_days(days_since_contact, quiet):
    process = replace(PROCESS, quiet_days=2, use_prediction=True)
    facts = customer(
        invoice(100, 45),
        invoice(101, -3),
        last_contact=TODAY - timedelta(days=days_since_contact),
        prediction=LATE_PAYER,
    )
    assert (decide(process, facts, TODAY) == []) is quiet


def test_quiet_days_hold_even_when_the_leading_invoice_was_paid():
    # Invoice 100 was acted on yesterday and paid since; 101 leads now. Its
    # step waits until the quiet days are over: deferred, not lost.
    process = replace(PROCESS, quiet_days=3)
    facts = customer(
        invoice(101, 16), done={("step", 13, 100)}, last_contact=TODAY - timedelta(days=1)
    )
    assert decide(process, facts, TODAY) == []
    later = TODAY + timedelta(days=2)
    assert kinds(decide(process, facts, later)) == [("step", 12, 101)]


def test_zero_quiet_days_never_quiet():
    facts = customer(invoice(100, 16), last_contact=TODAY)
    assert kinds(decide(PROCESS, facts, TODAY)) == [("step", 12, 100)]


# --- pre-reminders ---------------------------------------------------------------


def test_pre_reminder_for_every_invoice_once():
    facts = customer(invoice(101, -2), invoice(102, -4), invoice(103, -9))
    decisions = decide(PROCESS, facts, TODAY)
    assert kinds(decisions) == [
        ("pre_reminder", 10, 101),
        ("pre_reminder", 10, 102),
    ]
    pre = decisions[1]
    assert (pre.action_type, pre.offset) == ("email", -5)
    assert str(pre.reason) == (
        "invoice due on 2024-06-05, due in 4 days; pre-reminder 'Heads-up' at -5")
    again = replace(facts, done=frozenset(d.key for d in decisions))
    assert decide(PROCESS, again, TODAY) == []


def test_no_pre_reminder_when_an_older_item_is_overdue():
    # The seed's rule: a customer who already has an older item overdue gets
    # no pre-reminder (the process chases the overdue one); it comes once the
    # overdue item is paid, disputed or otherwise out of the process.
    facts = customer(invoice(100, 20), invoice(101, -2), invoice(102, -4))
    assert kinds(decide(PROCESS, facts, TODAY)) == [("step", 12, 100)]
    disputed = customer(invoice(100, 20, status="disputed"), invoice(101, -2))
    assert kinds(decide(PROCESS, disputed, TODAY)) == [("pre_reminder", 10, 101)]
    # An item due today is not overdue yet: the pre-reminders still go.
    due_today = customer(invoice(100, 0), invoice(101, -2))
    assert kinds(decide(PROCESS, due_today, TODAY)) == [
        ("step", 11, 100), ("pre_reminder", 10, 101)]


def test_one_pre_reminder_per_invoice_for_its_installments():
    first = OpenInvoice(101, TODAY + timedelta(days=2), Decimal(50), Decimal(100), line_id=1)
    second = OpenInvoice(101, TODAY + timedelta(days=4), Decimal(50), Decimal(100), line_id=2)
    decisions = decide(PROCESS, customer(first, second), TODAY)
    assert kinds(decisions) == [("pre_reminder", 10, 101)]
    assert decisions[0].move_line_ids == (1, 2)


def test_pre_reminder_for_the_leading_invoice_too():
    decisions = decide(PROCESS, customer(invoice(100, -5)), TODAY)
    assert kinds(decisions) == [("pre_reminder", 10, 100)]
    assert str(decisions[0].reason) == (
        "invoice due on 2024-06-06, due in 5 days; pre-reminder 'Heads-up' at -5"
    )


def test_stale_pre_reminder_is_not_sent():
    # Invoice 101 is due today: it reached the first regular step (+0), and
    # gets it rather than its pre-reminder.
    facts = customer(invoice(101, 0), invoice(102, -1))
    assert kinds(decide(PROCESS, facts, TODAY)) == [
        ("step", 11, 101),
        ("pre_reminder", 10, 102),
    ]


def test_pre_reminder_without_a_following_step_only_before_the_due_date():
    # Issue: pre-reminders were sent about invoices already overdue (an
    # invoice 90 days late got one when no regular step followed).
    process = ProcessConfig(1, 1, steps=(PRE,))
    facts = customer(invoice(101, 0), invoice(103, -1))
    assert kinds(decide(process, facts, TODAY)) == [("pre_reminder", 10, 103)]
    # Overdue invoices get none, and hold back the others' (an older item overdue).
    assert decide(process, customer(invoice(100, 90), invoice(103, -1)), TODAY) == []


def test_no_pre_reminder_for_an_invoice_due_on_or_before_the_run_date():
    # FAC/2026/00316, due 2026-11-28, got "falls due on 28/11/2026" on the 30th;
    # a simulation 10 days ahead listed invoices 4 days overdue as pre-reminders.
    pre = StepConfig(10, 1, "email", "before", 5, pre_reminder=True)
    late_step = StepConfig(11, 2, "letter", "after", 30)
    process = ProcessConfig(1, 1, steps=(pre, late_step))
    due = date(2026, 11, 28)
    fac = OpenInvoice(316, due, Decimal(100), Decimal(100))
    facts = CustomerFacts(7, (fac,), Decimal(100))
    assert decide(process, facts, date(2026, 11, 30)) == []
    assert decide(process, facts, due) == []
    assert kinds(decide(process, facts, date(2026, 11, 27))) == [("pre_reminder", 10, 316)]
    assert kinds(decide(process, facts, date(2026, 11, 23))) == [("pre_reminder", 10, 316)]
    assert decide(process, facts, date(2026, 11, 22)) == [], "not reached yet"
    overdue_in_ten_days = OpenInvoice(317, TODAY + timedelta(days=6), Decimal(5), Decimal(5))
    ahead = TODAY + timedelta(days=10)
    assert decide(process, replace(facts, invoices=(overdue_in_ten_days,)), ahead) == []


def test_pre_reminder_of_excluded_invoices_is_not_sent():
    facts = customer(invoice(100, -1, on_hold=True))
    assert decide(PROCESS, facts, TODAY) == []


def test_pre_reminder_after_due_date_decides_none():
    # Was: a pre-reminder could sit after the due date and warn about an
    # overdue invoice. A pre-reminder is about an invoice not yet due: such a
    # step is refused (validate_process) and, unvalidated, decides nothing.
    pre = StepConfig(30, 1, "activity", "after", 3, pre_reminder=True)
    process = ProcessConfig(1, 1, steps=(pre, SECOND))
    facts = customer(invoice(100, 4), invoice(101, 15))
    assert kinds(decide(process, facts, TODAY)) == [("step", 12, 101)]


# --- prediction ---------------------------------------------------------------------


def test_prediction_activities_for_invoices_soon_due():
    process = replace(PROCESS, use_prediction=True, prediction_days_before=7)
    facts = customer(
        invoice(100, 3),
        invoice(101, -7),
        invoice(102, -8),
        invoice(103, 0),
        invoice(104, -2, on_hold=True),
        prediction=LATE_PAYER,
        done={("pre_reminder", 10, 101), ("step", 11, 100)},
    )
    decisions = decide(process, facts, TODAY)
    # At most one prediction activity per customer per run (D365): invoice 103
    # (due first among the equally likely) leads; 101 is covered by it.
    assert kinds(decisions) == [("prediction", None, 103), ("prediction", None, 101)]
    prediction, covered = decisions
    assert (prediction.action_type, prediction.offset) == ("activity", None)
    assert (prediction.sent_with, covered.sent_with) == (None, prediction.key)
    assert prediction.outcome == "late"
    assert str(prediction.reason) == (
        # Weights 1, 0.87, 0.76, 0.66, 0.57, 0.5, doubled (same size): 8.72 late, plus
        # one of prior per class: 9.72 / 11.72 late, 1 / 11.72 each other class.
        "invoice due today, likely to be paid late: 9% on time, 83% late, 8% very late; "
        "6 of 6 paid invoices were paid late; invoices of this size were paid late 100% "
        "of the time; paid 14.0 days late on average"
    )


def test_one_prediction_activity_per_customer_the_very_late_class_first():
    # Invoices of this size (large) were paid very late, small ones late.
    history = tuple(
        PaymentRecord(TODAY - timedelta(days=300 - 30 * i),
                      TODAY - timedelta(days=300 - 30 * i - late), Decimal(amount))
        for i, (late, amount) in enumerate([(60, 1000), (50, 1000), (45, 1000),
                                             (10, 10), (12, 10), (9, 10)]))
    process = ProcessConfig(1, 1, use_prediction=True, prediction_days_before=7,
                            prediction_very_late_threshold=40)
    facts = replace(customer(invoice(101, -2, residual=10), invoice(102, -5, residual=900)),
                    payment_history=history)
    decisions = decide(process, facts, TODAY)
    assert [(d.move_id, d.outcome, d.sent_with) for d in decisions] == [
        (102, "very_late", None), (101, "late", ("prediction", 0, 102))]
    assert "likely to be paid very late" in str(decisions[0].reason)
    # The threshold percentages decide: nothing reaches 95%.
    strict = replace(process, prediction_late_threshold=95, prediction_very_late_threshold=95)
    assert decide(strict, facts, TODAY) == []


def test_no_prediction_with_fewer_than_three_paid_invoices():
    process = ProcessConfig(1, 1, use_prediction=True)
    facts = replace(customer(invoice(101, -3), prediction=LATE_PAYER),
                    payment_history=LATE_HISTORY[:2])
    assert decide(process, facts, TODAY) == []


def test_prediction_once_per_invoice():
    process = replace(PROCESS, use_prediction=True)
    facts = customer(invoice(101, -6), prediction=LATE_PAYER, done={("prediction", 0, 101)})
    assert decide(replace(process, steps=()), facts, TODAY) == []


@pytest.mark.parametrize(
    ("use_prediction", "prediction"),
    [(False, LATE_PAYER), (True, GOOD_PAYER), (True, None)],
)
def test_no_prediction_activity(use_prediction, prediction):
    process = ProcessConfig(1, 1, use_prediction=use_prediction)
    facts = customer(invoice(101, -3), prediction=prediction)
    assert decide(process, facts, TODAY) == []


def test_result_order():
    process = replace(PROCESS, use_prediction=True)
    facts = customer(
        invoice(104, -4),
        invoice(103, -1),
        invoice(100, 16),
        invoice(102, -6),
        prediction=LATE_PAYER,
    )
    # No pre-reminder: invoice 100 is overdue; one prediction activity (103,
    # the first due), the others covered by it.
    decisions = decide(process, facts, TODAY)
    assert kinds(decisions) == [
        ("step", 12, 100),
        ("prediction", None, 103),
        ("prediction", None, 104),
        ("prediction", None, 102),
    ]
    assert [d.sent_with is None for d in decisions] == [True, True, False, False]


def test_decide_many():
    a = customer(invoice(100, 16))
    b = replace(customer(invoice(200, 31)), partner_id=8)
    decisions = decide_many(PROCESS, iter([a, b]), TODAY)
    assert [(d.partner_id, d.step_id) for d in decisions] == [(7, 12), (8, 13)]


# --- properties ---------------------------------------------------------------------


@st.composite
def processes(draw):
    count = draw(st.integers(0, 6))
    pre_index = draw(st.none() | st.integers(0, max(count - 1, 0)))
    # A pre-reminder is placed before the due date (validate_process).
    steps = tuple(
        StepConfig(
            id=100 + index,
            sequence=draw(st.integers(0, 5)),
            action_type=draw(st.sampled_from(vocabulary.keys(vocabulary.ACTION_TYPES))),
            timing="before" if index == pre_index
            else draw(st.sampled_from(vocabulary.keys(vocabulary.TIMINGS))),
            days=draw(st.integers(1 if index == pre_index else 0, 60)),
            pre_reminder=index == pre_index,
        )
        for index in range(count)
    )
    return ProcessConfig(
        id=1,
        rank=1,
        quiet_days=draw(st.integers(0, 5)),
        exclude_mode=draw(st.sampled_from(vocabulary.keys(vocabulary.EXCLUDE_MODES))),
        exclude_amount=Decimal(draw(st.integers(0, 100))),
        use_prediction=draw(st.booleans()),
        prediction_days_before=draw(st.integers(0, 10)),
        steps=steps,
    )


@st.composite
def customers(draw, process):
    move_ids = draw(st.lists(st.integers(1, 30), unique=True, max_size=8))
    invoices = tuple(
        OpenInvoice(
            move_id,
            TODAY + timedelta(days=draw(st.integers(-90, 20) | st.integers(-3, 10))),
            Decimal(draw(st.integers(1, 150))),
            Decimal(150),
            draw(st.booleans()) and draw(st.booleans()),
            draw(st.sampled_from(vocabulary.keys(vocabulary.COLLECTION_STATUSES))),
            draw(st.none() | st.integers(-5, 5).map(lambda d: TODAY + timedelta(days=d))),
        )
        for move_id in move_ids
    )
    step_ids = [step.id for step in process.steps] or [100]
    all_moves = move_ids + [31, 32]
    triples = st.tuples(
        st.sampled_from(vocabulary.keys(vocabulary.DECISION_KINDS)),
        st.sampled_from(step_ids + [0]),
        st.sampled_from(all_moves),
    )
    done = frozenset(draw(st.lists(triples, max_size=10)))
    last_contact = draw(st.none() | st.integers(0, 8).map(lambda d: TODAY - timedelta(days=d)))
    prediction = draw(st.sampled_from([None, LATE_PAYER, GOOD_PAYER]))
    balance = Decimal(draw(st.integers(-50, 1000)))
    return CustomerFacts(7, invoices, balance, last_contact, done, prediction)


@st.composite
def cases(draw):
    process = draw(processes())
    return process, draw(customers(process))


def _check(process, facts, decisions):
    steps = {step.id: step for step in process.steps}
    leading = leading_invoice(process, facts, TODAY)
    invoices = {invoice.move_id: invoice for invoice in facts.invoices}
    if customer_excluded(process, facts) is not None:
        assert decisions == []
    last = facts.last_contact_date
    if last is not None and (TODAY - last).days < process.quiet_days:
        assert decisions == []
    keys = [decision.key for decision in decisions]
    assert len(keys) == len(set(keys)), "duplicate decisions"
    assert not set(keys) & facts.done, "decision already done"
    step_decisions = [d for d in decisions if d.kind == "step"]
    assert len(step_decisions) <= 1
    for decision in decisions:
        assert decision.partner_id == facts.partner_id
        assert decision.process_id == process.id
        invoice = invoices[decision.move_id]
        assert invoice.residual > 0
        assert excluded_invoice(process, invoice, TODAY) is None, "excluded invoice"
        elapsed = (TODAY - invoice.due_date).days
        if decision.kind == "step":
            assert leading is not None and decision.move_id == leading.move_id
            step = steps[decision.step_id]
            assert not step.pre_reminder
            assert step.offset <= elapsed
            assert decision.offset == step.offset
            for other in process.steps:
                if not other.pre_reminder and ("step", other.id, leading.move_id) in facts.done:
                    assert other.offset < step.offset, "went back to an earlier step"
        elif decision.kind == "pre_reminder":
            step = steps[decision.step_id]
            assert step.pre_reminder
            assert step.offset <= elapsed
            assert invoice.due_date > TODAY, "a pre-reminder is about an invoice not yet due"
        else:
            assert decision.kind == "prediction"
            assert process.use_prediction and facts.prediction.likely_late
            assert 0 <= -elapsed <= process.prediction_days_before
            assert decision.step_id is None and decision.action_type == "activity"


@settings(max_examples=300)
@given(cases())
def test_decide_invariants(case):
    process, facts = case
    _check(process, facts, decide(process, facts, TODAY))


@settings(max_examples=300)
@given(cases())
def test_decide_is_deterministic_and_order_independent(case):
    process, facts = case
    shuffled = replace(
        facts, invoices=tuple(reversed(facts.invoices)), done=frozenset(list(facts.done))
    )
    shuffled_process = replace(process, steps=tuple(reversed(process.steps)))
    assert decide(process, facts, TODAY) == decide(shuffled_process, shuffled, TODAY)


@settings(max_examples=300)
@given(cases())
def test_running_again_repeats_nothing(case):
    process, facts = case
    decisions = decide(process, facts, TODAY)
    done = facts.done | {decision.key for decision in decisions}
    again = replace(facts, done=done)
    assert decide(process, again, TODAY) == []
    if decisions:
        contacted = replace(again, last_contact_date=TODAY)
        assert decide(process, contacted, TODAY) == []
        if process.quiet_days:
            assert decide(process, replace(facts, last_contact_date=TODAY), TODAY) == []


@settings(max_examples=200)
@given(cases(), st.integers(1, 60))
def test_a_later_run_never_goes_back(case, days):
    process, facts = case
    first = decide(process, facts, TODAY)
    facts = replace(facts, done=facts.done | {decision.key for decision in first})
    later = TODAY + timedelta(days=days)
    second = decide(process, facts, later)
    leading = leading_invoice(process, facts, later)
    steps = {step.id: step for step in process.steps}
    for decision in second:
        assert decision.key not in facts.done
        if decision.kind == "step":
            for done_kind, step_id, move_id in facts.done:
                if done_kind == "step" and move_id == leading.move_id and step_id in steps:
                    if not steps[step_id].pre_reminder:
                        assert steps[step_id].offset < steps[decision.step_id].offset


@given(cases())
def test_all_invoices_paid_means_no_step(case):
    process, facts = case
    paid = replace(facts, invoices=())
    assert [d for d in decide(process, paid, TODAY) if d.kind == "step"] == []
    assert decide(process, paid, TODAY) == []


@given(cases())
def test_validate_accepts_generated_processes(case):
    process, _facts = case
    validate_process(process)


@settings(max_examples=300)
@given(cases(), st.integers(-30, 60))
def test_never_a_pre_reminder_for_an_invoice_due_on_or_before_the_run_date(case, shift):
    process, facts = case
    run_date = TODAY + timedelta(days=shift)
    invoices = {invoice.move_id: invoice for invoice in facts.invoices}
    for decision in decide(process, facts, run_date):
        if decision.kind == "pre_reminder":
            assert invoices[decision.move_id].due_date > run_date


@settings(max_examples=300)
@given(cases(), st.integers(-10, 10))
def test_never_an_action_on_an_invoice_on_hold_disputed_or_promised(case, shift):
    process, facts = case
    run_date = TODAY + timedelta(days=shift)
    invoices = {invoice.move_id: invoice for invoice in facts.invoices}
    for decision in decide(process, facts, run_date):
        invoice = invoices[decision.move_id]
        assert not invoice.on_hold and invoice.status != "disputed"
        assert not (invoice.status == "promised" and invoice.promise_date is not None
                    and invoice.promise_date >= run_date), "a pending promise is not chased"


def test_assign_customer_in_a_pool_no_process_works():
    """A customer in pools no active process works is said to be there, not in no pool."""
    result = assign({7: [], 8: [(1, 20)]}, {}, {7: ["Export", "Archive"], 8: ["Export"]})
    assert result[7].source == "none"
    assert result[7].reason == Reason.of(IN_IDLE_POOL, pool="Archive, Export")
    assert str(result[7].reason) == "in pool Archive, Export, which no process works"
    assert result[8].process_id == 20, "a worked pool wins"
    assert assign({}, {}, {9: ["Export"]})[9].process_id is None


def test_reasons_are_message_ids_with_plain_parameters():
    """Reasons carry a message id and plain values (dates as dates) for the
    Odoo layer to translate and format; they survive a JSON round trip."""
    steps = (StepConfig(21, 1, "email", "after", 1), StepConfig(22, 2, "email", "after", 5),
             StepConfig(23, 3, "letter", "after", 30, name="Letter"))
    process = ProcessConfig(1, 1, steps=steps)
    facts = CustomerFacts(7, (OpenInvoice(100, date(2024, 4, 1), Decimal(50), Decimal(50)),),
                          Decimal(50))
    (decision,) = decide(process, facts, TODAY)
    reason = decision.reason
    assert reason.message == STEP_REACHED_SKIPPED
    assert reason.kwargs()["skipped"] == 2
    assert str(reason) == "leading invoice 61 days past due; step 'Letter' at +30 " \
        "(2 earlier steps skipped)"
    assert from_json(to_json(reason)) == reason
    translated = reason.render(lambda message: f"<{message}>", lambda value: f"[{value}]")
    assert translated == "<leading invoice <[61] days past due>; step ['Letter'] at [+30] " \
        "([2] earlier steps skipped)>"
