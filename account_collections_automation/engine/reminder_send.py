# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Reminder send rules (Business Central): whether an issued reminder is sent now.

:func:`send_refusal` says why a reminder is not sent (a reason id), or
``None`` when it is; :func:`validate_send_interval` checks the send action's
minimum interval between two e-mails at one level (a date formula).
"""

import datetime  # noqa: F401 -- the doctests use it

from . import dates
from .errors import ConfigError, FormulaConfigError  # noqa: F401 -- ConfigError: doctests

__all__ = ["SEND_FAILURES", "SEND_SKIPS", "send_refusal", "validate_send_interval"]

# Why a reminder is not sent: the skips are expected (a limit reached), the
# failures need the user (a reminder not issued, no template, no address).
SEND_SKIPS = ("max_sent", "sent_today", "sent_at_level", "interval")
SEND_FAILURES = ("not_issued", "no_template", "no_email")


def send_refusal(
    state,
    send_count,
    last_sent_date,
    today,
    *,
    max_send_count=0,
    once_a_day=False,
    by_email=True,
    has_template=True,
    has_email=True,
    level=None,
    last_email_level=0,
    last_email_date=None,
    multiple_per_level=False,
    min_interval=None,
):
    """Why a reminder is not sent now (a reason id of :data:`SEND_SKIPS` or
    :data:`SEND_FAILURES`), or ``None`` when it is.

    Only issued reminders are sent; at most ``max_send_count`` times (0: no
    limit); with ``once_a_day``, not twice the same day; by e-mail only with
    the level's template and a recipient's address. With the reminder's
    ``level`` given (the automation's send action), an e-mail is sent once per
    level: not again when it was last e-mailed (``last_email_date``) at
    ``last_email_level`` or above (``sent_at_level``), unless
    ``multiple_per_level``; then not before ``min_interval`` (a date formula,
    empty for none) applied to ``last_email_date`` (``interval``).

    >>> d = datetime.date
    >>> send_refusal("issued", 0, None, d(2024, 3, 1), max_send_count=1)
    >>> send_refusal("draft", 0, None, d(2024, 3, 1))
    'not_issued'
    >>> send_refusal("issued", 1, d(2024, 2, 1), d(2024, 3, 1), max_send_count=1)
    'max_sent'
    >>> send_refusal("issued", 1, d(2024, 3, 1), d(2024, 3, 1), once_a_day=True)
    'sent_today'
    >>> send_refusal("issued", 0, None, d(2024, 3, 1), has_email=False)
    'no_email'
    >>> send_refusal("issued", 0, None, d(2024, 3, 1), by_email=False, has_email=False)
    >>> emailed = {"level": 2, "last_email_level": 2, "last_email_date": d(2024, 3, 1)}
    >>> send_refusal("issued", 1, d(2024, 3, 1), d(2024, 3, 9), **emailed)
    'sent_at_level'
    >>> send_refusal("issued", 1, d(2024, 3, 1), d(2024, 3, 7), multiple_per_level=True,
    ...              min_interval="1W", **emailed)
    'interval'
    >>> send_refusal("issued", 1, d(2024, 3, 1), d(2024, 3, 8), multiple_per_level=True,
    ...              min_interval="1W", **emailed)
    """
    if state != "issued":
        return "not_issued"
    if max_send_count and send_count >= max_send_count:
        return "max_sent"
    if once_a_day and last_sent_date is not None and last_sent_date >= today:
        return "sent_today"
    if (by_email and level is not None and last_email_date is not None
            and last_email_level >= level):
        if not multiple_per_level:
            return "sent_at_level"
        if min_interval and today < dates.apply(min_interval, last_email_date):
            return "interval"
    if by_email and not has_template:
        return "no_template"
    if by_email and not has_email:
        return "no_email"
    return None


def validate_send_interval(formula):
    """Raise :class:`~.errors.FormulaConfigError` (field ``min_send_interval``)
    when ``formula``, the minimum interval between two e-mails of a reminder
    at one level, is not a date formula; empty means no minimum.

    >>> validate_send_interval("1W"), validate_send_interval("")
    (None, None)
    >>> try:
    ...     validate_send_interval("1X")
    ... except ConfigError as err:
    ...     print(err.field, err.value, err.rule, err.position)
    min_send_interval 1X formula 1
    """
    if not formula:
        return
    try:
        dates.validate(formula)
    except dates.DateFormulaError as err:
        raise FormulaConfigError.of(err, "min_send_interval") from err
