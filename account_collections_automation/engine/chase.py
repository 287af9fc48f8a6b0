# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Which open invoices a communication to the customer may chase.

One definition for the collections processes, the reminders, the collection
letters and the workspace's draft e-mail:

- an invoice **on hold** is never chased, nor listed as owed;
- a **disputed** invoice is never chased, nor listed as owed, while the
  dispute lasts;
- an invoice with a **pending promise to pay** (status promised, the promised
  date not passed yet) is not chased before that date; once the date has
  passed unpaid (a broken promise) it is chased again;
- a **resolved** dispute and a **broken** promise (status ``broken``, set by
  the daily job) are chased again.
"""

from datetime import date

from .vocabulary import COLLECTION_STATUSES, keys

NONE, DISPUTED, PROMISED, RESOLVED, BROKEN = keys(COLLECTION_STATUSES)

# The statuses that never hold an item back, whatever its dates: an item with
# one of them, not on hold, has no ``hold_reason`` (a run's fast path).
FREE_STATUSES = frozenset((NONE, RESOLVED, BROKEN))


def hold_reason(
    on_hold: bool, status: str | None, promise_date: date | None, today: date
) -> str | None:
    """Why an open invoice may not be chased on ``today``, or ``None``.

    >>> hold_reason(False, 'none', None, date(2024, 5, 1))
    >>> hold_reason(True, 'none', None, date(2024, 5, 1))
    'on hold'
    >>> hold_reason(False, 'disputed', None, date(2024, 5, 1))
    'disputed'
    >>> hold_reason(False, 'promised', date(2024, 5, 1), date(2024, 5, 1))
    'payment promised for 2024-05-01'
    >>> hold_reason(False, 'promised', date(2024, 4, 30), date(2024, 5, 1))
    >>> hold_reason(False, 'resolved', None, date(2024, 5, 1))
    >>> hold_reason(False, 'broken', date(2024, 4, 30), date(2024, 5, 1))
    """
    if on_hold:
        return "on hold"
    if status in FREE_STATUSES:
        return None
    if status == DISPUTED:
        return "disputed"
    if status == PROMISED and promise_date is not None and promise_date >= today:
        return f"payment promised for {promise_date.isoformat()}"
    return None

