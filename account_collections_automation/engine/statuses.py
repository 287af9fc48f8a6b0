# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Collections statuses of the open receivable items (an invoice's lines with a
due date: each installment has its own).

- :func:`validate_change` refuses a bad status change, naming the field and
  the value (:class:`StatusError`); the model's constraint and the change
  status wizard call it before anything is written.
- :func:`invoice_status` is what an invoice shows of its items' statuses.
- :func:`settle_promises` is the daily job's decision: which promises were
  kept, which were broken.
"""

import datetime
from decimal import Decimal
from typing import NamedTuple

from .errors import RuleError
from .promises import BROKEN as PROMISE_BROKEN
from .promises import KEPT as PROMISE_KEPT
from .promises import promise_state
from .vocabulary import COLLECTION_STATUSES, keys

NONE, DISPUTED, PROMISED, RESOLVED, BROKEN = keys(COLLECTION_STATUSES)

# The rules a status change can break.
STATUS_RULES = (
    "unknown",  # not a status
    "paid",  # the item is paid: nothing left to collect
    "draft",  # the item is not posted
    "required",  # a dispute without a reason, a promise without a date or amount
    "past",  # a promise for a day already gone
    "not_positive",  # a promised amount of zero or less
    "above_open",  # a promised amount above the item's open amount
)

# What an invoice shows when its items differ: the first status found in this order.
_INVOICE_PRIORITY = (DISPUTED, PROMISED, BROKEN, RESOLVED)


class StatusError(RuleError):
    """A refused status change: the ``field`` and ``value`` at fault, the
    ``rule`` broken (one of :data:`STATUS_RULES`); the English text is for logs.

    >>> error = StatusError("collection_status", "disputed", "paid", "item 4 is paid")
    >>> error.field, error.value, error.rule
    ('collection_status', 'disputed', 'paid')
    """

    RULES = STATUS_RULES


class StatusChange(NamedTuple):
    """A status to give an open item, and the item as it stands.

    ``posted``: the item's entry is posted; ``residual``: its open amount
    (zero or less: paid).
    """

    status: str
    posted: bool
    residual: Decimal
    dispute_reason: int | None = None
    promise_date: datetime.date | None = None
    promise_amount: Decimal | None = None


def validate_change(change: StatusChange, today: datetime.date) -> None:
    """Raise :class:`StatusError` when ``change`` may not be made on ``today``.

    >>> day = datetime.date(2024, 5, 1)
    >>> validate_change(StatusChange('promised', True, Decimal(100), None, day, Decimal(100)), day)
    >>> validate_change(StatusChange('none', True, Decimal(0)), day)
    Traceback (most recent call last):
    ...
    account_collections_automation.engine.statuses.StatusError: the item is paid: \
no status 'none' on a paid item
    >>> try:
    ...     validate_change(StatusChange('promised', True, Decimal(100), None,
    ...                                  datetime.date(2024, 4, 30), Decimal(50)), day)
    ... except StatusError as error:
    ...     print(error.field, error.value, error.rule)
    collection_promise_date 2024-04-30 past
    >>> try:
    ...     validate_change(StatusChange('disputed', True, Decimal(100)), day)
    ... except StatusError as error:
    ...     print(error.field, error.value, error.rule)
    collection_dispute_reason_id None required
    """
    status = change.status
    if status not in keys(COLLECTION_STATUSES):
        raise StatusError("collection_status", status, "unknown", f"unknown status: {status!r}")
    if not change.posted:
        raise StatusError("collection_status", status, "draft",
                          f"the item is not posted: no status {status!r} on a draft item")
    if change.residual <= 0:
        raise StatusError("collection_status", status, "paid",
                          f"the item is paid: no status {status!r} on a paid item")
    if status == DISPUTED and not change.dispute_reason:
        raise StatusError("collection_dispute_reason_id", change.dispute_reason, "required",
                          "a dispute needs a reason")
    if status == PROMISED:
        if change.promise_date is None:
            raise StatusError("collection_promise_date", None, "required",
                              "a promise to pay needs a date")
        if change.promise_date < today:
            raise StatusError("collection_promise_date", change.promise_date, "past",
                              f"the promised date {change.promise_date} is before {today}")
        amount = change.promise_amount
        if amount is None or amount <= 0:
            raise StatusError("collection_promise_amount", amount, "not_positive",
                              f"the promised amount must be positive: {amount}")
        if amount > change.residual:
            raise StatusError("collection_promise_amount", amount, "above_open",
                              f"the promised amount {amount} is above the open amount "
                              f"{change.residual}")


def invoice_status(statuses) -> str:
    """The status an invoice shows of its open items' ``statuses``: disputed
    when one is, else promised, else broken, else resolved, else none.

    >>> invoice_status(['none', 'promised', 'disputed'])
    'disputed'
    >>> invoice_status(['resolved', 'none'])
    'resolved'
    >>> invoice_status([])
    'none'
    """
    found = set(statuses)
    return next((status for status in _INVOICE_PRIORITY if status in found), NONE)


class PromiseFact(NamedTuple):
    """A promised item: its promised date, and the day it was paid in full
    (``None``: it is not)."""

    line_id: int
    promise_date: datetime.date
    paid_date: datetime.date | None


def settle_promises(promises, today: datetime.date) -> dict[int, str]:
    """The daily job's decision on the promised items: ``{line id: 'kept' or
    'broken'}`` for each promise decided on ``today`` (a promise not decided
    yet, its date to come and the item unpaid, is left out).

    Kept: paid in full by the promised date. Broken: the date has passed and
    the item was not paid in full by then (``promises.promise_state``).

    >>> d = datetime.date
    >>> settle_promises([PromiseFact(1, d(2024, 5, 1), d(2024, 4, 30)),
    ...                  PromiseFact(2, d(2024, 5, 1), None),
    ...                  PromiseFact(3, d(2024, 5, 3), None),
    ...                  PromiseFact(4, d(2024, 5, 1), d(2024, 5, 2))], d(2024, 5, 2))
    {1: 'kept', 2: 'broken', 4: 'broken'}
    """
    decided = {}
    for promise in promises:
        state = promise_state(promise.promise_date, promise.paid_date, today)
        if state in (PROMISE_KEPT, PROMISE_BROKEN):
            decided[promise.line_id] = state
    return decided
