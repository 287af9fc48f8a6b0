# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Aging buckets, defined once for the workspace, the reports and SQL.

Boundaries are strictly increasing positive day counts; ``(30, 60, 90, 120)``
gives six buckets: ``current`` (not overdue: 0 days or less), ``1_30``,
``31_60``, ``61_90``, ``91_120`` and ``over_120``. :func:`bucket_index` (in
Python) and :func:`sql_bucket_case` (in SQL) place a number of days overdue in
the same bucket.
"""

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal

from .amounts import to_decimal as _decimal

__all__ = [
    "DEFAULT_BOUNDARIES",
    "Bucket",
    "age",
    "aging_date",
    "line_bucket",
    "bucket_index",
    "buckets",
    "check_boundaries",
    "days_overdue",
    "parse_boundaries",
    "sql_bucket_case",
    "sql_bucket_case_for_days",
]

DEFAULT_BOUNDARIES = (30, 60, 90, 120)


@dataclass(frozen=True)
class Bucket:
    """One aging bucket: days overdue from ``min_days`` to ``max_days``.

    ``None`` means unbounded: ``current`` has no minimum (anything not yet
    overdue), the last bucket no maximum.
    """

    key: str
    label: str
    min_days: int | None
    max_days: int | None

    def contains(self, days):
        """Whether ``days`` overdue falls in this bucket.

        >>> buckets()[1].contains(30), buckets()[1].contains(31)
        (True, False)
        """
        return (self.min_days is None or days >= self.min_days) and (
            self.max_days is None or days <= self.max_days
        )


def check_boundaries(boundaries):
    """Return ``boundaries`` as a tuple of ints, or raise ``ValueError``.

    >>> check_boundaries([15, 45])
    (15, 45)
    >>> try:
    ...     check_boundaries((30, 30))
    ... except ValueError as err:
    ...     print(err)
    Aging boundaries must be strictly increasing: 30 follows 30
    """
    values = tuple(boundaries)
    if not values:
        raise ValueError("Aging boundaries must not be empty")
    previous = 0
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"Aging boundary {value!r} is not a whole number of days")
        if value <= 0:
            raise ValueError(f"Aging boundary {value!r} must be positive")
        if value <= previous:
            raise ValueError(
                f"Aging boundaries must be strictly increasing: {value} follows {previous}"
            )
        previous = value
    return values


def parse_boundaries(text):
    """Parse boundaries written as ``"30, 60, 90, 120"`` (commas, semicolons or blanks).

    >>> parse_boundaries("30, 60, 90, 120")
    (30, 60, 90, 120)
    >>> parse_boundaries("15;45")
    (15, 45)
    >>> try:
    ...     parse_boundaries("30, 60, abc")
    ... except ValueError as err:
    ...     print(err)
    Aging boundary 'abc' is not a whole number of days
    """
    parts = [part for part in re.split(r"[\s,;]+", text or "") if part]
    values = []
    for part in parts:
        if not re.fullmatch(r"[0-9]{1,9}", part):
            raise ValueError(f"Aging boundary {part!r} is not a whole number of days")
        values.append(int(part))
    return check_boundaries(values)


def buckets(boundaries=DEFAULT_BOUNDARIES):
    """The buckets for ``boundaries``: ``len(boundaries) + 2`` of them.

    >>> [(b.key, b.label) for b in buckets((30, 60))]
    [('current', 'Current'), ('1_30', '1-30'), ('31_60', '31-60'), ('over_60', 'Over 60')]
    >>> buckets()[-1]
    Bucket(key='over_120', label='Over 120', min_days=121, max_days=None)
    """
    values = check_boundaries(boundaries)
    result = [Bucket("current", "Current", None, 0)]
    low = 1
    for high in values:
        result.append(Bucket(f"{low}_{high}", f"{low}-{high}", low, high))
        low = high + 1
    last = values[-1]
    result.append(Bucket(f"over_{last}", f"Over {last}", last + 1, None))
    return tuple(result)


def bucket_index(days_overdue, boundaries=DEFAULT_BOUNDARIES):
    """The 0-based bucket of ``days_overdue`` (0 is ``current``).

    >>> [bucket_index(d) for d in (-5, 0, 1, 30, 31, 120, 121, 999)]
    [0, 0, 1, 1, 2, 4, 5, 5]
    """
    values = check_boundaries(boundaries)
    if days_overdue <= 0:
        return 0
    return 1 + bisect.bisect_left(values, days_overdue)


def days_overdue(due_date, as_of):
    """Days from ``due_date`` to ``as_of`` (negative when not yet due).

    >>> from datetime import date
    >>> days_overdue(date(2024, 1, 31), date(2024, 3, 1))
    30
    >>> days_overdue(date(2024, 3, 10), date(2024, 3, 1))
    -9
    """
    return (as_of - due_date).days


def aging_date(due_date, accounting_date):
    """The date a ledger line ages from: its due date, or, without one (an
    imported opening balance, a miscellaneous entry), its accounting date.

    >>> from datetime import date
    >>> aging_date(None, date(2024, 1, 5)), aging_date(date(2024, 2, 4), date(2024, 1, 5))
    (datetime.date(2024, 1, 5), datetime.date(2024, 2, 4))
    """
    return due_date or accounting_date


def line_bucket(due_date, accounting_date, as_of, boundaries=DEFAULT_BOUNDARIES):
    """The bucket of a ledger line as of ``as_of``; a line without a due date
    ages from its accounting date (never "current" forever).

    >>> from datetime import date
    >>> line_bucket(None, date(2024, 1, 1), date(2024, 3, 1))
    2
    >>> line_bucket(date(2024, 3, 31), date(2024, 1, 1), date(2024, 3, 1))
    0
    """
    return bucket_index(days_overdue(aging_date(due_date, accounting_date), as_of), boundaries)


def age(items, as_of, boundaries=DEFAULT_BOUNDARIES):
    """Sum ``(due_date, amount)`` items per bucket, one ``Decimal`` per bucket.

    An item without a due date (``None``) is current. The buckets' sum is the
    items' sum.

    >>> from datetime import date as d
    >>> age([(d(2024, 3, 1), 100), (d(2024, 1, 15), Decimal("20.50")),
    ...      (None, 5)], d(2024, 3, 1), (30, 60))
    [Decimal('105'), Decimal('0'), Decimal('20.50'), Decimal('0')]
    """
    values = check_boundaries(boundaries)
    totals = [Decimal(0)] * (len(values) + 2)
    for due_date, amount in items:
        index = 0 if due_date is None else bucket_index(days_overdue(due_date, as_of), values)
        totals[index] += _decimal(amount)
    return totals


# --- SQL ----------------------------------------------------------------------

# A column: ``name`` or ``alias.name``, each part plain or double-quoted.
_IDENTIFIER = r'(?:[A-Za-z_][A-Za-z0-9_$]*|"[^"\x00]+")'
_COLUMN_RE = re.compile(rf"{_IDENTIFIER}(?:\.{_IDENTIFIER})?")
# A date parameter: a named psycopg2 placeholder or CURRENT_DATE. Positional
# ``%s`` is refused: the expression repeats the parameter once per boundary.
_PARAM_RE = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)s|(?i:current_date)")


def sql_bucket_case_for_days(days_expression, boundaries=DEFAULT_BOUNDARIES):
    """A SQL ``CASE`` giving the 0-based bucket of an integer days expression.

    ``days_expression`` is trusted SQL (it is inserted as written). A NULL
    number of days is current, like a missing due date in :func:`age`.

    >>> print(sql_bucket_case_for_days("d", (30, 60)))
    CASE WHEN (d) IS NULL OR (d) <= 0 THEN 0 WHEN (d) <= 30 THEN 1 WHEN (d) <= 60 THEN 2 ELSE 3 END
    """
    values = check_boundaries(boundaries)
    days = f"({days_expression})"
    parts = [f"CASE WHEN {days} IS NULL OR {days} <= 0 THEN 0"]
    for index, high in enumerate(values, start=1):
        parts.append(f"WHEN {days} <= {high} THEN {index}")
    parts.append(f"ELSE {len(values) + 1} END")
    return " ".join(parts)


def sql_bucket_case(due_date_column, as_of_param, boundaries=DEFAULT_BOUNDARIES):
    """A PostgreSQL ``CASE`` giving the bucket index of a date column.

    ``due_date_column`` is a column name (``date_maturity``, ``aml.date_maturity``
    or double-quoted parts); ``as_of_param`` a named placeholder such as
    ``%(as_of)s`` or ``CURRENT_DATE``. Anything else raises ``ValueError``,
    so that no SQL can be slipped in. A NULL due date is current.

    >>> sql = sql_bucket_case("aml.date_maturity", "%(as_of)s", (30,))
    >>> print(sql)
    CASE WHEN ((%(as_of)s)::date - (aml.date_maturity)::date) IS NULL OR ... ELSE 2 END
    >>> "<= 30 THEN 1" in sql
    True
    """
    if not isinstance(due_date_column, str) or not _COLUMN_RE.fullmatch(due_date_column):
        raise ValueError(f"Not a column name: {due_date_column!r}")
    if not isinstance(as_of_param, str) or not _PARAM_RE.fullmatch(as_of_param):
        raise ValueError(f"Not a named date placeholder such as '%(as_of)s': {as_of_param!r}")
    days = f"({as_of_param})::date - ({due_date_column})::date"
    return sql_bucket_case_for_days(days, boundaries)
