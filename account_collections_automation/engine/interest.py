# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Finance charges (Business Central's finance charge terms and memos): the
interest an open receivable item bears on a date.

The rules, per item, on the memo's date ``as_of``:

- No interest on an item on hold, disputed or promised to pay (whatever the
  promised date: a broken promise is status ``broken``), nor on one not yet
  due (``as_of <= due_date``), nor within the grace period
  (``as_of <= apply(grace_period, due_date)``). An item that is a reminder's
  line fee bears interest only when the terms say so
  (``line_fees_bear_interest``).
- Past the grace period, the interest runs over the days after the *start*:
  the later of the item's due date and the date up to which a previous memo
  already charged it. The days ``start + 1 .. as_of`` are charged.
- Each day bears the rate of the rate line covering it (``date_from`` to
  ``date_to``, or up to the day before the next line without a ``date_to``),
  else the terms' ``interest_rate``; a rate is a percentage per
  ``interest_period_days`` days, so one day bears ``rate / 100 /
  interest_period_days`` of its base.
- The base of a day: with ``balance_due``, the item's balance due on
  ``as_of``, the memo's date (Business Central's *Balance Due*: the remaining
  amount, what is paid meanwhile bears nothing); with
  ``average_daily_balance``, the item's balance on that day: its residual on
  ``as_of`` plus the payments dated after that day (up to ``as_of``). The
  part of each rate period shows its average base (the average daily balance
  of its days).
- An item's interest is rounded half up (per item). A memo needs interest
  on at least one item, and a total of at least ``minimum_amount``; it falls
  due on ``apply(due_date_formula, as_of)``.

:func:`validate_terms` refuses bad terms naming the field and the value.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from . import dates, vocabulary
from .amounts import to_decimal
from .errors import ConfigError, FormulaConfigError
from .statuses import DISPUTED, PROMISED

__all__ = [
    "AVERAGE_DAILY_BALANCE",
    "BALANCE_DUE",
    "SKIP_REASONS",
    "FinanceChargeTerms",
    "InterestItem",
    "InterestPart",
    "ItemInterest",
    "MemoProposal",
    "RatePeriod",
    "Skip",
    "item_interest",
    "propose_memo",
    "validate_terms",
]

BALANCE_DUE, AVERAGE_DAILY_BALANCE = vocabulary.keys(vocabulary.INTEREST_METHODS)

# Why an item bears no interest.
ITEM_REASONS = ("on_hold", "disputed", "promised", "not_due", "grace", "line_fee",
                "charged", "paid")
# Why no memo is proposed.
SKIP_REASONS = ("no_interest", "below_minimum")

ZERO = Decimal(0)
ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class RatePeriod:
    """A rate (a percentage per the terms' interest period) from
    ``date_from`` to ``date_to`` included (``None``: up to the next line)."""

    date_from: datetime.date
    rate: Decimal
    date_to: datetime.date | None = None

    def __post_init__(self):
        object.__setattr__(self, "rate", to_decimal(self.rate))


@dataclass(frozen=True)
class FinanceChargeTerms:
    """Finance charge terms; ``interest_rate`` is a percentage per
    ``interest_period_days`` days, where no rate line applies."""

    id: int
    interest_rate: Decimal = ZERO
    interest_period_days: int = 365
    method: str = BALANCE_DUE
    rates: tuple[RatePeriod, ...] = ()
    minimum_amount: Decimal = ZERO
    line_fees_bear_interest: bool = False
    grace_period: str = "0D"
    due_date_formula: str = "0D"

    def __post_init__(self):
        object.__setattr__(self, "interest_rate", to_decimal(self.interest_rate))
        object.__setattr__(self, "minimum_amount", to_decimal(self.minimum_amount))
        object.__setattr__(self, "rates", tuple(sorted(self.rates, key=lambda r: r.date_from)))


@dataclass(frozen=True)
class InterestItem:
    """An open receivable item on ``as_of``: its ``residual`` then, the
    payments ``(date, amount)`` that lowered it after its due date (up to
    ``as_of``), its hold and status, and ``charged_to``: the date up to which
    an issued memo already charged it."""

    move_line_id: int
    due_date: datetime.date
    residual: Decimal
    payments: tuple[tuple[datetime.date, Decimal], ...] = ()
    on_hold: bool = False
    status: str = "none"
    line_fee: bool = False
    charged_to: datetime.date | None = None

    def __post_init__(self):
        object.__setattr__(self, "residual", to_decimal(self.residual))
        object.__setattr__(self, "payments", tuple(
            (day, to_decimal(amount)) for day, amount in self.payments))


@dataclass(frozen=True)
class InterestPart:
    """The days ``date_from .. date_to`` (included) at one ``rate``: their
    average ``base`` and their (unrounded) ``amount``."""

    date_from: datetime.date
    date_to: datetime.date
    days: int
    rate: Decimal
    base: Decimal
    amount: Decimal


@dataclass(frozen=True)
class ItemInterest:
    """An item's interest (rounded), its days, its average base and the
    parts per rate; ``reason`` (one of :data:`ITEM_REASONS`) when none."""

    move_line_id: int
    start: datetime.date | None
    days: int
    base: Decimal
    amount: Decimal
    parts: tuple[InterestPart, ...] = ()
    reason: str | None = None


@dataclass(frozen=True)
class MemoProposal:
    """A finance charge memo to create: the items bearing interest."""

    terms_id: int
    lines: tuple[ItemInterest, ...]
    interest_amount: Decimal
    due_date: datetime.date


@dataclass(frozen=True)
class Skip:
    """No memo: ``reason`` is one of :data:`SKIP_REASONS`."""

    reason: str


# --- validation -------------------------------------------------------------------


def validate_terms(terms):
    """Raise :class:`~.errors.ConfigError` naming the field and the value on
    bad terms (a :class:`~.errors.FormulaConfigError` for a date formula).

    >>> d = datetime.date
    >>> validate_terms(FinanceChargeTerms(1, 10, 360, rates=(RatePeriod(d(2024, 1, 1), 8),)))
    >>> try:
    ...     validate_terms(FinanceChargeTerms(1, 10, rates=(
    ...         RatePeriod(d(2024, 1, 1), 8, d(2024, 6, 30)), RatePeriod(d(2024, 6, 1), 9))))
    ... except ConfigError as err:
    ...     print(err.field, err.value, err.rule)
    date_from 2024-06-01 overlap
    >>> try:
    ...     validate_terms(FinanceChargeTerms(1, 10, grace_period="5X"))
    ... except ConfigError as err:
    ...     print(err.field, err.value, err.rule, err.position)
    grace_period 5X formula 1
    """
    for name in ("interest_rate", "minimum_amount"):
        value = getattr(terms, name)
        if value < 0:
            raise ConfigError(name, value, "negative", f"{name} must not be negative, got {value}")
    if terms.interest_period_days < 1:
        raise ConfigError("interest_period_days", terms.interest_period_days, "below_one",
                          f"interest_period_days must be 1 or more, got "
                          f"{terms.interest_period_days}")
    if terms.method not in (BALANCE_DUE, AVERAGE_DAILY_BALANCE):
        raise ConfigError("method", terms.method, "unknown",
                          f"unknown interest calculation method {terms.method!r}")
    for name in ("grace_period", "due_date_formula"):
        try:
            dates.validate(getattr(terms, name))
        except dates.DateFormulaError as err:
            raise FormulaConfigError.of(err, name) from err
    previous = None
    for period in terms.rates:
        if period.rate < 0:
            raise ConfigError("rate", period.rate, "negative",
                              f"rate from {period.date_from} must not be negative, "
                              f"got {period.rate}")
        if period.date_to is not None and period.date_to < period.date_from:
            raise ConfigError("date_to", period.date_to, "before_start",
                              f"rate period from {period.date_from} ends before it starts: "
                              f"{period.date_to}")
        if previous is not None and (
                previous.date_from == period.date_from
                or (previous.date_to is not None and previous.date_to >= period.date_from)):
            raise ConfigError("date_from", period.date_from, "overlap",
                              f"rate period from {period.date_from} overlaps the one from "
                              f"{previous.date_from}")
        previous = period


# --- calculation ------------------------------------------------------------------


def _rate_on(terms, day):
    """The rate of ``day`` and the last day it holds (``None``: for good)."""
    periods = terms.rates
    for index, period in enumerate(periods):
        end = period.date_to
        if end is None and index + 1 < len(periods):
            end = periods[index + 1].date_from - ONE_DAY
        if period.date_from <= day and (end is None or day <= end):
            return period.rate, end
    # No line covers ``day``: the terms' rate, up to the next line's start.
    following = [period.date_from for period in periods if period.date_from > day]
    return terms.interest_rate, (following[0] - ONE_DAY) if following else None


def _rate_segments(terms, first, last):
    """``(date_from, date_to, rate)`` covering ``first .. last``, in order."""
    segments, day = [], first
    while day <= last:
        rate, until = _rate_on(terms, day)
        end = last if until is None or until > last else until
        if segments and segments[-1][2] == rate and segments[-1][1] + ONE_DAY == day:
            segments[-1] = (segments[-1][0], end, rate)
        else:
            segments.append((day, end, rate))
        day = end + ONE_DAY
    return segments


def _balance_sum(item, first, last, method):
    """The sum of the item's daily bases over ``first .. last``."""
    days = (last - first).days + 1
    if method == BALANCE_DUE:
        return item.residual * days  # the balance due on as_of, every day
    # Each day's balance: the residual on as_of plus the payments dated after
    # that day; summed, each payment counts once per day of the segment before it.
    total = item.residual * days
    for pay_day, amount in item.payments:
        if pay_day > first:
            total += amount * ((min(pay_day, last + ONE_DAY) - first).days)
    return total


def _round(amount, rounding):
    return amount.quantize(Decimal(1).scaleb(-rounding), rounding=ROUND_HALF_UP)


def _no_interest(item, reason, start=None):
    return ItemInterest(item.move_line_id, start, 0, ZERO, ZERO, (), reason)


def item_interest(terms, item, as_of, rounding=2):
    """The :class:`ItemInterest` of ``item`` on ``as_of`` (see the module's rules).

    1,000.00 due on 31 January, 10% a year (365 days), 30 days: 8.22.

    >>> d = datetime.date
    >>> terms = FinanceChargeTerms(1, 10, 365)
    >>> result = item_interest(terms, InterestItem(7, d(2024, 1, 31), 1000), d(2024, 3, 1))
    >>> result.days, result.base, result.amount
    (30, Decimal('1000.00'), Decimal('8.22'))
    >>> item_interest(terms, InterestItem(7, d(2024, 1, 31), 1000, status="disputed"),
    ...               d(2024, 3, 1)).reason
    'disputed'
    """
    if item.residual <= 0:
        return _no_interest(item, "paid")
    if item.on_hold:
        return _no_interest(item, "on_hold")
    if item.status == DISPUTED:
        return _no_interest(item, "disputed")
    if item.status == PROMISED:
        return _no_interest(item, "promised")
    if item.line_fee and not terms.line_fees_bear_interest:
        return _no_interest(item, "line_fee")
    if as_of <= item.due_date:
        return _no_interest(item, "not_due")
    if as_of <= dates.apply(terms.grace_period, item.due_date):
        return _no_interest(item, "grace")
    start = item.due_date
    if item.charged_to is not None and item.charged_to > start:
        start = item.charged_to
    if as_of <= start:
        return _no_interest(item, "charged", start)
    payments = tuple((day, amount) for day, amount in item.payments if start < day <= as_of)
    dated = InterestItem(item.move_line_id, item.due_date, item.residual, payments)
    parts, total_base = [], ZERO
    for first, last, rate in _rate_segments(terms, start + ONE_DAY, as_of):
        days = (last - first).days + 1
        base_sum = _balance_sum(dated, first, last, terms.method)
        total_base += base_sum
        amount = base_sum * rate / Decimal(100) / Decimal(terms.interest_period_days)
        parts.append(InterestPart(first, last, days, rate, _round(base_sum / days, rounding),
                                  amount))
    days = (as_of - start).days
    amount = _round(sum((part.amount for part in parts), ZERO), rounding)
    return ItemInterest(item.move_line_id, start, days, _round(total_base / days, rounding),
                        amount, tuple(parts))


def propose_memo(terms, items, as_of, rounding=2):
    """A :class:`MemoProposal` of the items bearing interest on ``as_of``,
    or a :class:`Skip`.

    >>> d = datetime.date
    >>> terms = FinanceChargeTerms(1, 12, 360, minimum_amount=5, due_date_formula="14D")
    >>> items = [InterestItem(1, d(2024, 1, 1), 1000), InterestItem(2, d(2024, 3, 1), 50)]
    >>> memo = propose_memo(terms, items, d(2024, 3, 1))
    >>> [(line.move_line_id, line.days, line.amount) for line in memo.lines], memo.due_date
    ([(1, 60, Decimal('20.00'))], datetime.date(2024, 3, 15))
    >>> propose_memo(terms, items, d(2024, 1, 10))
    Skip(reason='below_minimum')
    """
    lines = tuple(line for line in (item_interest(terms, item, as_of, rounding) for item in items)
                  if line.amount > 0)
    if not lines:
        return Skip("no_interest")
    total = sum((line.amount for line in lines), ZERO)
    if total < terms.minimum_amount:
        return Skip("below_minimum")
    return MemoProposal(terms.id, lines, total, dates.apply(terms.due_date_formula, as_of))
