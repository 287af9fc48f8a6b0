# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Payment prediction as Dynamics 365 Finance presents it: for each open
invoice, the probabilities that it is paid **on time**, **late** (1 to
``very_late_days`` days after its due date) or **very late** (more), and the
top three factors behind them, in words.

The model is one anyone can check by hand, from the customer's own paid
invoices (``prediction.PaymentRecord``):

- each paid invoice falls in one class by its days late;
- recent invoices weigh more (weights halve every ``HALF_LIFE`` invoices, by
  paid date);
- the invoice's size matters: the paid invoices on the same side of the
  customer's median amount as this invoice count twice;
- a prior of one invoice per class (Laplace smoothing) keeps a short history
  from giving certainties: with no history, each class is 1/3.

Factors are message ids (``reasons._``) with plain parameters; the Odoo
layer translates them.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .reasons import Reason, _

ON_TIME, LATE, VERY_LATE = "on_time", "late", "very_late"
CLASSES = (ON_TIME, LATE, VERY_LATE)
HALF_LIFE = 5

NO_HISTORY = _("no paid invoice to learn from: each outcome is as likely")
SHARE_LATE = _("%(late)s of %(count)s paid invoices were paid late")
SHARE_VERY_LATE = _("%(count)s paid invoices were paid more than %(days)s days late")
AVERAGE_LATE = _("paid %(days)s days late on average")
AVERAGE_EARLY = _("paid on time on average (%(days)s days before the due date)")
RECENT_LATE = _("the last invoice was paid %(days)s days late")
RECENT_ON_TIME = _("the last invoice was paid on time")
SIZE_LATE = _("invoices of this size were paid late %(percent)s%% of the time")
SIZE_ON_TIME = _("invoices of this size were paid on time %(percent)s%% of the time")


@dataclass(frozen=True)
class ClassPrediction:
    """The probabilities (percent, summing to 100) and the top three factors."""

    on_time: int
    late: int
    very_late: int
    factors: tuple[Reason, ...]

    def percent(self, name: str) -> int:
        return getattr(self, name)


def outcome(days_late: int, very_late_days: int) -> str:
    """The class of a payment ``days_late`` days after the due date.

    >>> outcome(0, 30), outcome(1, 30), outcome(30, 30), outcome(31, 30)
    ('on_time', 'late', 'late', 'very_late')
    """
    if days_late <= 0:
        return ON_TIME
    return LATE if days_late <= very_late_days else VERY_LATE


def _percentages(weights: dict) -> tuple[int, int, int]:
    """Whole percentages summing to 100 (largest remainder).

    >>> _percentages({'on_time': 1, 'late': 1, 'very_late': 1})
    (34, 33, 33)
    """
    total = sum(weights.values())
    raw = [weights[name] * 100 / total for name in CLASSES]
    whole = [int(value) for value in raw]
    order = sorted(range(3), key=lambda index: (whole[index] - raw[index], index))
    for index in order[:100 - sum(whole)]:
        whole[index] += 1
    return tuple(whole)


def classify(history: Sequence, amount: Decimal, very_late_days: int) -> ClassPrediction:
    """The class probabilities of an invoice of ``amount`` for a customer with
    paid invoices ``history``.

    >>> from datetime import date, timedelta
    >>> from importlib import import_module  # the engine, inside Odoo or not
    >>> PaymentRecord = import_module(".prediction", __package__).PaymentRecord
    >>> day = date(2024, 1, 1)
    >>> def paid(late, amount=100):
    ...     return PaymentRecord(day, day + timedelta(days=late), Decimal(amount))
    >>> p = classify([], Decimal(10), 30)
    >>> (p.on_time, p.late, p.very_late), [str(f) for f in p.factors]
    ((34, 33, 33), ['no paid invoice to learn from: each outcome is as likely'])
    >>> p = classify([paid(0), paid(10), paid(45), paid(50)], Decimal(100), 30)
    >>> p.on_time < p.very_late, p.on_time + p.late + p.very_late
    (True, 100)
    >>> len(p.factors)
    3
    """
    if very_late_days < 1:
        raise ValueError(f"very_late_days must be at least 1: {very_late_days!r}")
    if not history:
        return ClassPrediction(34, 33, 33, (Reason(NO_HISTORY),))
    records = sorted(history, key=lambda r: (r.paid_date, r.due_date, r.amount))
    amounts = sorted(abs(r.amount) for r in records)
    size = len(amounts)
    median = (amounts[(size - 1) // 2] + amounts[size // 2]) / 2
    large = abs(amount) >= median
    weights = dict.fromkeys(CLASSES, 1.0)  # the prior
    size_counts = dict.fromkeys(CLASSES, 0)
    for rank, record in enumerate(reversed(records)):  # most recent first
        weight = 0.5 ** (rank / HALF_LIFE)
        same_size = (abs(record.amount) >= median) == large
        name = outcome(record.days_late, very_late_days)
        weights[name] += weight * (2 if same_size else 1)
        if same_size:
            size_counts[name] += 1
    on_time, late, very_late = _percentages(weights)
    return ClassPrediction(on_time, late, very_late,
                           _factors(records, size_counts, very_late_days))


def _factors(records, size_counts, very_late_days) -> tuple[Reason, ...]:
    """The three factors that weigh most, strongest first (each with a score:
    how far it moves the outcome from an on-time payment)."""
    count = len(records)
    days = [record.days_late for record in records]
    late = sum(1 for value in days if value > 0)
    very_late = sum(1 for value in days if value > very_late_days)
    average = sum(days) / count
    last = days[-1]
    scored = [(late / count, Reason.of(SHARE_LATE, late=late, count=count))]
    if very_late:
        scored.append((very_late / count + 0.25,
                       Reason.of(SHARE_VERY_LATE, count=very_late, days=very_late_days)))
    if average > 0:
        scored.append((min(average / very_late_days, 1.0),
                       Reason.of(AVERAGE_LATE, days=round(average, 1))))
    else:
        scored.append((0.2, Reason.of(AVERAGE_EARLY, days=round(-average, 1))))
    if last > 0:
        scored.append((min(last / very_late_days, 1.0) * 0.9,
                       Reason.of(RECENT_LATE, days=last)))
    else:
        scored.append((0.15, Reason(RECENT_ON_TIME)))
    same = sum(size_counts.values())
    if same:
        late_same = size_counts[LATE] + size_counts[VERY_LATE]
        percent = round(late_same * 100 / same)
        if late_same:
            scored.append((late_same / same * 0.8, Reason.of(SIZE_LATE, percent=percent)))
        else:
            scored.append((0.1, Reason.of(SIZE_ON_TIME, percent=100)))
    scored.sort(key=lambda pair: -pair[0])
    return tuple(reason for _score, reason in scored[:3])


def predicted_class(prediction: ClassPrediction, late_threshold: int,
                    very_late_threshold: int) -> str | None:
    """The class an activity is scheduled for: very late when its probability
    reaches ``very_late_threshold`` percent, else late when the probability of
    a late payment (late or very late) reaches ``late_threshold``; else none.

    >>> p = ClassPrediction(20, 30, 50, ())
    >>> predicted_class(p, 60, 50), predicted_class(p, 60, 60), predicted_class(p, 90, 60)
    ('very_late', 'late', None)
    """
    if prediction.very_late >= very_late_threshold:
        return VERY_LATE
    if prediction.late + prediction.very_late >= late_threshold:
        return LATE
    return None
