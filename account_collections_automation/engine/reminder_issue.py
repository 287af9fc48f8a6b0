# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Issuing and cancelling reminders: the dates an issued reminder posts on,
and the levels its invoices get back when it is cancelled."""

import datetime
from dataclasses import dataclass

__all__ = ["RaisedLine", "issue_dates", "restore_levels"]


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
