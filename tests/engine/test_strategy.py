# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The difference between two strategies (engine/strategy.py), by hand."""

from datetime import date
from decimal import Decimal as D

from account_collections_automation.engine import strategy
from account_collections_automation.engine.process import (
    CustomerFacts,
    OpenInvoice,
    ProcessConfig,
    StepConfig,
)

TODAY = date(2024, 3, 20)
# Invoice 100 due 1 March (19 days overdue), invoice 101 due 15 March (5 days).
CUSTOMER = CustomerFacts(7, (
    OpenInvoice(100, date(2024, 3, 1), D(500), D(500)),
    OpenInvoice(101, date(2024, 3, 15), D(80), D(80)),
), D(580))
MAILS = ProcessConfig(1, 1, steps=(
    StepConfig(11, 1, "email", "after", 5, name="Reminder"),
    StepConfig(12, 2, "letter", "after", 30, name="Letter"),
))
CALLS = ProcessConfig(2, 2, steps=(
    StepConfig(21, 1, "activity", "after", 10, name="Call"),
    StepConfig(22, 2, "letter", "after", 25, name="Letter"),
))


def test_two_processes_differ_in_step_and_action_type():
    # MAILS: 19 days after the leading invoice's due date, "Reminder" (5 days)
    # is reached today; CALLS: "Call" (10 days) is reached today.
    mine = strategy.outlook(MAILS, CUSTOMER, TODAY)
    theirs = strategy.outlook(CALLS, CUSTOMER, TODAY)
    assert mine == strategy.Outlook("Reminder", "email", TODAY, frozenset({100}))
    assert theirs == strategy.Outlook("Call", "activity", TODAY, frozenset({100}))
    assert strategy.changes(mine, theirs) == ("step", "action_type")


def test_steps_done_move_the_next_date():
    # Both first steps done for invoice 100: MAILS' letter falls on 31 March,
    # CALLS' on 26 March; neither acts today.
    done = frozenset({("step", 11, 100), ("step", 21, 100)})
    customer = CustomerFacts(7, CUSTOMER.invoices, D(580), done=done)
    mine = strategy.outlook(MAILS, customer, TODAY)
    theirs = strategy.outlook(CALLS, customer, TODAY)
    assert (mine.step, mine.date) == ("Letter", date(2024, 3, 31))
    assert (theirs.step, theirs.date) == ("Letter", date(2024, 3, 26))
    assert strategy.changes(mine, theirs) == ("date",)


def test_an_edit_excluding_small_balances_leaves_the_customer_alone():
    # An unsaved edit: customers whose aged balance is under 1,000 are
    # excluded; this one owes 580, so only the saved process acts.
    edited = ProcessConfig(1, 1, exclude_mode="aged_balance", exclude_amount=D(1000),
                           steps=MAILS.steps)
    mine = strategy.outlook(MAILS, CUSTOMER, TODAY)
    assert strategy.outlook(edited, CUSTOMER, TODAY) is None
    assert strategy.changes(mine, None) == ("only_this",)


def test_an_edit_adding_a_pre_reminder_covers_more_items():
    # A pre-reminder 3 days before the due date of an invoice due in 3 days
    # (102, due 23 March) joins the step of invoice 101, due today (not yet
    # overdue: a customer with an older item overdue gets no pre-reminder).
    customer = CustomerFacts(7, (
        OpenInvoice(101, TODAY, D(80), D(80)),
        OpenInvoice(102, date(2024, 3, 23), D(90), D(90)),), D(170))
    mails = ProcessConfig(1, 1, steps=(
        StepConfig(11, 1, "email", "after", 0, name="Reminder"),))
    edited = ProcessConfig(1, 1, steps=mails.steps + (
        StepConfig(13, 0, "email", "before", 3, pre_reminder=True, name="Heads-up"),))
    mine = strategy.outlook(mails, customer, TODAY)
    theirs = strategy.outlook(edited, customer, TODAY)
    assert mine.items == frozenset({101})
    assert theirs.items == frozenset({101, 102})
    assert strategy.changes(mine, theirs) == ("items",)
    # With invoice 100 overdue, the same edit adds nothing.
    assert strategy.outlook(edited, CUSTOMER, TODAY) == strategy.outlook(MAILS, CUSTOMER, TODAY)


def test_count_changes():
    rows = [("step", "action_type"), ("date",), ("only_other",), ("date", "items")]
    assert strategy.count_changes(rows) == {
        "only_this": 0, "only_other": 1, "step": 1, "action_type": 1, "date": 2, "items": 1}
