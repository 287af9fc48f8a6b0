# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The difference between two collections strategies (two processes, or a
process and an unsaved edit of it), customer by customer.

For each customer, each strategy's *outlook* on a date: the action it takes
that day (its step, action type, the date, the invoices covered), or, when it
takes none that day, the next step the leading invoice reaches and when. Two
outlooks differ by the kinds of ``vocabulary.STRATEGY_CHANGES``.
"""

import datetime
from dataclasses import dataclass

from . import process as process_engine
from .vocabulary import STRATEGY_CHANGES, keys

__all__ = ["Outlook", "changes", "count_changes", "outlook"]

ONLY_THIS, ONLY_OTHER, STEP, ACTION_TYPE, DATE, ITEMS = keys(STRATEGY_CHANGES)


@dataclass(frozen=True)
class Outlook:
    """What a strategy does next for a customer: ``step`` is the step's name
    (for a pre-reminder or prediction without a name, its kind); ``items``
    the invoices (move ids) it covers."""

    step: str
    action_type: str
    date: datetime.date
    items: frozenset


def outlook(process, customer, today):
    """The ``Outlook`` of ``process`` (a ``ProcessConfig``) for ``customer``
    (``CustomerFacts``) from ``today``, or ``None`` when it does nothing more
    (excluded, nothing open, every step done).

    >>> from decimal import Decimal as D
    >>> P, S = process_engine.ProcessConfig, process_engine.StepConfig
    >>> I, C = process_engine.OpenInvoice, process_engine.CustomerFacts
    >>> day = datetime.date
    >>> process = P(1, 1, steps=(S(11, 1, 'email', 'after', 5, name='Mail'),
    ...                          S(12, 2, 'letter', 'after', 30, name='Letter')))
    >>> customer = C(7, (I(100, day(2024, 3, 1), D(50), D(50)),), D(50))
    >>> outlook(process, customer, day(2024, 3, 6))  # doctest: +NORMALIZE_WHITESPACE
    Outlook(step='Mail', action_type='email', date=datetime.date(2024, 3, 6),
            items=frozenset({100}))
    >>> outlook(process, customer, day(2024, 3, 2)).date  # not yet: the next step's date
    datetime.date(2024, 3, 6)
    >>> outlook(process, C(7, (), D(0)), day(2024, 3, 2)) is None
    True
    """
    if process_engine.customer_excluded(process, customer):
        return None
    decisions = process_engine.decide(process, customer, today)
    names = {step.id: step.name for step in process.steps}
    if decisions:
        first = decisions[0]
        return Outlook(names.get(first.step_id) or first.kind, first.action_type, today,
                       frozenset(decision.move_id for decision in decisions))
    upcoming = process_engine.next_step(process, customer, today)
    if upcoming is None:
        return None
    step, when = upcoming
    lead = process_engine.leading_invoice(process, customer, today)
    return Outlook(step.name, step.action_type, when, frozenset({lead.move_id}))


def changes(this, other):
    """The kinds of change from outlook ``this`` to ``other`` (either may be None).

    >>> day = datetime.date(2024, 3, 6)
    >>> a = Outlook('Mail', 'email', day, frozenset({1}))
    >>> changes(a, a), changes(a, None), changes(None, a), changes(None, None)
    ((), ('only_this',), ('only_other',), ())
    >>> changes(a, Outlook('Call', 'activity', day, frozenset({1, 2})))
    ('step', 'action_type', 'items')
    """
    if this is None and other is None:
        return ()
    if other is None:
        return (ONLY_THIS,)
    if this is None:
        return (ONLY_OTHER,)
    return tuple(kind for kind, mine, theirs in (
        (STEP, this.step, other.step),
        (ACTION_TYPE, this.action_type, other.action_type),
        (DATE, this.date, other.date),
        (ITEMS, this.items, other.items),
    ) if mine != theirs)


def count_changes(per_customer):
    """{kind: customers with that change} over ``per_customer`` change tuples,
    every kind listed (0 when none).

    >>> count_changes([('step', 'date'), ('date',), ()])
    {'only_this': 0, 'only_other': 0, 'step': 1, 'action_type': 0, 'date': 2, 'items': 0}
    """
    counts = dict.fromkeys(keys(STRATEGY_CHANGES), 0)
    for kinds in per_customer:
        for kind in kinds:
            counts[kind] += 1
    return counts
