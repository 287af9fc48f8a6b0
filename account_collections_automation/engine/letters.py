# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Collection letters as Dynamics 365 Finance does them.

A letter step on a reminder term (the term is D365's *collection letter
sequence*) issues the customer's **next** level: the first level above the
highest one the customer's open items have reached; at the end of the
sequence, the last level again (its reminder then takes the items newly
overdue). A level may carry a **Block** flag: issuing it puts the customer's
account status on hold.
"""

from collections.abc import Iterable

ACTIVE, ON_HOLD = "active", "on_hold"


def next_level(levels: Iterable[int], reached: Iterable[int]) -> int | None:
    """The level a letter issues to a customer whose open items reached
    ``reached`` (0: never reminded), on a term of ``levels``; ``None`` when the
    term has no level.

    >>> next_level([1, 2, 3], [])
    1
    >>> next_level([1, 2, 3], [0, 1, 0])
    2
    >>> next_level([1, 3, 5], [3, 2])
    5
    >>> next_level([1, 2], [2, 7])
    2
    >>> next_level([], [1]) is None
    True
    """
    levels = sorted(set(levels))
    if not levels:
        return None
    highest = max(reached, default=0)
    return next((level for level in levels if level > highest), levels[-1])


def status_after_letter(block: bool, status: str | None) -> str | None:
    """The account status a customer gets when a letter (a reminder) of a level
    with the Block flag ``block`` is issued to them, or ``None`` to leave it:
    an active account goes on hold; one on hold, blocked or closed stays so.

    >>> status_after_letter(True, 'active'), status_after_letter(True, None)
    ('on_hold', 'on_hold')
    >>> status_after_letter(True, 'blocked') is None, status_after_letter(False, 'active') is None
    (True, True)
    """
    if block and (status or ACTIVE) == ACTIVE:
        return ON_HOLD
    return None
