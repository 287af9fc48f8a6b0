# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""How long the collections history is kept.

A company keeps its process history ``days`` days (0: for ever). The daily
job removes the rows dated before the cutoff, but never a row that still
matters:

- one a document points to (an e-mail, a posted message, a letter's PDF, a
  reminder) or an open activity: the record of what the customer received;
- one about an invoice still open: the history is what keeps a process from
  taking a step twice for an invoice (the engine's history key), so it goes
  only once the invoice is settled.
"""

from datetime import date, timedelta

from .errors import ConfigError

RETENTION_FIELD = "collection_history_retention_days"


def validate_retention_days(days: int) -> None:
    """Raise :class:`~.errors.ConfigError` for a negative number of days.

    >>> validate_retention_days(0); validate_retention_days(730)
    >>> try:
    ...     validate_retention_days(-1)
    ... except ConfigError as error:
    ...     print(error.field, error.value, error.rule)
    collection_history_retention_days -1 negative
    """
    if days is None or days < 0:
        raise ConfigError(RETENTION_FIELD, days, "negative",
                          f"{RETENTION_FIELD} must not be negative: {days!r}")


def retention_cutoff(today: date, days: int) -> date | None:
    """The oldest date kept: history dated before it may go; ``None`` (keep
    everything) for 0 days.

    >>> retention_cutoff(date(2026, 11, 30), 365)
    datetime.date(2025, 11, 30)
    >>> retention_cutoff(date(2026, 11, 30), 1)
    datetime.date(2026, 11, 29)
    >>> retention_cutoff(date(2026, 11, 30), 0) is None
    True
    """
    validate_retention_days(days)
    return today - timedelta(days=days) if days else None


def may_remove(row_date: date, cutoff: date | None, has_document: bool,
               invoice_open: bool) -> bool:
    """Whether the daily job may remove a history row (the model's search
    domain says the same, for many rows at once; the tests hold them equal).

    >>> cutoff = date(2025, 11, 30)
    >>> may_remove(date(2025, 11, 29), cutoff, False, False)
    True
    >>> may_remove(date(2025, 11, 30), cutoff, False, False)
    False
    >>> old = date(2025, 1, 1)
    >>> may_remove(old, cutoff, True, False), may_remove(old, cutoff, False, True)
    (False, False)
    >>> may_remove(date(2000, 1, 1), None, False, False)
    False
    """
    return cutoff is not None and row_date < cutoff and not has_document and not invoice_open
