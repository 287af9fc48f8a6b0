# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The customer's collections page: the rules of its answers, before any
status is changed (the status rules themselves are ``engine.statuses``).

- :func:`parse_amount` and :func:`parse_date` read what the customer typed,
  refusing what is not an amount or a date (:class:`PortalError` naming the
  field and the value);
- :func:`check_promise_horizon` refuses a promised date beyond the company's
  horizon;
- :func:`rate_limited` says whether a token has used up its answers of the hour.
"""

import datetime
from decimal import Decimal, InvalidOperation

from .errors import RuleError
from .vocabulary import PORTAL_REQUEST_KINDS, keys

DISPUTE, PROMISE, PAY = keys(PORTAL_REQUEST_KINDS)

# The rules an answer of the customer can break.
PORTAL_RULES = (
    "not_amount",  # not a number
    "not_date",  # not a date (ISO, as the date input sends it)
    "beyond_horizon",  # a promised date further than the company allows
    "required",  # an empty field that is needed
    "no_items",  # no open item chosen, or one not among the customer's open items
    "not_listed",  # a dispute reason not in the configured list
    "mismatch",  # an amount to pay that is not the open amount of the chosen items
    "currencies",  # items in several currencies paid at once
)


class PortalError(RuleError):
    """A refused answer: the ``field`` and ``value`` at fault, the ``rule`` broken.

    >>> error = PortalError("promise_amount", "abc", "not_amount", "not an amount")
    >>> error.field, error.value, error.rule
    ('promise_amount', 'abc', 'not_amount')
    """

    RULES = PORTAL_RULES


def parse_amount(field, text):
    """The amount ``text`` as a Decimal (a dot or a comma as the decimal mark).

    >>> parse_amount("amount", " 1250,50 ")
    Decimal('1250.50')
    >>> parse_amount("amount", "12e3")
    Traceback (most recent call last):
    ...
    account_collections_automation.engine.portal.PortalError: amount: '12e3' is not an amount
    """
    value = (text or "").strip()
    if not value:
        raise PortalError(field, text, "required", f"{field}: empty")
    normalized = value.replace(" ", "").replace(",", ".")
    if not all(char.isdigit() or char in ".-" for char in normalized):
        raise PortalError(field, text, "not_amount", f"{field}: {text!r} is not an amount")
    try:
        amount = Decimal(normalized)
    except InvalidOperation:
        raise PortalError(field, text, "not_amount",
                          f"{field}: {text!r} is not an amount") from None
    if not amount.is_finite():
        raise PortalError(field, text, "not_amount", f"{field}: {text!r} is not an amount")
    return amount


def parse_date(field, text):
    """The date ``text`` (YYYY-MM-DD, as a date input sends it).

    >>> parse_date("date", "2026-12-01")
    datetime.date(2026, 12, 1)
    >>> parse_date("date", "31/12/2026")
    Traceback (most recent call last):
    ...
    account_collections_automation.engine.portal.PortalError: date: '31/12/2026' is not a date
    """
    value = (text or "").strip()
    if not value:
        raise PortalError(field, text, "required", f"{field}: empty")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise PortalError(field, text, "not_date", f"{field}: {text!r} is not a date") from None


def check_promise_horizon(promise_date, today, horizon_days):
    """Refuse a promised date more than ``horizon_days`` after ``today``
    (0: no horizon). A date in the past is ``engine.statuses``' to refuse.

    >>> day = datetime.date(2026, 1, 1)
    >>> check_promise_horizon(datetime.date(2026, 1, 31), day, 30)
    >>> check_promise_horizon(datetime.date(2026, 2, 1), day, 30)
    Traceback (most recent call last):
    ...
    account_collections_automation.engine.portal.PortalError: promise_date: ... after 2026-01-31
    """
    if horizon_days and horizon_days > 0:
        last = today + datetime.timedelta(days=horizon_days)
        if promise_date > last:
            raise PortalError("promise_date", promise_date, "beyond_horizon",
                              f"promise_date: {promise_date} is after {last}")


def rate_limited(attempts_last_hour, bound):
    """Whether one more answer is refused: ``attempts_last_hour`` answers
    (accepted or not) were already made with the token in the last hour, and
    at most ``bound`` are allowed per hour (0 or less: none).

    >>> rate_limited(9, 10), rate_limited(10, 10), rate_limited(0, 0)
    (False, True, True)
    """
    return attempts_last_hour >= max(bound, 0)
