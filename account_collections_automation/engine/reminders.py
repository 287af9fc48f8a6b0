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
:func:`validate_term` (levels numbered 1 to n).
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from . import dates, fees, vocabulary
from .amounts import to_decimal as _decimal
from .chase import hold_reason
from .errors import ConfigError, FormulaConfigError

__all__ = [
    "SKIP_REASONS",
    "SEND_FAILURES",
    "SEND_SKIPS",
    "LevelConfig",
    "OpenItem",
    "RaisedLine",
    "ReminderLine",
    "ReminderOptions",
    "ReminderProposal",
    "Skip",
    "TermConfig",
    "issue_dates",
    "propose_reminder",
    "restore_levels",
    "send_refusal",
    "validate_send_interval",
    "validate_level",
    "validate_term",
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


def issue_dates(created_date, due_date, issue_date, replace_posting_date, replace_vat_date):
    """The ``(posting_date, vat_date, due_date)`` of a reminder issued on ``issue_date``.

    Replacing the posting date moves the due date by as many days as the
    reminder waited between creation and issue.

    >>> d = datetime.date
    >>> issue_dates(d(2024, 3, 1), d(2024, 3, 15), d(2024, 3, 2), True, False)
    (datetime.date(2024, 3, 2), datetime.date(2024, 3, 1), datetime.date(2024, 3, 16))
    >>> issue_dates(d(2024, 3, 1), d(2024, 3, 15), d(2024, 3, 2), False, True)
    (datetime.date(2024, 3, 1), datetime.date(2024, 3, 2), datetime.date(2024, 3, 15))
    """
    posting_date = issue_date if replace_posting_date else created_date
    vat_date = issue_date if replace_vat_date else created_date
    new_due_date = due_date
    if replace_posting_date:
        new_due_date = due_date + (issue_date - created_date)
    return posting_date, vat_date, new_due_date


def validate_level(level):
    """Raise :class:`~.errors.ConfigError` on a bad level, naming the field,
    the value and the level (a :class:`~.errors.FormulaConfigError`, also a
    ``DateFormulaError`` with the position, for a formula).

    >>> validate_level(LevelConfig(1, 1, grace_period="5D", additional_fee=10))
    >>> try:
    ...     validate_level(LevelConfig(1, 1, fee_per_line=-1))
    ... except ConfigError as err:
    ...     print(err.field, err.value, err.rule, err.level)
    fee_per_line -1 negative 1
    >>> try:
    ...     validate_level(LevelConfig(1, 0))
    ... except ConfigError as err:
    ...     print(err)
    level must be 1 or more, got 0
    """
    if level.level < 1:
        raise ConfigError("level", level.level, "below_one",
                          f"level must be 1 or more, got {level.level}", level=level.level)
    for name in ("additional_fee", "fee_per_line", "interest_rate"):
        value = getattr(level, name)
        if value < 0:
            raise ConfigError(name, value, "negative",
                              f"Level {level.level}: {name} must not be negative, got {value}",
                              level=level.level)
    if level.fee_calculation not in fees.FEE_CALCULATIONS:
        raise ConfigError("fee_calculation", level.fee_calculation, "unknown",
                          f"Level {level.level}: unknown fee calculation "
                          f"{level.fee_calculation!r}", level=level.level)
    for name in ("grace_period", "due_date_formula"):
        try:
            dates.validate(getattr(level, name))
        except dates.DateFormulaError as err:
            raise FormulaConfigError.of(err, name, level=level.level) from err


def validate_term(term):
    """Raise :class:`~.errors.ConfigError` on invalid terms (see :func:`validate_level`).

    >>> validate_term(TermConfig(1, levels=(LevelConfig(1, 1), LevelConfig(2, 2))))
    >>> try:
    ...     validate_term(TermConfig(1, levels=(LevelConfig(1, 1), LevelConfig(3, 3))))
    ... except ConfigError as err:
    ...     print(err, '/', err.field, err.value, err.rule)
    levels must be numbered 1 to 2, got (1, 3) / level_ids (1, 3) numbering
    >>> try:
    ...     validate_term(TermConfig(1, levels=(LevelConfig(1, 1, fee_per_line=-1),)))
    ... except ValueError as err:
    ...     print(err)
    Level 1: fee_per_line must not be negative, got -1
    >>> try:
    ...     validate_term(TermConfig(1, levels=(LevelConfig(1, 1, grace_period="5X"),)))
    ... except ValueError as err:
    ...     print(err)
    Invalid date formula '5X': unknown unit (level 1, grace_period) at position 1
    """
    for name in ("max_reminders", "minimum_amount"):
        value = getattr(term, name)
        if value < 0:
            raise ConfigError(name, value, "negative", f"{name} must not be negative, got {value}")
    numbers = tuple(sorted(level.level for level in term.levels))
    if numbers != tuple(range(1, len(numbers) + 1)):
        raise ConfigError("level_ids", numbers, "numbering",
                          f"levels must be numbered 1 to {len(numbers)}, got {numbers}")
    for level in sorted(term.levels, key=lambda level: level.level):
        validate_level(level)


# --- sending ------------------------------------------------------------------

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


# --- cancelling -----------------------------------------------------------------


@dataclass(frozen=True)
class RaisedLine:
    """An open item a cancelled reminder raised: from ``previous_level`` and
    ``previous_date`` to ``level`` on ``reminder_date`` (its posting date)."""

    move_line_id: int
    level: int
    reminder_date: datetime.date | None
    previous_level: int
    previous_date: datetime.date | None


def restore_levels(raised, current):
    """The ``{move_line_id: (level, last reminder date)}`` to write back when
    the reminders that raised ``raised`` are cancelled.

    ``current`` maps each move line to its ``(level, last reminder date)``
    now. A line gets back its previous level and date only if the cancelled
    reminder's are still there: a later reminder that raised it again keeps
    it. Cancelling several reminders of one line at once undoes them from
    the latest back, whatever the order given. Lines left alone are not in
    the result.

    >>> d = datetime.date
    >>> first = RaisedLine(7, 1, d(2024, 3, 1), 0, None)
    >>> second = RaisedLine(7, 2, d(2024, 4, 1), 1, d(2024, 3, 1))
    >>> restore_levels([first], {7: (2, d(2024, 4, 1))})  # a later reminder raised it
    {}
    >>> restore_levels([second], {7: (2, d(2024, 4, 1))})
    {7: (1, datetime.date(2024, 3, 1))}
    >>> restore_levels([first, second], {7: (2, d(2024, 4, 1))})
    {7: (0, None)}
    """
    state = {line.move_line_id: current.get(line.move_line_id) for line in raised}
    pending = list(raised)
    while True:
        left = []
        for line in pending:
            if state[line.move_line_id] == (line.level, line.reminder_date):
                state[line.move_line_id] = (line.previous_level, line.previous_date)
            else:
                left.append(line)
        if len(left) == len(pending):
            break
        pending = left
    return {
        move_line_id: values
        for move_line_id, values in state.items()
        if values != current.get(move_line_id)
    }
