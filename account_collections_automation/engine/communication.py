# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""One communication per customer per run (Dynamics 365 Finance).

A run may decide several e-mails (or letters) for one customer: the step of
the leading item and the pre-reminders of invoices about to fall due. The
customer gets **one** message per kind of communication: the *lead* decision
(the step, else the oldest pre-reminder) sends it, listing every item that
qualifies that day; the other decisions are *sent with* it (they stay in the
history, so that none is taken again, but produce no document of their own).

The items a communication lists: every item the process chases that is
overdue on the run date (eligible: not on hold, disputed, promised or
otherwise excluded), the leading item, and the items of the invoices the
pre-reminders are about; oldest due date first.
"""

from collections.abc import Iterable, Sequence
from datetime import date
from operator import itemgetter

# The action types that send a document to the customer, grouped per customer.
COMMUNICATION_TYPES = ("email", "letter")


# (due_date, move_id, line_id) of an ``OpenInvoice``.
_order = itemgetter(1, 0, 7)


def group(decisions: Sequence, invoices: Iterable, today: date) -> list:
    """The decisions of one customer's run, the e-mails and letters grouped:
    each gets ``move_line_ids`` (the items it covers) and, when it is sent with
    another decision's message, ``sent_with`` (that decision's key). Other
    decisions keep theirs (an activity: its own item, unless told).

    ``invoices``: the customer's eligible open items (the engine's
    ``OpenInvoice``), in any order.

    >>> from decimal import Decimal
    >>> from importlib import import_module  # the engine, inside Odoo or not
    >>> Decision = import_module(".process", __package__).Decision
    >>> OpenInvoice = import_module(".process", __package__).OpenInvoice
    >>> Reason = import_module(".reasons", __package__).Reason
    >>> day = date(2024, 3, 1)
    >>> items = [OpenInvoice(1, date(2024, 1, 1), Decimal(5), Decimal(5), line_id=11),
    ...          OpenInvoice(2, date(2024, 2, 1), Decimal(5), Decimal(5), line_id=21),
    ...          OpenInvoice(3, date(2024, 3, 4), Decimal(5), Decimal(5), line_id=31)]
    >>> step = Decision(7, 1, 'step', 5, 1, 'email', 10, Reason(''), 11)
    >>> pre = Decision(7, 1, 'pre_reminder', 4, 3, 'email', -5, Reason(''), 31)
    >>> lead, other = group([step, pre], items, day)
    >>> lead.move_line_ids, lead.sent_with
    ((11, 21, 31), None)
    >>> other.move_line_ids, other.sent_with
    ((31,), ('step', 5, 1))
    """
    if not decisions:
        return list(decisions)
    by_type = {}
    for decision in decisions:
        if decision.action_type in COMMUNICATION_TYPES:
            by_type.setdefault(decision.action_type, []).append(decision)
    items = sorted(invoices, key=_order)
    leads = {}
    covers = {}
    for action_type, grouped in by_type.items():
        # The step leads; without one, the oldest pre-reminder (decisions come
        # step first, then pre-reminders by due date).
        lead = next((d for d in grouped if d.kind == "step"), grouped[0])
        moves = {d.move_id for d in grouped}
        leads[action_type] = lead
        covers[action_type] = tuple(
            item.line_id for item in items
            if item.line_id and (item.due_date < today or item.move_id in moves))
    lines_of_move = None  # {move: its items' lines}, for the decisions sent with a lead
    result = []
    for decision in decisions:
        lead = leads.get(decision.action_type)
        if lead is None:
            if not decision.move_line_ids:
                lines = (decision.line_id,) if decision.line_id else ()
                decision = decision.covering(lines)
            result.append(decision)
        elif decision is lead:
            result.append(decision.covering(covers[decision.action_type]))
        else:
            if lines_of_move is None:
                lines_of_move = {}
                for item in items:
                    if item.line_id:
                        lines_of_move.setdefault(item.move_id, []).append(item.line_id)
            lines = tuple(lines_of_move.get(decision.move_id, ()))
            result.append(decision.covering(lines, sent_with=lead.key))
    return result


def communications(decisions: Iterable) -> dict:
    """{(partner, action type): number of documents} of e-mail and letter
    decisions: one for each decision not sent with another.

    >>> communications([])
    {}
    """
    counts = {}
    for decision in decisions:
        if decision.action_type in COMMUNICATION_TYPES and decision.sent_with is None:
            key = (decision.partner_id, decision.action_type)
            counts[key] = counts.get(key, 0) + 1
    return counts
