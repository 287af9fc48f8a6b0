# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import ast
import pathlib
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from account_collections_automation.engine import summary
from account_collections_automation.engine.summary import SummaryFacts, render, summarize

TODAY = date(2024, 6, 1)

CLEAN = SummaryFacts(
    currency="EUR",
    balance=Decimal(0),
    overdue=Decimal(0),
    oldest_overdue_due_date=None,
    overdue_count=0,
    disputed_count=0,
    disputed_amount=Decimal(0),
    promised_count=0,
    promised_amount=Decimal(0),
    next_promise_date=None,
    broken_promises=0,
    last_payment_date=None,
    last_payment_amount=None,
    last_contact_date=None,
    reminder_level=0,
    credit_limit=Decimal(0),
    today=TODAY,
)

TROUBLED = replace(
    CLEAN,
    balance=Decimal("5200.00"),
    overdue=Decimal("3100.50"),
    oldest_overdue_due_date=date(2024, 3, 18),
    overdue_count=3,
    disputed_count=2,
    disputed_amount=Decimal("800.00"),
    promised_count=1,
    promised_amount=Decimal("1000.00"),
    next_promise_date=date(2024, 5, 20),
    broken_promises=2,
    last_payment_date=date(2024, 2, 10),
    last_payment_amount=Decimal("450.00"),
    last_contact_date=date(2024, 5, 28),
    reminder_level=2,
    credit_limit=Decimal("5000.00"),
)


def text(facts):
    return [render(message, params, facts.currency) for message, params in summarize(facts)]


def test_nothing_owed_never_paid_never_contacted():
    assert summarize(CLEAN) == [
        (summary.NOTHING_OWED, {}),
        (summary.NO_PAYMENT, {}),
        (summary.NEVER_CONTACTED, {}),
    ]
    assert text(CLEAN) == [
        "Nothing is owed.",
        "No payment has ever been received.",
        "The customer has never been contacted.",
    ]


def test_credit_balance():
    facts = replace(CLEAN, balance=Decimal("-75.20"))
    assert summarize(facts)[0] == (summary.CREDIT_BALANCE, {"amount": Decimal("75.20")})
    assert text(facts)[0] == "The customer has a credit of 75.20 EUR."


def test_balance_not_yet_due():
    facts = replace(
        CLEAN,
        balance=Decimal(1200),
        last_payment_date=date(2024, 5, 2),
        last_payment_amount=Decimal(300),
        last_contact_date=date(2024, 4, 1),
        credit_limit=Decimal(5000),
    )
    assert text(facts) == [
        "The balance is 1,200.00 EUR, none of it overdue.",
        "The last payment, of 300.00 EUR, was received on 2024-05-02.",
        "The customer was last contacted on 2024-04-01.",
    ]


def test_troubled_customer():
    assert text(TROUBLED) == [
        "The balance is 5,200.00 EUR, of which 3,100.50 EUR is overdue.",
        "3 invoices are overdue; the oldest was due on 2024-03-18, 75 days ago.",
        "2 invoices are disputed, for 800.00 EUR in total.",
        "Payment of 1,000.00 EUR is promised for 1 invoice.",
        "The promised payment date, 2024-05-20, has passed.",
        "2 promises to pay have been broken.",
        "The last payment, of 450.00 EUR, was received on 2024-02-10.",
        "The customer was last contacted on 2024-05-28.",
        "Reminder level 2 has been reached.",
        "The balance exceeds the credit limit of 5,000.00 EUR by 200.00 EUR.",
    ]


def test_params_carry_raw_values():
    sentences = dict(summarize(TROUBLED))
    assert sentences[summary.BALANCE_OVERDUE] == {
        "balance": Decimal("5200.00"),
        "overdue": Decimal("3100.50"),
    }
    assert sentences[summary.OVERDUE_MANY] == {
        "date": date(2024, 3, 18),
        "days": 75,
        "count": 3,
    }
    assert sentences[summary.OVER_CREDIT_LIMIT] == {
        "credit_limit": Decimal("5000.00"),
        "excess": Decimal("200.00"),
    }
    assert sentences[summary.REMINDER_LEVEL] == {"level": 2}


def test_singulars():
    facts = replace(
        TROUBLED,
        overdue_count=1,
        disputed_count=1,
        broken_promises=1,
        promised_count=1,
        next_promise_date=date(2024, 6, 10),
    )
    assert text(facts)[1:6] == [
        "1 invoice is overdue; it was due on 2024-03-18, 75 days ago.",
        "1 invoice is disputed, for 800.00 EUR.",
        "Payment of 1,000.00 EUR is promised for 1 invoice.",
        "The next promised payment date is 2024-06-10.",
        "1 promise to pay has been broken.",
    ]


def test_overdue_since_yesterday():
    facts = replace(TROUBLED, oldest_overdue_due_date=date(2024, 5, 31))
    assert text(facts)[1] == "3 invoices are overdue; the oldest was due yesterday, 2024-05-31."
    facts = replace(facts, overdue_count=1)
    assert text(facts)[1] == "1 invoice is overdue; it was due yesterday, 2024-05-31."


def test_many_promises_due_today():
    facts = replace(TROUBLED, promised_count=3, next_promise_date=TODAY)
    lines = text(facts)
    assert "Payment of 1,000.00 EUR is promised for 3 invoices." in lines
    assert "The next promised payment date is 2024-06-01." in lines


def test_promise_without_date_and_payment_without_amount():
    facts = replace(TROUBLED, next_promise_date=None, last_payment_amount=None)
    lines = text(facts)
    assert not any("promised payment date" in line for line in lines)
    assert "The last payment was received on 2024-02-10." in lines


def test_overdue_without_known_date():
    facts = replace(TROUBLED, oldest_overdue_due_date=None)
    assert text(facts)[:2] == [
        "The balance is 5,200.00 EUR, of which 3,100.50 EUR is overdue.",
        "2 invoices are disputed, for 800.00 EUR in total.",
    ]


def test_overdue_without_reminder():
    facts = replace(TROUBLED, reminder_level=0)
    assert "No reminder has been sent yet." in text(facts)
    assert "No reminder has been sent yet." not in text(replace(facts, overdue=Decimal(0)))


@pytest.mark.parametrize(
    ("balance", "credit_limit", "over"),
    [(5200, 5000, True), (5000, 5000, False), (5200, 0, False)],
)
def test_credit_limit(balance, credit_limit, over):
    facts = replace(TROUBLED, balance=Decimal(balance), credit_limit=Decimal(credit_limit))
    messages = [message for message, _params in summarize(facts)]
    assert (summary.OVER_CREDIT_LIMIT in messages) is over


def test_deterministic():
    assert summarize(TROUBLED) == summarize(replace(TROUBLED))
    assert summarize(TROUBLED) == summarize(TROUBLED)


def test_every_sentence_fills_its_placeholders():
    for facts in (CLEAN, TROUBLED, replace(TROUBLED, overdue_count=1, reminder_level=0)):
        for message, params in summarize(facts):
            assert message in summary.MESSAGES
            assert set(re.findall(r"%\((\w+)\)s", message)) <= set(params)
            assert "%(" not in render(message, params, facts.currency)


def test_message_ids_are_marked_for_translation():
    """Every message constant is a literal wrapped in _() for Odoo's extractor."""
    source = pathlib.Path(summary.__file__).read_text()
    marked = {
        node.args[0].value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "_"
        and isinstance(node.args[0], ast.Constant)
    }
    assert set(summary.MESSAGES) <= marked
    assert len(set(summary.MESSAGES)) == len(summary.MESSAGES)
    assert summary._("anything") == "anything"
