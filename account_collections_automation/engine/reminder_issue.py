# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Issuing and cancelling reminders: the dates an issued reminder posts on
(the issue rules of Business Central's issue action), and the levels its
invoices get back when it is cancelled."""

import datetime
from dataclasses import dataclass

from . import dates
from .errors import ConfigError, FormulaConfigError  # noqa: F401 -- ConfigError: doctests

__all__ = ["RaisedLine", "issue_dates", "restore_levels", "validate_issue_formulas"]


def issue_dates(created_date, due_date, issue_date, replace_posting_date, replace_vat_date,
                posting_date_formula="", vat_date_formula=""):
    """The ``(posting_date, vat_date, due_date)`` of a reminder issued on ``issue_date``.

    The posting date and the VAT date each either keep the reminder's date
    (``created_date``) or, replaced, take ``issue_date``; then each is shifted
    by its date formula when it has one (empty: no shift). The due date keeps
    its distance from the posting date: it moves by as many days as the
    posting date moved from the reminder's date.

    >>> d = datetime.date
    >>> issue_dates(d(2024, 3, 1), d(2024, 3, 15), d(2024, 3, 2), True, False)
    (datetime.date(2024, 3, 2), datetime.date(2024, 3, 1), datetime.date(2024, 3, 16))
    >>> issue_dates(d(2024, 3, 1), d(2024, 3, 15), d(2024, 3, 2), False, True)
    (datetime.date(2024, 3, 1), datetime.date(2024, 3, 2), datetime.date(2024, 3, 15))

    Shifted: the posting date to the end of the issue month, the VAT date to
    the day after the reminder's date.

    >>> issue_dates(d(2024, 3, 1), d(2024, 3, 15), d(2024, 3, 2), True, False,
    ...             posting_date_formula="CM", vat_date_formula="1D")
    (datetime.date(2024, 3, 31), datetime.date(2024, 3, 2), datetime.date(2024, 4, 14))
    """
    posting_date = issue_date if replace_posting_date else created_date
    vat_date = issue_date if replace_vat_date else created_date
    if posting_date_formula:
        posting_date = dates.apply(posting_date_formula, posting_date)
    if vat_date_formula:
        vat_date = dates.apply(vat_date_formula, vat_date)
    new_due_date = due_date + (posting_date - created_date)
    return posting_date, vat_date, new_due_date


def validate_issue_formulas(posting_date_formula, vat_date_formula):
    """Raise :class:`~.errors.FormulaConfigError`, naming the field
    (``posting_date_formula`` or ``vat_date_formula``) and the value, when one
    of the issue rules' shifts is not a date formula; empty means no shift.

    >>> validate_issue_formulas("CM", "")
    >>> try:
    ...     validate_issue_formulas("", "2X")
    ... except ConfigError as err:
    ...     print(err.field, err.value, err.rule, err.position)
    vat_date_formula 2X formula 1
    """
    for field, formula in (("posting_date_formula", posting_date_formula),
                           ("vat_date_formula", vat_date_formula)):
        if not formula:
            continue
        try:
            dates.validate(formula)
        except dates.DateFormulaError as err:
            raise FormulaConfigError.of(err, field) from err


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
