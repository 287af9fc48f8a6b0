# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The customer risk score (0-100) and its parts.

Three parts, each worth up to its weight (default 40 + 35 + 25 = 100):

- ``overdue_share``: the overdue share of the balance (``overdue / balance``,
  clamped to 0..1; 0 when nothing is owed);
- ``days_late``: the average days late, clamped to ``0..days_late_cap``, as a
  fraction of the cap;
- ``credit_use``: the balance over the credit limit, clamped to
  ``0..credit_use_cap``, as a fraction of the cap (0 points when no credit
  limit is set).

A fourth part comes on top: ``bounced_payments``, ``bounced_points`` for each
payment that bounced (NSF: reversed after it was received) in the last year,
up to ``bounced_cap``. A bounced payment reopens what it paid, which takes the
invoice out of the days-late average: without this part, an NSF could lower
the score. The score is capped at 100 (the bounced part gives way).

Each part is ``weight * fraction`` rounded half up to an integer, so the parts
sum to the score, and the score never falls when the overdue amount, the
days late or the bounced payments grow.
"""

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PARTS = ("overdue_share", "days_late", "credit_use", "bounced_payments")


@dataclass(frozen=True)
class RiskScore:
    """A risk score, its parts (summing to it) and why."""

    score: int
    parts: dict[str, int]
    reasons: tuple[str, ...]


def _points(weight: int, fraction: Decimal) -> int:
    """``weight * fraction``, rounded half up.

    >>> _points(40, Decimal('0.5')), _points(35, Decimal('0.1'))
    (20, 4)
    """
    return int((weight * fraction).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _clamp(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    return max(low, min(high, value))


def _percent(fraction: Decimal) -> str:
    return f"{int((fraction * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))}%"


def risk_score(
    balance: Decimal,
    overdue: Decimal,
    credit_limit: Decimal,
    avg_days_late: float,
    weights=(40, 35, 25),
    days_late_cap: int = 90,
    credit_use_cap: float = 1.5,
    bounced_payments: int = 0,
    bounced_points: int = 15,
    bounced_cap: int = 30,
) -> RiskScore:
    """Score a customer's risk from 0 (none) to 100.

    ``weights`` are the points of overdue share, days late and credit use;
    they must not be negative nor sum to more than 100.

    >>> risk = risk_score(Decimal(1000), Decimal(500), Decimal(2000), 45.0)
    >>> risk.score, risk.parts
    (46, {'overdue_share': 20, 'days_late': 18, 'credit_use': 8, 'bounced_payments': 0})
    >>> bounced = risk_score(Decimal(1000), Decimal(500), Decimal(2000), 45.0, bounced_payments=1)
    >>> bounced.score, bounced.reasons[3]
    (61, '1 bounced payment(s) in the last year: 15 of 30 points')
    >>> risk.reasons[2]
    'the balance uses 50% of the credit limit: 8 of 25 points'
    >>> risk_score(Decimal(1000), Decimal(0), Decimal(0), 0.0).reasons[2]
    'no credit limit set: 0 of 25 points'
    """
    weights = tuple(weights)
    if len(weights) != 3 or any(weight < 0 for weight in weights) or sum(weights) > 100:
        raise ValueError(
            f"weights must be 3 non-negative points summing to 100 at most: {weights!r}"
        )
    if days_late_cap <= 0:
        raise ValueError(f"days_late_cap must be positive: {days_late_cap!r}")
    if credit_use_cap <= 0:
        raise ValueError(f"credit_use_cap must be positive: {credit_use_cap!r}")
    if isinstance(bounced_payments, bool) or not isinstance(bounced_payments, int) \
            or bounced_payments < 0:
        raise ValueError(f"bounced_payments must be a whole number >= 0: {bounced_payments!r}")
    if bounced_points < 0 or bounced_cap < 0:
        raise ValueError(
            f"bounced_points and bounced_cap must not be negative: {bounced_points!r}, "
            f"{bounced_cap!r}")
    if math.isnan(avg_days_late):
        raise ValueError(f"avg_days_late must be a number: {avg_days_late!r}")
    overdue_weight, days_weight, credit_weight = weights
    zero, one = Decimal(0), Decimal(1)
    reasons = []

    if balance > 0:
        share = _clamp(Decimal(overdue) / Decimal(balance), zero, one)
        overdue_points = _points(overdue_weight, share)
        reasons.append(
            f"{_percent(share)} of the balance is overdue: "
            f"{overdue_points} of {overdue_weight} points"
        )
    else:
        overdue_points = 0
        reasons.append(f"nothing is owed: 0 of {overdue_weight} points")

    cap = Decimal(days_late_cap)
    days = _clamp(Decimal(avg_days_late), zero, cap)
    days_points = _points(days_weight, days / cap)
    if avg_days_late > 0:
        reasons.append(
            f"pays {avg_days_late:.1f} days late on average: {days_points} of {days_weight} points"
        )
    else:
        reasons.append(f"pays on time on average: 0 of {days_weight} points")

    if credit_limit > 0:
        use = Decimal(balance) / Decimal(credit_limit)
        use_cap = Decimal(str(credit_use_cap))
        credit_points = _points(credit_weight, _clamp(use, zero, use_cap) / use_cap)
        reasons.append(
            f"the balance uses {_percent(max(use, zero))} of the credit limit: "
            f"{credit_points} of {credit_weight} points"
        )
    else:
        credit_points = 0
        reasons.append(f"no credit limit set: 0 of {credit_weight} points")

    base = overdue_points + days_points + credit_points
    bounced = min(bounced_payments * bounced_points, bounced_cap, 100 - base)
    if bounced_payments:
        reasons.append(
            f"{bounced_payments} bounced payment(s) in the last year: "
            f"{bounced} of {bounced_cap} points"
        )
    else:
        reasons.append(f"no bounced payment in the last year: 0 of {bounced_cap} points")

    parts = dict(zip(PARTS, (overdue_points, days_points, credit_points, bounced), strict=True))
    return RiskScore(sum(parts.values()), parts, tuple(reasons))
