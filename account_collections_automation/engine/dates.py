# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Business Central date formulas (``30D``, ``CM+10D``, ``-CM+14D``, ``D15``).

A formula is a list of terms joined by ``+`` or ``-``, applied left to right
to a base date. Whitespace is ignored and letters are case-insensitive.

Units: ``D`` day, ``WD`` weekday (Monday to Friday), ``W`` week, ``M`` month,
``Q`` quarter, ``Y`` year. Three kinds of term:

- ``<n><unit>`` moves by n units (``30D``, ``2W``, ``1M``, ``1Q``, ``1Y``);
  a leading ``-`` moves back (``-1W``). ``nWD`` moves by n working days
  (Monday to Friday). Month, quarter and year moves keep the day of the month,
  clamped to the month's last day (31 January + 1M = 28 or 29 February).
- ``C<unit>`` goes to the end of the current period (``CW`` Sunday, weeks
  run Monday to Sunday; ``CM`` month end; ``CQ`` quarter end; ``CY`` year
  end; ``CD`` the same day); ``-C<unit>`` goes to its start (``-CM`` is the
  first of the month, ``-CW`` the Monday).
- ``D<n>`` and ``WD<n>`` (number after the unit) are positions: ``D15`` is
  the first date on or after the base whose day is 15 (``D31`` is the month
  end in shorter months), ``WD3`` the first Wednesday on or after the base
  (1 = Monday ... 7 = Sunday). With a ``-`` they look back: ``-D15`` is the
  last 15th on or before the base, ``-WD1`` the last Monday on or before it.
  Note: Business Central's ``WD<n>`` never returns the base itself; here the
  base counts, so ``WD3`` on a Wednesday is that Wednesday.

Numbers are non-negative integers up to 9999. Every error is a
:class:`DateFormulaError` giving the 0-based position of the offending
character in the formula as written (whitespace included).
"""

import calendar
import datetime
import functools
from dataclasses import dataclass, field

__all__ = [
    "DateFormula",
    "DateFormulaError",
    "Term",
    "apply",
    "parse",
    "validate",
]

MAX_NUMBER = 9999

# Term kinds.
SHIFT = "shift"  # <n><unit>
CURRENT = "current"  # C<unit>
POSITION = "position"  # D<n>, WD<n>

_UNIT_LETTERS = frozenset("DWMQY")
_DIGITS = frozenset("0123456789")
_MONTHS_PER_UNIT = {"M": 1, "Q": 3, "Y": 12}
_POSITION_RANGES = {"D": (1, 31), "WD": (1, 7)}


class DateFormulaError(ValueError):
    """An invalid date formula, with the position of the offending character.

    >>> err = DateFormulaError("CM+1X", 4, "unknown unit")
    >>> str(err)
    "Invalid date formula 'CM+1X': unknown unit at position 4"
    >>> err.formula, err.position, err.reason
    ('CM+1X', 4, 'unknown unit')
    """

    def __init__(self, formula, position, reason):
        self.formula = formula
        self.position = position
        self.reason = reason
        super().__init__(f"Invalid date formula {formula!r}: {reason} at position {position}")

    def __reduce__(self):
        return (type(self), (self.formula, self.position, self.reason))


@dataclass(frozen=True)
class Term:
    """One term of a formula.

    ``kind`` is ``shift`` (``<n><unit>``), ``current`` (``C<unit>``) or
    ``position`` (``D<n>`` / ``WD<n>``); ``sign`` is 1 or -1; ``position`` is
    where the term starts in the formula's text (for error messages).
    """

    kind: str
    unit: str
    number: int = 0
    sign: int = 1
    position: int = field(default=0, compare=False)

    def __str__(self):
        minus = "-" if self.sign < 0 else ""
        if self.kind == SHIFT:
            return f"{minus}{self.number}{self.unit}"
        if self.kind == CURRENT:
            return f"{minus}C{self.unit}"
        return f"{minus}{self.unit}{self.number}"


@dataclass(frozen=True)
class DateFormula:
    """A parsed formula: its terms, applied left to right.

    >>> formula = parse("cm + 10d")
    >>> str(formula)
    'CM+10D'
    >>> formula.apply(datetime.date(2024, 1, 17))
    datetime.date(2024, 2, 10)
    """

    terms: tuple[Term, ...]
    text: str = field(default="", compare=False)

    def __str__(self):
        out = ""
        for index, term in enumerate(self.terms):
            text = str(term)
            out += text if index == 0 or text.startswith("-") else "+" + text
        return out

    def apply(self, base):
        """The date this formula gives from ``base``."""
        result = base
        for term in self.terms:
            try:
                result = _apply_term(term, result)
            except (OverflowError, ValueError) as exc:
                raise DateFormulaError(
                    self.text or str(self), term.position, "date out of range"
                ) from exc
        return result


# --- parsing ------------------------------------------------------------------


class _Parser:
    def __init__(self, formula):
        self.formula = formula
        # (index in the original text, normalised character), blanks dropped.
        self.chars = [
            (index, char.upper() if char.isascii() else char)
            for index, char in enumerate(formula)
            if not char.isspace()
        ]
        self.k = 0

    def peek(self, offset=0):
        k = self.k + offset
        return self.chars[k][1] if k < len(self.chars) else None

    def pos(self, offset=0):
        k = self.k + offset
        return self.chars[k][0] if k < len(self.chars) else len(self.formula)

    def error(self, reason, offset=0):
        return DateFormulaError(self.formula, self.pos(offset), reason)

    def parse(self):
        if not self.chars:
            raise DateFormulaError(self.formula, 0, "empty formula")
        terms = []
        while self.peek() is not None:
            start = self.pos()
            char = self.peek()
            sign = 1
            if char in ("+", "-"):
                sign = -1 if char == "-" else 1
                self.k += 1
            elif terms:
                raise self.error("expected '+' or '-'")
            terms.append(self.term(sign, start))
        return DateFormula(tuple(terms), self.formula)

    def term(self, sign, start):
        char = self.peek()
        if char is None:
            raise self.error("missing term")
        if char in _DIGITS:
            number = self.number()
            unit = self.unit()
            return Term(SHIFT, unit, number, sign, start)
        if char == "C":
            self.k += 1
            unit_pos = self.pos()
            unit = self.unit()
            if unit == "WD":
                raise DateFormulaError(self.formula, unit_pos, "unknown unit after 'C'")
            return Term(CURRENT, unit, 0, sign, start)
        if char == "D" or (char == "W" and self.peek(1) == "D"):
            unit = "D" if char == "D" else "WD"
            self.k += len(unit)
            if self.peek() not in _DIGITS:
                raise self.error(f"missing number after {unit}")
            number_pos = self.pos()
            number = self.number()
            low, high = _POSITION_RANGES[unit]
            if not low <= number <= high:
                raise DateFormulaError(
                    self.formula,
                    number_pos,
                    f"{unit}{number} is out of range ({unit}{low} to {unit}{high})",
                )
            return Term(POSITION, unit, number, sign, start)
        if char in _UNIT_LETTERS:
            raise self.error("missing number before unit")
        if char.isalpha():
            raise self.error("unknown unit")
        raise self.error(f"unexpected character {char!r}")

    def number(self):
        start = self.pos()
        digits = ""
        while self.peek() in _DIGITS:
            digits += self.peek()
            self.k += 1
        digits = digits.lstrip("0") or "0"
        if len(digits) > len(str(MAX_NUMBER)) or int(digits) > MAX_NUMBER:
            raise DateFormulaError(
                self.formula, start, f"number is out of range (0 to {MAX_NUMBER})"
            )
        return int(digits)

    def unit(self):
        char = self.peek()
        if char == "W" and self.peek(1) == "D":
            self.k += 2
            return "WD"
        if char in _UNIT_LETTERS:
            self.k += 1
            return char
        if char is None:
            raise self.error("missing unit")
        raise self.error("unknown unit")


def parse(formula):
    """Parse a formula into a :class:`DateFormula`.

    >>> parse("CQ+1M+20D").terms[0]
    Term(kind='current', unit='Q', number=0, sign=1, position=0)
    >>> str(parse(" -cm + 14d "))
    '-CM+14D'
    >>> try:
    ...     parse("CM+1X")
    ... except DateFormulaError as err:
    ...     print(err.position, err)
    4 Invalid date formula 'CM+1X': unknown unit at position 4
    """
    if isinstance(formula, DateFormula):
        return formula
    if not isinstance(formula, str):
        raise TypeError(f"a date formula is a string, not {type(formula).__name__}")
    return _parse_text(formula)


@functools.lru_cache(maxsize=1024)
def _parse_text(formula):
    return _Parser(formula).parse()


def validate(formula):
    """Raise :class:`DateFormulaError` when ``formula`` is invalid.

    >>> validate("D15")
    >>> try:
    ...     validate("D32")
    ... except DateFormulaError as err:
    ...     print(err)
    Invalid date formula 'D32': D32 is out of range (D1 to D31) at position 1
    """
    parse(formula)


def apply(formula, base):
    """The date ``formula`` (text or :class:`DateFormula`) gives from ``base``.

    >>> d = datetime.date(2024, 1, 31)
    >>> apply("1M", d), apply("CM+10D", d), apply("-CM+14D", d)
    (datetime.date(2024, 2, 29), datetime.date(2024, 2, 10), datetime.date(2024, 1, 15))
    >>> [str(apply(f, d)) for f in ("D15", "WD3", "CW", "-1W", "CQ", "-CY")]
    ['2024-02-15', '2024-01-31', '2024-02-04', '2024-01-24', '2024-03-31', '2024-01-01']
    """
    return parse(formula).apply(base)


# --- date arithmetic ----------------------------------------------------------


def _last_day(year, month):
    return calendar.monthrange(year, month)[1]


def _add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, _last_day(year, month)))


def _add_weekdays(day, count):
    """Move by ``count`` working days (Monday to Friday)."""
    if count == 0:
        return day
    step = 1 if count > 0 else -1
    # From a weekend, count from the adjacent Friday (forward) or Monday (back).
    if day.weekday() >= 5:
        if step > 0:
            day -= datetime.timedelta(days=day.weekday() - 4)
        else:
            day += datetime.timedelta(days=7 - day.weekday())
    weeks, rest = divmod(abs(count), 5)
    day += datetime.timedelta(days=7 * weeks * step)
    while rest:
        day += datetime.timedelta(days=step)
        if day.weekday() < 5:
            rest -= 1
    return day


def _clamped(year, month, day_number):
    return datetime.date(year, month, min(day_number, _last_day(year, month)))


def _apply_term(term, day):
    if term.kind == SHIFT:
        count = term.sign * term.number
        if term.unit == "D":
            return day + datetime.timedelta(days=count)
        if term.unit == "W":
            return day + datetime.timedelta(days=7 * count)
        if term.unit == "WD":
            return _add_weekdays(day, count)
        return _add_months(day, count * _MONTHS_PER_UNIT[term.unit])
    if term.kind == CURRENT:
        return _period_bound(term.unit, day, end=term.sign > 0)
    # POSITION
    if term.unit == "WD":
        target = term.number - 1
        if term.sign > 0:
            return day + datetime.timedelta(days=(target - day.weekday()) % 7)
        return day - datetime.timedelta(days=(day.weekday() - target) % 7)
    candidate = _clamped(day.year, day.month, term.number)
    if term.sign > 0 and candidate < day:
        following = _add_months(day.replace(day=1), 1)
        candidate = _clamped(following.year, following.month, term.number)
    elif term.sign < 0 and candidate > day:
        previous = _add_months(day.replace(day=1), -1)
        candidate = _clamped(previous.year, previous.month, term.number)
    return candidate


def _period_bound(unit, day, end):
    if unit == "D":
        return day
    if unit == "W":
        monday = day - datetime.timedelta(days=day.weekday())
        return monday + datetime.timedelta(days=6) if end else monday
    if unit == "M":
        first_month = last_month = day.month
    elif unit == "Q":
        first_month = 3 * ((day.month - 1) // 3) + 1
        last_month = first_month + 2
    else:  # Y
        first_month, last_month = 1, 12
    if end:
        return datetime.date(day.year, last_month, _last_day(day.year, last_month))
    return datetime.date(day.year, first_month, 1)
