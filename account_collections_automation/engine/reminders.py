# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Reminder terms, levels, fees and interest (Business Central).

:func:`propose_reminder` decides, for one customer's open items under one set
of reminder terms, whether a reminder is due and what it holds. The rules:

- An item is overdue when ``as_of > due_date``. Items with a residual of zero
  or less (credit notes, payments) are ignored: they are no lines and never
  raise a level.
- An overdue item's candidate level is ``reached_level + 1``, capped at the
  highest configured level (after the last level, reminders repeat it). It is
  eligible for that level when ``as_of > apply(level.grace_period,
  reference)``; the reference is the item's due date for its first reminder,
  else the due date of its previous reminder, ``apply(previous_level.
  due_date_formula, last_reminder_date)`` (the item's due date when
  ``last_reminder_date`` is unknown).
- With ``term.max_reminders > 0``, an item whose ``reached_level`` has reached
  it gets no new level (it is still listed).
- Items on hold, disputed, or with a pending promise to pay are left out
  (``chase.hold_reason``): a reminder never lists them as owed (there is no
  option to include them).
- A reminder needs at least one item getting a new level; the other overdue
  items are listed at their reached level (``new_level`` False). With
  ``set_highest_level`` every overdue line (not on hold, not past
  ``max_reminders``) is raised to the reminder's level, and counts as a new
  level when that raises it.
- The reminder's level is the highest new level. ``remaining_amount`` is the
  sum of the overdue lines' residuals; below ``term.minimum_amount`` there is
  no reminder.
- Fees: with the reminder level's ``fee_calculation`` ``fixed``, its
  ``additional_fee`` plus its ``fee_per_line`` per line charged a line fee;
  otherwise its tiers (``engine.fees``): the tiers without the per-line flag on
  the remaining amount, the per-line tiers on each charged line's residual. A
  line is charged a line fee when the reminder raises it to a level it had not
  reached: at most once per invoice and level, whatever the number of
  reminders (an item repeating the last level pays none again). Interest
  per overdue line whose level calculates it: ``residual * rate / 100 *
  days / 365``, days counted from the later of its due date and its last
  reminder date, rounded per line (half up).
- ``total_due = remaining_amount + fee_amount + interest_amount``; the
  reminder falls due on ``apply(level.due_date_formula, as_of)``.
- Not-yet-due items are listed as ``not_due`` lines only with
  ``include_not_due``; they count neither in the minimum nor in the fees.

Levels are looked up by number; a term is expected to pass
:func:`.reminder_validation.validate_term` (levels numbered 1 to n). The send
rules are in :mod:`.reminder_send`, issuing and cancelling in
:mod:`.reminder_issue`.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from . import dates, fees, vocabulary
from .amounts import to_decimal as _decimal
from .chase import hold_reason

__all__ = [
    "SKIP_REASONS",
    "LevelConfig",
    "OpenItem",
    "ReminderLine",
    "ReminderOptions",
    "ReminderProposal",
    "Skip",
    "TermConfig",
    "propose_reminder",
    "reissued_fee",
]

LINE_TYPES = vocabulary.keys(vocabulary.REMINDER_LINE_TYPES)
LINE_OVERDUE = LINE_TYPES[LINE_TYPES.index("overdue")]
LINE_NOT_DUE = LINE_TYPES[LINE_TYPES.index("not_due")]

# Why no reminder was proposed.
SKIP_REASONS = ("no_overdue", "below_minimum", "max_reminders", "no_levels", "not_eligible")

ZERO = Decimal(0)


def _coerce_decimals(obj, names):
    for name in names:
        object.__setattr__(obj, name, _decimal(getattr(obj, name)))


@dataclass(frozen=True)
class LevelConfig:
    """A reminder level; ``interest_rate`` is a yearly percentage."""

    id: int
    level: int
    grace_period: str = "0D"
    due_date_formula: str = "0D"
    additional_fee: Decimal = ZERO
    fee_per_line: Decimal = ZERO
    calculate_interest: bool = False
    interest_rate: Decimal = ZERO
    # How the fees are computed (vocabulary.FEE_CALCULATIONS); for the
    # dynamic ones the tiers already selected for the reminder's currency
    # (fees.select_tiers), and, when they are company-currency tiers for
    # another currency, the company-currency amount of one unit of it.
    fee_calculation: str = fees.FIXED
    fee_tiers: tuple[fees.FeeTier, ...] = ()
    line_fee_tiers: tuple[fees.FeeTier, ...] = ()
    fee_rate: Decimal | None = None
    line_fee_rate: Decimal | None = None

    def __post_init__(self):
        _coerce_decimals(self, ("additional_fee", "fee_per_line", "interest_rate"))
        object.__setattr__(self, "fee_tiers", tuple(self.fee_tiers))
        object.__setattr__(self, "line_fee_tiers", tuple(self.line_fee_tiers))


@dataclass(frozen=True)
class TermConfig:
    """Reminder terms; ``max_reminders`` 0 means no limit."""

    id: int
    max_reminders: int = 0
    minimum_amount: Decimal = ZERO
    levels: tuple[LevelConfig, ...] = ()

    def __post_init__(self):
        _coerce_decimals(self, ("minimum_amount",))
        object.__setattr__(self, "levels", tuple(self.levels))


@dataclass(frozen=True)
class OpenItem:
    """An open receivable line, amounts in the reminder's currency."""

    move_line_id: int
    move_id: int
    due_date: datetime.date
    original_amount: Decimal
    residual: Decimal
    reached_level: int = 0
    last_reminder_date: datetime.date | None = None
    on_hold: bool = False
    status: str = "none"  # the invoice's collection status
    promise_date: datetime.date | None = None

    def __post_init__(self):
        _coerce_decimals(self, ("original_amount", "residual"))


@dataclass(frozen=True)
class ReminderOptions:
    """The options of a create action."""

    set_highest_level: bool = False
    include_not_due: bool = False
    # A level to issue whatever the grace periods (a process's letter step:
    # the process's own timing already decided that now is the time).
    forced_level: int = 0


@dataclass(frozen=True)
class ReminderLine:
    """One line of a proposed reminder; ``line_type`` is overdue / not_due."""

    move_line_id: int
    move_id: int
    due_date: datetime.date
    original_amount: Decimal
    amount_residual: Decimal
    days_overdue: int
    level: int
    on_hold: bool
    line_type: str
    interest: Decimal
    new_level: bool


@dataclass(frozen=True)
class ReminderProposal:
    """A reminder to create."""

    term_id: int
    level: int
    level_id: int
    lines: tuple[ReminderLine, ...]
    fee_amount: Decimal
    interest_amount: Decimal
    remaining_amount: Decimal
    total_due: Decimal
    due_date: datetime.date


@dataclass(frozen=True)
class Skip:
    """No reminder: ``reason`` is one of :data:`SKIP_REASONS`."""

    reason: str
    detail: str = field(default="")


# --- helpers ------------------------------------------------------------------


def _quantum(rounding):
    return Decimal(1).scaleb(-rounding)


def _round(amount, rounding):
    return amount.quantize(_quantum(rounding), rounding=ROUND_HALF_UP)


def _level_at_or_above(levels, number):
    """The first level numbered ``number`` or more, else the highest level."""
    for level in levels:
        if level.level >= number:
            return level
    return levels[-1]


def _level_at_or_below(levels, number):
    """The highest level numbered ``number`` or less (None below the first)."""
    found = None
    for level in levels:
        if level.level <= number:
            found = level
    return found


def _exact_level(levels, number):
    for level in levels:
        if level.level == number:
            return level
    return None


def _eligible(item, candidate, levels, as_of):
    """Whether ``item`` may get ``candidate``'s level on ``as_of``."""
    reference = item.due_date
    if item.reached_level > 0 and item.last_reminder_date is not None:
        previous = _level_at_or_below(levels, item.reached_level)
        if previous is not None:
            reference = dates.apply(previous.due_date_formula, item.last_reminder_date)
        else:
            reference = item.last_reminder_date
    return as_of > dates.apply(candidate.grace_period, reference)


def _interest(item, level, as_of, rounding):
    if level is None or not level.calculate_interest or not level.interest_rate:
        return ZERO
    start = item.due_date
    if item.last_reminder_date is not None and item.last_reminder_date > start:
        start = item.last_reminder_date
    days = max((as_of - start).days, 0)
    raw = item.residual * level.interest_rate / Decimal(100) * Decimal(days) / Decimal(365)
    return _round(raw, rounding)


def reissued_fee(level, remaining, charged_residuals, rounding=2):
    """The fee of a reminder at ``level`` again, from what it lists: its
    ``remaining`` amount and the residuals of the items it charges a line fee
    (raised to a level they had not reached). Issuing on another posting date
    than the reminder's gives ``level`` the fees and rates of that date.

    >>> level = LevelConfig(1, 1, additional_fee=Decimal("10"), fee_per_line=Decimal("2"))
    >>> reissued_fee(level, Decimal("500"), [Decimal("200"), Decimal("300")])
    Decimal('14.00')
    >>> tiers = (fees.FeeTier(threshold=Decimal(0), fixed_amount=Decimal(5),
    ...                       percentage=Decimal(1)),)
    >>> converted = LevelConfig(1, 1, fee_calculation=fees.SINGLE, fee_tiers=tiers,
    ...                         fee_rate=Decimal("0.5"))
    >>> reissued_fee(converted, Decimal("1000"), [])  # (5 + 1% of 500) / 0.5
    Decimal('20.00')
    """
    return _fee(level, _decimal(remaining), [_Residual(_decimal(residual))
                                             for residual in charged_residuals], rounding)


class _Residual(NamedTuple):
    residual: Decimal


def _fee(level, remaining, charged, rounding):
    """The reminder's fee at ``level``: on ``remaining``, and a line fee for
    each item of ``charged`` (see the module's docstring)."""
    if level.fee_calculation == fees.FIXED:
        return _round(level.additional_fee + level.fee_per_line * len(charged), rounding)
    fee = ZERO
    if level.fee_tiers:
        fee = fees.dynamic_fee(level.fee_calculation, level.fee_tiers, remaining,
                               level.fee_rate, rounding)
    if level.line_fee_tiers:
        for item in charged:
            fee += fees.dynamic_fee(level.fee_calculation, level.line_fee_tiers, item.residual,
                                    level.line_fee_rate, rounding)
    return fee


@dataclass
class _Decision:
    """An overdue item's level on the reminder being built."""

    item: OpenItem
    level: int
    new_level: bool = False
    frozen: bool = False  # on hold or past max_reminders: never raised


# --- the decision -------------------------------------------------------------


def propose_reminder(
    term: TermConfig,
    items: Sequence[OpenItem],
    as_of: datetime.date,
    options: ReminderOptions = ReminderOptions(),  # noqa: B008 (frozen, immutable)
    rounding: int = 2,
) -> "ReminderProposal | Skip":
    """Propose a reminder for ``items`` under ``term`` on ``as_of``, or a :class:`Skip`.

    >>> d = datetime.date
    >>> term = TermConfig(1, levels=(
    ...     LevelConfig(11, 1, grace_period="5D", due_date_formula="10D",
    ...                 additional_fee=Decimal("10")),
    ...     LevelConfig(12, 2, due_date_formula="7D", additional_fee=Decimal("20"))))
    >>> invoice = OpenItem(1, 100, d(2024, 3, 1), Decimal("500"), Decimal("400"))
    >>> propose_reminder(term, [invoice], d(2024, 3, 5))
    Skip(reason='not_eligible', detail='no overdue item is past its grace period')
    >>> proposal = propose_reminder(term, [invoice], d(2024, 3, 7))
    >>> proposal.level, proposal.level_id, proposal.total_due, proposal.due_date
    (1, 11, Decimal('410.00'), datetime.date(2024, 3, 17))
    >>> [(line.move_line_id, line.level, line.days_overdue) for line in proposal.lines]
    [(1, 1, 6)]
    """
    levels = tuple(sorted(term.levels, key=lambda level: level.level))
    if not levels:
        return Skip("no_levels", f"reminder terms {term.id} have no levels")
    highest = levels[-1].level
    forced = None
    if options.forced_level:
        forced = next((lvl for lvl in levels if lvl.level == options.forced_level), None)
        if forced is None:
            detail = f"reminder terms {term.id} have no level {options.forced_level}"
            return Skip("no_levels", detail)

    overdue, not_due = [], []
    held_out = 0
    for item in items:
        if item.residual <= 0:
            continue
        if hold_reason(item.on_hold, item.status, item.promise_date, as_of) is not None:
            held_out += item.due_date < as_of
            continue
        (overdue if item.due_date < as_of else not_due).append(item)
    if not overdue:
        detail = "no open item is overdue"
        if held_out:
            detail += f" ({held_out} overdue item(s) on hold, disputed or promised left out)"
        return Skip("no_overdue", detail)

    # Decide each overdue item's level.
    decisions = []
    blocked = 0
    for item in sorted(overdue, key=lambda i: (i.due_date, i.move_line_id)):
        shown = min(item.reached_level, highest)
        # On hold, or already reminded today: listed, never raised (a line is
        # reminded once a day at most, whatever the options).
        if item.on_hold or (item.last_reminder_date and item.last_reminder_date >= as_of):
            decisions.append(_Decision(item, shown, frozen=True))
            continue
        if term.max_reminders > 0 and item.reached_level >= term.max_reminders:
            blocked += 1
            decisions.append(_Decision(item, shown, frozen=True))
            continue
        if forced is not None:
            if item.reached_level < forced.level:
                decisions.append(_Decision(item, forced.level, new_level=True))
            else:
                decisions.append(_Decision(item, shown))
            continue
        candidate = _level_at_or_above(levels, item.reached_level + 1)
        if _eligible(item, candidate, levels, as_of):
            decisions.append(_Decision(item, candidate.level, new_level=True))
        else:
            decisions.append(_Decision(item, shown))

    raised = [decision for decision in decisions if decision.new_level]
    if not raised:
        candidates = sum(1 for item in overdue if not item.on_hold)
        if candidates and blocked == candidates:
            return Skip(
                "max_reminders",
                f"every overdue item has had the maximum of {term.max_reminders} reminder(s)",
            )
        if forced is not None:
            return Skip("not_eligible", f"every overdue item is at level {forced.level} or above")
        return Skip("not_eligible", "no overdue item is past its grace period")

    reminder_level = _exact_level(levels, max(decision.level for decision in raised))
    if options.set_highest_level:
        for decision in decisions:
            if not decision.frozen and decision.level < reminder_level.level:
                decision.level = reminder_level.level
                decision.new_level = True

    remaining = sum((decision.item.residual for decision in decisions), ZERO)
    if remaining < term.minimum_amount:
        return Skip(
            "below_minimum",
            f"remaining amount {remaining} is below the minimum {term.minimum_amount}",
        )

    def line(item, level, line_type, interest=ZERO, new_level=False):
        return ReminderLine(
            move_line_id=item.move_line_id,
            move_id=item.move_id,
            due_date=item.due_date,
            original_amount=item.original_amount,
            amount_residual=item.residual,
            days_overdue=(as_of - item.due_date).days,
            level=level,
            on_hold=item.on_hold,
            line_type=line_type,
            interest=interest,
            new_level=new_level,
        )

    lines = []
    charged = []  # the items charged a line fee: raised to a level they had not reached
    for decision in decisions:
        item, level = decision.item, decision.level
        interest = ZERO
        if not item.on_hold:
            interest = _interest(item, _exact_level(levels, level), as_of, rounding)
        if decision.new_level and level > item.reached_level:
            charged.append(item)
        lines.append(line(item, level, LINE_OVERDUE, interest, decision.new_level))
    if options.include_not_due:
        for item in sorted(not_due, key=lambda i: (i.due_date, i.move_line_id)):
            lines.append(line(item, min(item.reached_level, highest), LINE_NOT_DUE))

    fee = _fee(reminder_level, remaining, charged, rounding)
    interest_amount = sum((line.interest for line in lines), ZERO)
    return ReminderProposal(
        term_id=term.id,
        level=reminder_level.level,
        level_id=reminder_level.id,
        lines=tuple(lines),
        fee_amount=fee,
        interest_amount=interest_amount,
        remaining_amount=remaining,
        total_due=remaining + fee + interest_amount,
        due_date=dates.apply(reminder_level.due_date_formula, as_of),
    )
