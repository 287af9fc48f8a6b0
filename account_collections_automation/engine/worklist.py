# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The ranked worklist ("work next"): whom an agent contacts first today.

Each customer gets a priority score from plain facts (``CustomerFacts``).
Every factor is turned into a fraction between 0 and 1 that never falls when
the fact grows, and is worth up to its weight (``Weights``, non-negative
points; the defaults sum to 100):

- ``overdue_amount``: ``amount / (amount + amount_scale)`` (half the points
  at ``amount_scale``, in company currency);
- ``overdue_age``: the days the oldest overdue item is past due, up to
  ``AGE_CAP`` days;
- ``risk``: the risk score (``engine.risk``), 0 to 100;
- ``broken_promises``: promises to pay broken, up to ``COUNT_CAP``;
- ``no_contact``: the days since the last contact, up to ``CONTACT_CAP``
  days (never contacted: all the points);
- ``activities_due``: activities due on or before the day, up to ``COUNT_CAP``;
- ``predicted_lateness``: the days late ``engine.prediction`` expects when it
  predicts the customer late (0 otherwise), up to ``LATENESS_CAP`` days.

The score is the sum of the points, rounded half up to one decimal: it never
falls when one fact grows and the others stay. The worklist is the customers
with something overdue not contacted on the day, by score (highest first),
ties by customer id; each row says why with its top factors, as reasons
(message ids the Odoo layer translates).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal
from numbers import Number

from .errors import ConfigError
from .reasons import Reason, _

FACTORS = ("overdue_amount", "overdue_age", "risk", "broken_promises", "no_contact",
           "activities_due", "predicted_lateness")

AGE_CAP = 120
CONTACT_CAP = 30
LATENESS_CAP = 30
COUNT_CAP = 3
AMOUNT_SCALE = Decimal(5000)
TOP_FACTORS = 3
TENTH = Decimal("0.1")

MESSAGES = {
    "overdue_amount": _("%(amount)s overdue"),
    "overdue_age": _("oldest item %(days)s days overdue"),
    "risk": _("risk score %(score)s"),
    "broken_promises": _("%(count)s broken promise(s) to pay"),
    "no_contact": _("no contact for %(days)s days"),
    "activities_due": _("%(count)s activity(ies) due"),
    "predicted_lateness": _("predicted to pay %(days)s days late"),
}
NEVER_CONTACTED = _("never contacted")


def validate_weights(weights: Mapping[str, object]) -> None:
    """Refuse a weight below 0 (or not a number): a ``ConfigError`` naming
    the key (the setting) and the value.

    >>> validate_weights({"overdue_amount": 10, "risk": 0})
    >>> try:
    ...     validate_weights({"overdue_amount": 10, "risk": -2.5})
    ... except ConfigError as error:
    ...     print(error.field, error.value, error.rule)
    risk -2.5 negative
    """
    for field, value in weights.items():
        if isinstance(value, bool) or not isinstance(value, Number) or not value >= 0:
            raise ConfigError(field, value, "negative",
                              f"{field} must be a number not below 0: {value!r}")


@dataclass(frozen=True)
class Weights:
    """The points each factor is worth at most (non-negative).

    >>> sum(getattr(Weights(), name) for name in FACTORS)
    Decimal('100')
    >>> Weights(risk=-1)
    Traceback (most recent call last):
    ...
    account_collections_automation.engine.errors.ConfigError: risk must be a number not below 0: -1
    """

    overdue_amount: Decimal = Decimal(25)
    overdue_age: Decimal = Decimal(20)
    risk: Decimal = Decimal(15)
    broken_promises: Decimal = Decimal(15)
    no_contact: Decimal = Decimal(10)
    activities_due: Decimal = Decimal(5)
    predicted_lateness: Decimal = Decimal(10)

    def __post_init__(self):
        validate_weights({field.name: getattr(self, field.name) for field in fields(self)})
        for field in fields(self):
            object.__setattr__(self, field.name, Decimal(str(getattr(self, field.name))))


@dataclass(frozen=True)
class CustomerFacts:
    """What the score is made of, for one customer on one day.
    ``days_since_contact`` None: never contacted."""

    customer_id: int
    overdue: Decimal = Decimal(0)
    oldest_overdue_days: int = 0
    risk_score: int = 0
    broken_promises: int = 0
    days_since_contact: int | None = None
    activities_due: int = 0
    predicted_days_late: float = 0.0


@dataclass(frozen=True)
class Priority:
    """A customer's score, each factor's points and the top factors, as reasons."""

    customer_id: int
    score: Decimal
    points: dict
    reasons: tuple


def _capped(value, cap) -> Decimal:
    return min(max(Decimal(str(value)), Decimal(0)), Decimal(cap)) / Decimal(cap)


def fractions(facts: CustomerFacts, amount_scale: Decimal = AMOUNT_SCALE) -> dict:
    """Each factor as a fraction from 0 to 1.

    >>> f = fractions(CustomerFacts(1, Decimal(5000), 60, 50, 1, None, 6, 15.0))
    >>> [str(f[name]) for name in FACTORS]
    ['0.5', '0.5', '0.5', '0.3333333333333333333333333333', '1', '1', '0.5']
    """
    overdue = max(Decimal(facts.overdue), Decimal(0))
    contact = (Decimal(1) if facts.days_since_contact is None
               else _capped(facts.days_since_contact, CONTACT_CAP))
    return {
        "overdue_amount": overdue / (overdue + amount_scale) if overdue else Decimal(0),
        "overdue_age": _capped(facts.oldest_overdue_days, AGE_CAP),
        "risk": _capped(facts.risk_score, 100),
        "broken_promises": _capped(facts.broken_promises, COUNT_CAP),
        "no_contact": contact,
        "activities_due": _capped(facts.activities_due, COUNT_CAP),
        "predicted_lateness": _capped(facts.predicted_days_late, LATENESS_CAP),
    }


def _reason(name: str, facts: CustomerFacts) -> Reason:
    if name == "overdue_amount":
        # A whole amount: the reader's language formats it (thousands separator).
        return Reason.of(MESSAGES[name], amount=int(
            Decimal(facts.overdue).quantize(Decimal(1), rounding=ROUND_HALF_UP)))
    if name == "overdue_age":
        return Reason.of(MESSAGES[name], days=facts.oldest_overdue_days)
    if name == "risk":
        return Reason.of(MESSAGES[name], score=facts.risk_score)
    if name == "no_contact":
        if facts.days_since_contact is None:
            return Reason.of(NEVER_CONTACTED)
        return Reason.of(MESSAGES[name], days=facts.days_since_contact)
    if name == "predicted_lateness":
        return Reason.of(MESSAGES[name], days=float(facts.predicted_days_late))
    return Reason.of(MESSAGES[name], count=getattr(facts, name))


def priority(facts: CustomerFacts, weights: Weights = Weights(),  # noqa: B008
             amount_scale: Decimal = AMOUNT_SCALE, top: int = TOP_FACTORS) -> Priority:
    """The customer's score and its top ``top`` factors (the most points
    first, ties in the order of ``FACTORS``; factors worth 0 left out).

    >>> p = priority(CustomerFacts(7, Decimal(5000), 60, 40, 0, 3, 0, 0.0))
    >>> p.score, p.points["overdue_amount"], p.points["overdue_age"], p.points["no_contact"]
    (Decimal('29.5'), Decimal('12.5'), Decimal('10.0'), Decimal('1.0'))
    >>> [str(reason) for reason in p.reasons]
    ['5000 overdue', 'oldest item 60 days overdue', 'risk score 40']
    """
    parts = fractions(facts, amount_scale)
    points = {name: getattr(weights, name) * parts[name] for name in FACTORS}
    score = sum(points.values(), Decimal(0)).quantize(TENTH, rounding=ROUND_HALF_UP)
    ranked = sorted((name for name in FACTORS if points[name] > 0),
                    key=lambda name: (-points[name], FACTORS.index(name)))
    shown = {name: value.quantize(TENTH, rounding=ROUND_HALF_UP)
             for name, value in points.items()}
    return Priority(facts.customer_id, score, shown,
                    tuple(_reason(name, facts) for name in ranked[:top]))


def worklist(customers: Iterable[CustomerFacts], weights: Weights = Weights(),  # noqa: B008
             limit: int | None = None, amount_scale: Decimal = AMOUNT_SCALE) -> list:
    """The customers to contact today, ranked: those with something overdue
    and not contacted on the day, by score (highest first), then by customer
    id; at most ``limit``.

    >>> rows = worklist([
    ...     CustomerFacts(3, Decimal(100), 10, days_since_contact=5),
    ...     CustomerFacts(1, Decimal(100), 10, days_since_contact=5),
    ...     CustomerFacts(2, Decimal(900), 40, days_since_contact=0),  # called today
    ...     CustomerFacts(4, Decimal(0), 0, broken_promises=2),  # nothing overdue
    ...     CustomerFacts(5, Decimal(2000), 90)])
    >>> [(row.customer_id, str(row.score)) for row in rows]
    [(5, '32.1'), (1, '3.8'), (3, '3.8')]
    """
    if limit is not None and limit < 0:
        raise ValueError(f"limit must not be negative: {limit!r}")
    rows = [priority(facts, weights, amount_scale) for facts in customers
            if facts.overdue > 0 and facts.days_since_contact != 0]
    rows.sort(key=lambda row: (-row.score, row.customer_id))
    return rows if limit is None else rows[:limit]
