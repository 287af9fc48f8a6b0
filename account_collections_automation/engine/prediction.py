# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""An explainable payment-lateness predictor, with no external service.

From a customer's past paid invoices it computes three numbers anyone can
check by hand, and a verdict:

- ``expected_days_late``: the recency-weighted mean of the days late
  (``paid_date - due_date``; negative = paid early). The most recent invoice
  (by paid date) weighs 1, and weights halve every ``half_life`` invoices;
- ``trend``: the least-squares slope of the days late per invoice over the
  last ``window`` invoices, oldest to newest (positive = paying later and
  later);
- ``late_share``: the share of the paid *amount* that was paid after its due
  date (by count when the amounts sum to zero);
- ``likely_late``: the projection ``expected_days_late + max(trend, 0) *
  trend_weight`` is over ``tolerance_days``, on at least ``min_samples``
  invoices, and the customer has paid late at least once. The last condition
  keeps a customer who has only ever paid on time or early from being
  predicted late by a trend alone (paying 30, then 20, then 10 days early
  is a rising trend, not a late payer).

Invoices are ordered by paid date, then due date, then amount, so the result
does not depend on the order of the history given.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class PaymentRecord:
    """A past paid invoice: when it was due, when it was paid, how much."""

    due_date: date
    paid_date: date
    amount: Decimal

    @property
    def days_late(self) -> int:
        """Days between due date and payment; negative when paid early.

        >>> PaymentRecord(date(2024, 1, 10), date(2024, 1, 14), Decimal(5)).days_late
        4
        """
        return (self.paid_date - self.due_date).days


@dataclass(frozen=True)
class Prediction:
    """The predictor's verdict and the numbers behind it."""

    sample_size: int
    expected_days_late: float
    trend: float
    late_share: float
    likely_late: bool
    reasons: tuple[str, ...]


def _number(value: float) -> str:
    """One decimal, without a negative zero.

    >>> _number(-0.04), _number(12.46)
    ('0.0', '12.5')
    """
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _weighted_mean(values: Sequence[int], half_life: int) -> float:
    """Weighted mean of ``values`` (most recent first); weights halve every
    ``half_life`` values.

    >>> _weighted_mean([10, 0], half_life=1)  # weights 1 and 1/2
    6.666...
    """
    weights = [0.5 ** (index / half_life) for index in range(len(values))]
    return sum(w * v for w, v in zip(weights, values, strict=False)) / sum(weights)


def _slope(values: Sequence[int]) -> float:
    """Least-squares slope of ``values`` against 0, 1, 2, ... (0 with fewer
    than two values).

    >>> _slope([1, 3, 5]), _slope([7]), _slope([4, 4, 4])
    (2.0, 0.0, 0.0)
    """
    count = len(values)
    if count < 2:
        return 0.0
    x_mean = (count - 1) / 2
    y_mean = sum(values) / count
    numerator = sum((x - x_mean) * (y - y_mean) for x, y in enumerate(values))
    denominator = sum((x - x_mean) ** 2 for x in range(count))
    return numerator / denominator


def _late_share(records: Sequence[PaymentRecord]) -> float:
    """Share of the amount paid late; by count when amounts sum to zero."""
    total = sum((abs(r.amount) for r in records), Decimal(0))
    if total > 0:
        late = sum((abs(r.amount) for r in records if r.days_late > 0), Decimal(0))
        return float(late / total)
    return sum(1 for r in records if r.days_late > 0) / len(records)


def predict(
    history: Sequence[PaymentRecord],
    tolerance_days: int = 5,
    min_samples: int = 3,
    half_life: int = 5,
    window: int = 10,
    trend_weight: float = 3.0,
) -> Prediction:
    """Predict whether the customer will pay their next invoices late.

    >>> def paid(due_day, paid_day, amount=100):
    ...     return PaymentRecord(date(2024, 1, due_day), date(2024, 1, paid_day),
    ...                          Decimal(amount))
    >>> p = predict([paid(1, 11), paid(2, 22), paid(3, 31)])
    >>> p.sample_size, round(p.expected_days_late, 1), p.trend, p.likely_late
    (3, 20.2, 9.0, True)
    >>> p.reasons[0]
    'paid 20.2 days late on average over 3 invoices'
    >>> predict([]).likely_late
    False
    """
    if half_life < 1:
        raise ValueError(f"half_life must be at least 1: {half_life!r}")
    if window < 1:
        raise ValueError(f"window must be at least 1: {window!r}")
    if min_samples < 0:
        raise ValueError(f"min_samples must not be negative: {min_samples!r}")
    if not history:
        return Prediction(0, 0.0, 0.0, 0.0, False, ("no paid invoices to learn from",))

    # Oldest first; a total order so that the history's order does not matter.
    records = sorted(history, key=lambda r: (r.paid_date, r.due_date, r.amount))
    days = [record.days_late for record in records]
    size = len(records)

    expected = _weighted_mean(days[::-1], half_life)
    recent = days[-window:]
    trend = _slope(recent)
    late_share = _late_share(records)
    late_count = sum(1 for value in days if value > 0)
    projected = expected + max(trend, 0.0) * trend_weight

    reasons = []
    if expected > 0:
        average = f"paid {_number(expected)} days late on average"
    elif expected < 0:
        average = f"paid {_number(-expected)} days early on average"
    else:
        average = "paid on the due date on average"
    reasons.append(f"{average} over {_plural(size, 'invoice')}")
    if len(recent) >= 2:
        last = f"over the last {len(recent)} invoices"
        if trend > 0:
            reasons.append(f"paying {_number(trend)} days later per invoice {last}")
        elif trend < 0:
            reasons.append(f"paying {_number(-trend)} days earlier per invoice {last}")
        else:
            reasons.append(f"no trend {last}")
    reasons.append(
        f"{late_count} of {_plural(size, 'invoice')} paid late "
        f"({round(late_share * 100)}% of the amount)"
    )

    if size < min_samples:
        likely_late = False
        reasons.append(f"{size} of {min_samples} invoices needed for a prediction")
    elif late_count == 0:
        likely_late = False
        reasons.append("never paid late")
    else:
        likely_late = projected > tolerance_days
        where = "over" if likely_late else "within"
        reasons.append(
            f"projected {_number(projected)} days late, {where} the {tolerance_days}-day tolerance"
        )
    return Prediction(size, expected, trend, late_share, likely_late, tuple(reasons))
