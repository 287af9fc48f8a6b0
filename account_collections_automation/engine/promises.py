# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Promises to pay: kept, broken or pending."""

import datetime

from .vocabulary import PROMISE_STATES, keys

PENDING, KEPT, BROKEN = keys(PROMISE_STATES)


def promise_state(
    promise_date: datetime.date | None,
    paid_date: datetime.date | None,
    today: datetime.date,
) -> str | None:
    """The state of a promise to pay by ``promise_date`` (``None``: no promise).

    ``paid_date`` is the day the invoice was paid in full (``None``: not
    paid in full). Kept: paid in full by the promised date. Broken: paid in
    full after it, or not paid in full and the date has passed. Pending
    otherwise (not paid in full yet, the date still to come or today).

    >>> d = datetime.date
    >>> promise_state(d(2024, 3, 10), d(2024, 3, 10), d(2024, 3, 20))
    'kept'
    >>> promise_state(d(2024, 3, 10), d(2024, 3, 11), d(2024, 3, 20))
    'broken'
    >>> promise_state(d(2024, 3, 10), None, d(2024, 3, 10))
    'pending'
    >>> promise_state(d(2024, 3, 10), None, d(2024, 3, 11))
    'broken'
    >>> promise_state(None, None, d(2024, 3, 11))
    """
    if promise_date is None:
        return None
    if paid_date is not None:
        return KEPT if paid_date <= promise_date else BROKEN
    return BROKEN if promise_date < today else PENDING
