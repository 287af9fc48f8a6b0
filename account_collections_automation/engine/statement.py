# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Statements of account: the plain figures of a customer's statement, per
currency, from the ledger facts (``collection.ledger``).

Two modes (``vocabulary.STATEMENT_MODES``):

- ``period``: the opening balance (everything posted before the period), the
  transactions of the period with a running balance, the closing balance
  (opening plus the period's transactions), and the aging of the items still
  open at the period's end;
- ``open_items``: the items open as of a date with a running total, the
  closing balance (their sum) and their aging.

Amounts are in each section's currency (the transaction currency of the
journal items), signed as the ledger is: what the customer owes is positive.
A currency with nothing to state (no balance, no transaction, no open item)
has no section.
"""

from dataclasses import dataclass
from decimal import Decimal

from . import aging, dates
from .amounts import to_decimal

__all__ = [
    "Movement",
    "OpenItem",
    "Section",
    "StatementLine",
    "check_period",
    "movement_kind",
    "open_items_statement",
    "period_from_formulas",
    "period_statement",
]

ZERO = Decimal(0)


@dataclass(frozen=True)
class Movement:
    """A transaction of the period: one entry's receivable lines in one currency."""

    move_id: int
    currency_id: int
    date: object
    due_date: object
    kind: str
    amount: Decimal


@dataclass(frozen=True)
class OpenItem:
    """An item open as of the statement's date (``collection.ledger.OpenLine``)."""

    move_id: int
    currency_id: int
    date: object
    aging_date: object
    amount: Decimal
    residual: Decimal


@dataclass(frozen=True)
class StatementLine:
    """A line of a section: a transaction (period) or an open item."""

    move_id: int
    date: object
    due_date: object
    kind: str
    debit: Decimal
    credit: Decimal
    balance: Decimal  # the running balance after this line
    days_overdue: int | None = None


@dataclass(frozen=True)
class Section:
    """The statement in one currency."""

    currency_id: int
    opening: Decimal
    lines: tuple
    closing: Decimal
    buckets: tuple  # one amount per aging bucket, as of the statement's date
    debit: Decimal = ZERO
    credit: Decimal = ZERO

    @property
    def overdue(self):
        """What is overdue in the section: every bucket but the current one."""
        return sum(self.buckets[1:], ZERO)


def movement_kind(move_type, is_payment):
    """The kind of a transaction (``vocabulary.STATEMENT_LINE_KINDS``).

    >>> movement_kind("out_invoice", False), movement_kind("out_refund", False)
    ('invoice', 'credit_note')
    >>> movement_kind("entry", True), movement_kind("entry", False)
    ('payment', 'other')
    """
    if is_payment:
        return "payment"
    if move_type in ("out_invoice", "out_receipt"):
        return "invoice"
    if move_type == "out_refund":
        return "credit_note"
    return "other"


def check_period(date_from, date_to):
    """Refuse a period that ends before it starts; the error names both dates.

    >>> from datetime import date
    >>> check_period(date(2024, 1, 1), date(2024, 1, 31))
    >>> try:
    ...     check_period(date(2024, 2, 1), date(2024, 1, 31))
    ... except ValueError as error:
    ...     print(error)
    Statement period: the start 2024-02-01 is after the end 2024-01-31
    """
    if date_from is None or date_to is None:
        raise ValueError("Statement period: a start and an end date are needed")
    if date_from > date_to:
        raise ValueError(
            f"Statement period: the start {date_from.isoformat()} is after the end "
            f"{date_to.isoformat()}")


def period_from_formulas(run_date, start_formula, end_formula):
    """The period of a scheduled statement: ``start_formula`` and
    ``end_formula`` (Business Central date formulas) applied to the run date;
    an empty end formula means the run date itself.

    >>> from datetime import date
    >>> period_from_formulas(date(2024, 3, 1), "-CM-1M", "-CM-1D")
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    >>> period_from_formulas(date(2024, 3, 10), "-CM", "")
    (datetime.date(2024, 3, 1), datetime.date(2024, 3, 10))
    """
    date_to = dates.apply(end_formula, run_date) if (end_formula or "").strip() else run_date
    date_from = dates.apply(start_formula, run_date) if (start_formula or "").strip() \
        else date_to
    check_period(date_from, date_to)
    return date_from, date_to


def _buckets(open_items, currency_id, as_of, boundaries):
    return tuple(aging.age(
        [(item.aging_date, item.residual) for item in open_items
         if item.currency_id == currency_id], as_of, boundaries))


def _currencies(order, *groups):
    """The currencies met in ``groups``, in ``order`` first, then by id."""
    seen = set()
    for group in groups:
        seen.update(group)
    ranked = [currency for currency in order if currency in seen]
    return ranked + sorted(seen - set(ranked))


def _section(currency_id, opening, entries, buckets):
    """The section of one currency: each of ``entries`` (in order: move id,
    date, due date, kind, amount, days overdue) becomes a line with its debit
    or credit and the running balance from ``opening``; the section sums the
    debits and credits, and closes on the last balance.

    >>> section = _section(1, Decimal("10"), [
    ...     (5, None, None, "invoice", Decimal("40"), 3),
    ...     (6, None, None, "payment", Decimal("-15"), None)], ())
    >>> for line in section.lines:
    ...     print(line.kind, line.debit, line.credit, line.balance, line.days_overdue)
    invoice 40 0 50 3
    payment 0 15 35 None
    >>> section.opening, section.closing, section.debit, section.credit
    (Decimal('10'), Decimal('35'), Decimal('40'), Decimal('15'))
    """
    balance = opening
    lines = []
    debit = credit = ZERO
    for move_id, date, due_date, kind, amount, days_overdue in entries:
        amount = to_decimal(amount)
        line_debit, line_credit = max(amount, ZERO), max(-amount, ZERO)
        balance += amount
        debit += line_debit
        credit += line_credit
        lines.append(StatementLine(move_id, date, due_date, kind, line_debit, line_credit,
                                   balance, days_overdue))
    return Section(currency_id, opening, tuple(lines), balance, buckets, debit, credit)


def period_statement(date_from, date_to, openings, movements, open_items,
                     boundaries=aging.DEFAULT_BOUNDARIES, currency_order=()):
    """The sections of a period statement.

    ``openings``: {currency: balance before ``date_from``}; ``movements``: the
    period's ``Movement`` rows; ``open_items``: the ``OpenItem`` rows open as
    of ``date_to`` (their aging makes the buckets).

    >>> from datetime import date as d
    >>> sections = period_statement(
    ...     d(2024, 3, 1), d(2024, 3, 31), {1: Decimal("100")},
    ...     [Movement(7, 1, d(2024, 3, 5), d(2024, 4, 4), "invoice", Decimal("250")),
    ...      Movement(8, 1, d(2024, 3, 20), None, "payment", Decimal("-100"))],
    ...     [OpenItem(7, 1, d(2024, 3, 5), d(2024, 4, 4), Decimal("250"), Decimal("250"))],
    ...     (30, 60))
    >>> section = sections[0]
    >>> section.opening, section.closing, [line.balance for line in section.lines]
    (Decimal('100'), Decimal('250'), [Decimal('350'), Decimal('250')])
    >>> section.buckets, section.debit, section.credit
    ((Decimal('250'), Decimal('0'), Decimal('0'), Decimal('0')), Decimal('250'), Decimal('100'))
    """
    check_period(date_from, date_to)
    openings = {currency: to_decimal(amount) for currency, amount in openings.items()}
    movements = sorted(movements, key=lambda m: (m.date, m.move_id))
    open_items = [item for item in open_items if item.residual]
    currencies = _currencies(
        currency_order, [c for c, amount in openings.items() if amount],
        [m.currency_id for m in movements], [item.currency_id for item in open_items])
    return [
        _section(currency, openings.get(currency, ZERO), (
            (m.move_id, m.date, m.due_date, m.kind, m.amount, None)
            for m in movements if m.currency_id == currency),
            _buckets(open_items, currency, date_to, boundaries))
        for currency in currencies]


def open_items_statement(as_of, open_items, boundaries=aging.DEFAULT_BOUNDARIES,
                         kinds=None, currency_order=()):
    """The sections of an open-items statement as of ``as_of``: each item
    with its open amount and days overdue, a running total, their aging.
    ``kinds``: {move id: kind} (default "other").

    >>> from datetime import date as d
    >>> items = [OpenItem(3, 2, d(2024, 1, 2), d(2024, 2, 1), Decimal("80"), Decimal("30")),
    ...          OpenItem(4, 2, d(2024, 3, 2), d(2024, 4, 1), Decimal("-20"), Decimal("-20"))]
    >>> section, = open_items_statement(d(2024, 3, 12), items, (30, 60), {3: "invoice"})
    >>> [(line.kind, line.debit, line.credit, line.days_overdue) for line in section.lines]
    [('invoice', Decimal('30'), Decimal('0'), 40), ('other', Decimal('0'), Decimal('20'), -20)]
    >>> section.closing, section.buckets
    (Decimal('10'), (Decimal('-20'), Decimal('0'), Decimal('30'), Decimal('0')))
    """
    kinds = kinds or {}
    items = sorted((item for item in open_items if item.residual),
                   key=lambda item: (item.aging_date, item.date, item.move_id))
    return [
        _section(currency, ZERO, (
            (item.move_id, item.date, item.aging_date, kinds.get(item.move_id, "other"),
             item.residual, aging.days_overdue(item.aging_date, as_of))
            for item in items if item.currency_id == currency),
            _buckets(items, currency, as_of, boundaries))
        for currency in _currencies(currency_order, [item.currency_id for item in items])]
