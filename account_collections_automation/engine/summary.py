# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The written summary of a customer's situation, as translatable sentences.

``summarize`` returns ``(message_id, params)`` pairs. A message id is an
English format string with named ``%(name)s`` placeholders; the Odoo layer
translates it with ``_()`` and fills it with the params, formatting amounts
(``Decimal``, company currency) and dates itself. Every message id is a
module-level constant wrapped in the marker ``_()`` below, an identity
function, so that Odoo's translation extractor finds the strings here.

Sentences come in this order, each only when it applies: balance and overdue
(or nothing owed, or a credit); the oldest overdue invoice; disputes; promises
to pay (next date, broken promises); last payment; last contact; reminder
level; credit limit exceeded.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


def _(message):
    """Mark ``message`` for translation; the Odoo layer translates it."""
    return message


NOTHING_OWED = _("Nothing is owed.")
CREDIT_BALANCE = _("The customer has a credit of %(amount)s.")
BALANCE_NOT_OVERDUE = _("The balance is %(balance)s, none of it overdue.")
BALANCE_OVERDUE = _("The balance is %(balance)s, of which %(overdue)s is overdue.")
OVERDUE_ONE = _("1 invoice is overdue; it was due on %(date)s, %(days)s days ago.")
OVERDUE_ONE_YESTERDAY = _("1 invoice is overdue; it was due yesterday, %(date)s.")
OVERDUE_MANY = _(
    "%(count)s invoices are overdue; the oldest was due on %(date)s, %(days)s days ago."
)
OVERDUE_MANY_YESTERDAY = _(
    "%(count)s invoices are overdue; the oldest was due yesterday, %(date)s."
)
REMINDER_LEVEL = _("Reminder level %(level)s has been reached.")
NO_REMINDER = _("No reminder has been sent yet.")
DISPUTED_ONE = _("1 invoice is disputed, for %(amount)s.")
DISPUTED_MANY = _("%(count)s invoices are disputed, for %(amount)s in total.")
PROMISED_ONE = _("Payment of %(amount)s is promised for 1 invoice.")
PROMISED_MANY = _("Payment of %(amount)s is promised for %(count)s invoices.")
NEXT_PROMISE = _("The next promised payment date is %(date)s.")
PROMISE_DATE_PASSED = _("The promised payment date, %(date)s, has passed.")
BROKEN_PROMISE_ONE = _("1 promise to pay has been broken.")
BROKEN_PROMISES_MANY = _("%(count)s promises to pay have been broken.")
OVER_CREDIT_LIMIT = _("The balance exceeds the credit limit of %(credit_limit)s by %(excess)s.")
LAST_PAYMENT = _("The last payment, of %(amount)s, was received on %(date)s.")
LAST_PAYMENT_DATE = _("The last payment was received on %(date)s.")
NO_PAYMENT = _("No payment has ever been received.")
LAST_CONTACT = _("The customer was last contacted on %(date)s.")
NEVER_CONTACTED = _("The customer has never been contacted.")

MESSAGES = (
    NOTHING_OWED,
    CREDIT_BALANCE,
    BALANCE_NOT_OVERDUE,
    BALANCE_OVERDUE,
    OVERDUE_ONE,
    OVERDUE_ONE_YESTERDAY,
    OVERDUE_MANY,
    OVERDUE_MANY_YESTERDAY,
    REMINDER_LEVEL,
    NO_REMINDER,
    DISPUTED_ONE,
    DISPUTED_MANY,
    PROMISED_ONE,
    PROMISED_MANY,
    NEXT_PROMISE,
    PROMISE_DATE_PASSED,
    BROKEN_PROMISE_ONE,
    BROKEN_PROMISES_MANY,
    OVER_CREDIT_LIMIT,
    LAST_PAYMENT,
    LAST_PAYMENT_DATE,
    NO_PAYMENT,
    LAST_CONTACT,
    NEVER_CONTACTED,
)


@dataclass(frozen=True)
class SummaryFacts:
    """What is known of a customer's situation; amounts in ``currency``."""

    currency: str
    balance: Decimal
    overdue: Decimal
    oldest_overdue_due_date: date | None
    overdue_count: int
    disputed_count: int
    disputed_amount: Decimal
    promised_count: int
    promised_amount: Decimal
    next_promise_date: date | None
    broken_promises: int
    last_payment_date: date | None
    last_payment_amount: Decimal | None
    last_contact_date: date | None
    reminder_level: int
    credit_limit: Decimal
    today: date


def summarize(facts: SummaryFacts) -> list[tuple[str, dict]]:
    """The summary as ``(message_id, params)`` sentences, in a fixed order.

    >>> facts = SummaryFacts(
    ...     currency='EUR', balance=Decimal('1500'), overdue=Decimal('900'),
    ...     oldest_overdue_due_date=date(2024, 3, 1), overdue_count=2,
    ...     disputed_count=0, disputed_amount=Decimal(0),
    ...     promised_count=1, promised_amount=Decimal('400'),
    ...     next_promise_date=date(2024, 4, 5), broken_promises=0,
    ...     last_payment_date=None, last_payment_amount=None,
    ...     last_contact_date=date(2024, 3, 20), reminder_level=1,
    ...     credit_limit=Decimal(1000), today=date(2024, 4, 1))
    >>> for message, params in summarize(facts):
    ...     print(render(message, params, facts.currency))
    The balance is 1,500.00 EUR, of which 900.00 EUR is overdue.
    2 invoices are overdue; the oldest was due on 2024-03-01, 31 days ago.
    Payment of 400.00 EUR is promised for 1 invoice.
    The next promised payment date is 2024-04-05.
    No payment has ever been received.
    The customer was last contacted on 2024-03-20.
    Reminder level 1 has been reached.
    The balance exceeds the credit limit of 1,000.00 EUR by 500.00 EUR.
    """
    sentences = []
    add = sentences.append
    today = facts.today

    if facts.overdue > 0:
        add((BALANCE_OVERDUE, {"balance": facts.balance, "overdue": facts.overdue}))
        oldest = facts.oldest_overdue_due_date
        if oldest is not None:
            days = (today - oldest).days
            params = {"date": oldest, "days": days, "count": facts.overdue_count}
            if facts.overdue_count == 1:
                add((OVERDUE_ONE_YESTERDAY if days == 1 else OVERDUE_ONE, params))
            else:
                add((OVERDUE_MANY_YESTERDAY if days == 1 else OVERDUE_MANY, params))
    elif facts.balance > 0:
        add((BALANCE_NOT_OVERDUE, {"balance": facts.balance}))
    elif facts.balance < 0:
        add((CREDIT_BALANCE, {"amount": -facts.balance}))
    else:
        add((NOTHING_OWED, {}))

    if facts.disputed_count > 0:
        params = {"count": facts.disputed_count, "amount": facts.disputed_amount}
        add((DISPUTED_ONE if facts.disputed_count == 1 else DISPUTED_MANY, params))

    if facts.promised_count > 0:
        params = {"count": facts.promised_count, "amount": facts.promised_amount}
        add((PROMISED_ONE if facts.promised_count == 1 else PROMISED_MANY, params))
        promise = facts.next_promise_date
        if promise is not None:
            add((NEXT_PROMISE if promise >= today else PROMISE_DATE_PASSED, {"date": promise}))
    if facts.broken_promises > 0:
        params = {"count": facts.broken_promises}
        add((BROKEN_PROMISE_ONE if facts.broken_promises == 1 else BROKEN_PROMISES_MANY, params))

    if facts.last_payment_date is None:
        add((NO_PAYMENT, {}))
    elif facts.last_payment_amount is None:
        add((LAST_PAYMENT_DATE, {"date": facts.last_payment_date}))
    else:
        add(
            (
                LAST_PAYMENT,
                {
                    "date": facts.last_payment_date,
                    "amount": facts.last_payment_amount,
                },
            )
        )

    if facts.last_contact_date is None:
        add((NEVER_CONTACTED, {}))
    else:
        add((LAST_CONTACT, {"date": facts.last_contact_date}))

    if facts.reminder_level > 0:
        add((REMINDER_LEVEL, {"level": facts.reminder_level}))
    elif facts.overdue > 0:
        add((NO_REMINDER, {}))

    if facts.credit_limit > 0 and facts.balance > facts.credit_limit:
        add(
            (
                OVER_CREDIT_LIMIT,
                {
                    "credit_limit": facts.credit_limit,
                    "excess": facts.balance - facts.credit_limit,
                },
            )
        )
    return sentences


def render(message: str, params: dict, currency: str) -> str:
    """Fill a sentence in plain English, for tests and logs (the Odoo layer
    formats with the user's language instead): amounts with two decimals and
    the currency, dates in ISO format.

    >>> render(LAST_PAYMENT, {'date': date(2024, 5, 2), 'amount': Decimal('1234.5')}, 'USD')
    'The last payment, of 1,234.50 USD, was received on 2024-05-02.'
    """

    def plain(value):
        if isinstance(value, Decimal):
            return f"{value:,.2f} {currency}"
        if isinstance(value, date):
            return value.isoformat()
        return value

    return message % {name: plain(value) for name, value in params.items()}
