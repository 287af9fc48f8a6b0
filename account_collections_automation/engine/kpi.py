# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Collections performance figures (KPIs), from plain ledger figures.

Every amount is a ``Decimal``; a figure that cannot be computed (a division
by zero, a ledger history too short) is ``None``, never 0 and never an
exception: a snapshot shows it as empty.

- **DSO by the countback method**: the receivables at the end of the period
  are matched against the credit sales of the periods before it, newest
  first; each period whose sales are used up in full counts its days, the
  last one the share of its days the remaining receivables are of its sales.
- **Best possible DSO**: the same countback over the *current* (not overdue)
  receivables only: the DSO the customers would have if all of them paid on
  their due date.
- **Average days delinquent (ADD)**: DSO minus best possible DSO (both by
  countback, so ADD is never negative).
- **Collection effectiveness index (CEI)** for a month:
  (opening receivables + credit sales - closing total receivables)
  / (opening receivables + credit sales - closing current receivables) x 100.
- **Collected after each step / level**: each payment counts for the last
  process step taken (or reminder level issued) for its customer on or
  before the payment's date.
- **Aging**: the receivables as of a date, total, current, overdue and per
  aging bucket (``engine.aging``'s buckets).
"""

import bisect
import calendar
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from . import aging
from .amounts import ZERO
from .amounts import to_decimal as _decimal

__all__ = [
    "BUCKET_SLOTS",
    "ReceivablesSummary",
    "attribute_collected",
    "average_days_delinquent",
    "best_possible_dso",
    "cei",
    "countback_dso",
    "fold_buckets",
    "month_end",
    "month_periods",
    "receivables_summary",
    "trend",
]

CENT = Decimal("0.01")
BUCKET_SLOTS = 5  # overdue buckets a snapshot stores; the last one holds the older ones


def _round(value):
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def month_end(day):
    """The last day of ``day``'s month.

    >>> month_end(datetime.date(2024, 2, 10))
    datetime.date(2024, 2, 29)
    """
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def month_periods(as_of, count):
    """``count`` monthly periods ending on ``as_of``, newest first, as
    ``(first day, last day)``: the month of ``as_of`` up to it, then the
    whole months before it.

    >>> d = datetime.date
    >>> month_periods(d(2024, 3, 15), 3)  # doctest: +NORMALIZE_WHITESPACE
    [(datetime.date(2024, 3, 1), datetime.date(2024, 3, 15)),
     (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)),
     (datetime.date(2024, 1, 1), datetime.date(2024, 1, 31))]
    """
    periods = []
    end = as_of
    for _index in range(count):
        start = end.replace(day=1)
        periods.append((start, end))
        end = start - datetime.timedelta(days=1)
    return periods


def countback_dso(receivables, periods):
    """Days sales outstanding by the countback method.

    ``receivables``: the receivables at the end of the newest period;
    ``periods``: ``(days, credit sales)`` of each period, newest first. A
    period's sales below zero (more credit notes than invoices) count as
    none. ``None`` when the receivables are more than the sales of all the
    periods given (the history is too short to count them back).

    1,500 owed; March sold 1,000 in 31 days, February 1,000 in 29 days: March
    is used up (31 days), then 500 of February's 1,000 (half of 29 days):

    >>> countback_dso(Decimal("1500"), [(31, Decimal("1000")), (29, Decimal("1000"))])
    Decimal('45.50')
    >>> countback_dso(Decimal("0"), [(31, Decimal("1000"))])
    Decimal('0.00')
    >>> countback_dso(Decimal("2500"), [(31, Decimal("1000")), (29, Decimal("1000"))]) is None
    True
    """
    remaining = _decimal(receivables)
    if remaining <= ZERO:
        return _round(ZERO)
    days_total = ZERO
    for days, sales in periods:
        sales = max(_decimal(sales), ZERO)
        if remaining <= sales:
            # sales > 0 here: remaining > 0
            return _round(days_total + remaining / sales * Decimal(days))
        remaining -= sales
        days_total += Decimal(days)
    return None


def best_possible_dso(current_receivables, periods):
    """The countback DSO of the current (not overdue) receivables only.

    >>> best_possible_dso(Decimal("600"), [(31, Decimal("1000")), (29, Decimal("1000"))])
    Decimal('18.60')
    """
    return countback_dso(current_receivables, periods)


def average_days_delinquent(dso, best_dso):
    """DSO minus best possible DSO; ``None`` when either is unknown.

    >>> average_days_delinquent(Decimal("45.50"), Decimal("18.60"))
    Decimal('26.90')
    >>> average_days_delinquent(None, Decimal("18.60")) is None
    True
    """
    if dso is None or best_dso is None:
        return None
    return _round(_decimal(dso) - _decimal(best_dso))


def cei(opening, credit_sales, closing_total, closing_current):
    """The collection effectiveness index of a period, in percent:
    (opening + credit sales - closing total) / (opening + credit sales -
    closing current) x 100. ``None`` when the denominator is 0 (nothing
    could be collected).

    Opened at 1,000, sold 500, closed at 900 of which 300 current: collected
    600 of the 1,200 that could have been:

    >>> cei(Decimal("1000"), Decimal("500"), Decimal("900"), Decimal("300"))
    Decimal('50.00')
    >>> cei(Decimal("0"), Decimal("300"), Decimal("300"), Decimal("300")) is None
    True
    """
    collectible = _decimal(opening) + _decimal(credit_sales) - _decimal(closing_current)
    if collectible == ZERO:
        return None
    collected = _decimal(opening) + _decimal(credit_sales) - _decimal(closing_total)
    return _round(collected / collectible * 100)


@dataclass(frozen=True)
class ReceivablesSummary:
    """Receivables as of a date: ``buckets[0]`` is current, then overdue buckets."""

    total: Decimal
    current: Decimal
    overdue: Decimal
    buckets: tuple


def receivables_summary(items, as_of, boundaries=aging.DEFAULT_BOUNDARIES):
    """Total, current, overdue and per-bucket receivables of ``(aging date,
    residual)`` items as of ``as_of`` (credits, e.g. an unreconciled payment,
    count where they age, like the aged receivable report).

    >>> d = datetime.date
    >>> s = receivables_summary([(d(2024, 3, 31), Decimal("100")),
    ...                          (d(2024, 3, 1), Decimal("40")),
    ...                          (d(2024, 1, 1), Decimal("60"))], d(2024, 3, 31), (30, 60))
    >>> s.total, s.current, s.overdue, s.buckets
    (Decimal('200'), Decimal('100'), Decimal('100'), (Decimal('100'), Decimal('40'), \
Decimal('0'), Decimal('60')))
    """
    values = aging.check_boundaries(boundaries)
    totals = [ZERO] * (len(values) + 2)
    for aging_day, amount in items:
        totals[aging.bucket_index(aging.days_overdue(aging_day, as_of), values)] += _decimal(amount)
    total = sum(totals, ZERO)
    return ReceivablesSummary(total, totals[0], total - totals[0], tuple(totals))


def fold_buckets(buckets, slots=BUCKET_SLOTS):
    """The overdue buckets (``buckets[1:]``) in ``slots`` amounts: missing
    ones are 0, the last slot holds every older bucket.

    >>> fold_buckets([Decimal(1), Decimal(2), Decimal(3)], 3)
    [Decimal('2'), Decimal('3'), Decimal('0')]
    >>> fold_buckets([0, 1, 2, 3, 4], 2)
    [Decimal('1'), Decimal('9')]
    """
    overdue = [_decimal(amount) for amount in list(buckets)[1:]]
    folded = overdue[:slots - 1] + [sum(overdue[slots - 1:], ZERO)]
    return folded + [ZERO] * (slots - len(folded))


def attribute_collected(payments, touches):
    """``{key: amount}``: each ``(customer, date, amount)`` payment counts for
    the ``key`` of its customer's latest ``(date, key)`` touch (a process
    step taken, a reminder level issued) on or before the payment's date;
    ``None`` when there was none. Touches of one date: the last listed wins.

    >>> d = datetime.date
    >>> touches = {1: [(d(2024, 3, 1), "call"), (d(2024, 3, 10), "letter")]}
    >>> payments = [(1, d(2024, 3, 5), Decimal("100")), (1, d(2024, 3, 10), Decimal("40")),
    ...             (1, d(2024, 2, 28), Decimal("7")), (2, d(2024, 3, 5), Decimal("9"))]
    >>> sorted(attribute_collected(payments, touches).items(), key=str)
    [('call', Decimal('100')), ('letter', Decimal('40')), (None, Decimal('16'))]
    """
    ordered = {customer: sorted(enumerate(items), key=lambda item: (item[1][0], item[0]))
               for customer, items in touches.items()}
    dates = {customer: [item[1][0] for item in items] for customer, items in ordered.items()}
    result = {}
    for customer, day, amount in payments:
        index = bisect.bisect_right(dates.get(customer, []), day) - 1
        key = ordered[customer][index][1][1] if index >= 0 else None
        result[key] = result.get(key, ZERO) + _decimal(amount)
    return result


def trend(values, lower_is_better=True):
    """``(change, improving)`` of a KPI over a window: its latest known value
    less its first known value, and whether that is an improvement (a lower
    DSO, a higher CEI); ``(None, None)`` with fewer than two known values.

    >>> trend([Decimal("50"), None, Decimal("45.5")])
    (Decimal('-4.5'), True)
    >>> trend([Decimal("80"), Decimal("75")], lower_is_better=False)
    (Decimal('-5'), False)
    >>> trend([Decimal("3"), Decimal("3")]), trend([None, Decimal("3")])
    ((Decimal('0'), None), (None, None))
    """
    known = [_decimal(value) for value in values if value is not None]
    if len(known) < 2:
        return None, None
    change = known[-1] - known[0]
    if change == ZERO:
        return change, None
    return change, (change < ZERO) == lower_is_better
