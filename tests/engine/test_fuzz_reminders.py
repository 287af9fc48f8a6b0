# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Fuzzing the reminder engine with random terms, ledgers and options: terms
are accepted or refused with ``ValueError``; accepted terms always give a
proposal or a ``Skip`` with a known reason, and a proposal keeps its
promises (no paid item, held items never raised, amounts add up, a new
level only above the level reached, nothing twice on the same day)."""

import datetime
from decimal import Decimal

from hypothesis import event, given, settings
from hypothesis import strategies as st

from account_collections_automation.engine.reminder_validation import validate_term
from account_collections_automation.engine.reminders import (
    SKIP_REASONS,
    LevelConfig,
    OpenItem,
    ReminderOptions,
    ReminderProposal,
    Skip,
    TermConfig,
    propose_reminder,
)

AS_OF = datetime.date(2024, 6, 15)
FORMULAS = ["0D", "5D", "10D", "CM", "1W", "2WD", "D15", "CM+5D", "1M"]
BAD_FORMULAS = ["5X", "", "D32", "-"]
MONEY = st.integers(min_value=-50, max_value=500).map(Decimal)


@st.composite
def terms(draw):
    count = draw(st.integers(min_value=0, max_value=3))
    numbers = list(range(1, count + 1))
    if count and draw(st.integers(min_value=0, max_value=9)) == 0:
        numbers[-1] += 1  # a gap: refused
    levels = tuple(LevelConfig(
        id=10 + number, level=number,
        grace_period=draw(st.sampled_from(FORMULAS + BAD_FORMULAS[:1])),
        due_date_formula=draw(st.sampled_from(FORMULAS)),
        additional_fee=Decimal(draw(st.integers(min_value=-1, max_value=30))),
        fee_per_line=Decimal(draw(st.integers(min_value=0, max_value=5))),
        calculate_interest=draw(st.booleans()),
        interest_rate=Decimal(draw(st.integers(min_value=0, max_value=20))),
    ) for number in numbers)
    return TermConfig(
        id=1, max_reminders=draw(st.integers(min_value=0, max_value=3)),
        minimum_amount=Decimal(draw(st.integers(min_value=0, max_value=300))), levels=levels)


ITEMS = st.lists(st.builds(
    OpenItem,
    move_line_id=st.integers(min_value=1, max_value=10**6),
    move_id=st.integers(min_value=1, max_value=100),
    due_date=st.integers(min_value=-120, max_value=30).map(
        lambda days: AS_OF + datetime.timedelta(days=days)),
    original_amount=MONEY,
    residual=MONEY,
    reached_level=st.integers(min_value=0, max_value=4),
    last_reminder_date=st.one_of(st.none(), st.integers(min_value=1, max_value=90).map(
        lambda days: AS_OF - datetime.timedelta(days=days))),
    on_hold=st.booleans(),
), max_size=6, unique_by=lambda item: item.move_line_id)
OPTIONS = st.builds(ReminderOptions, set_highest_level=st.booleans(),
                    include_not_due=st.booleans(),
                    forced_level=st.integers(min_value=0, max_value=3))


@settings(max_examples=300, deadline=None)
@given(terms(), ITEMS, OPTIONS)
def test_random_terms_and_ledgers_keep_the_invariants(term, items, options):
    try:
        validate_term(term)
    except ValueError:
        return  # refused, as the models refuse it
    result = propose_reminder(term, items, AS_OF, options)
    event(type(result).__name__)
    if isinstance(result, Skip):
        assert result.reason in SKIP_REASONS
        return
    assert isinstance(result, ReminderProposal)
    by_id = {item.move_line_id: item for item in items}
    ids = [line.move_line_id for line in result.lines]
    assert len(ids) == len(set(ids)), "an item is listed once"
    assert any(line.new_level for line in result.lines), "a reminder raises a level"
    for line in result.lines:
        item = by_id[line.move_line_id]
        assert item.residual > 0, "paid items and credits are no lines"
        assert not item.on_hold, "an item on hold is never listed"
        if line.line_type == "not_due":
            assert options.include_not_due and item.due_date >= AS_OF
        if line.new_level:
            assert line.level > item.reached_level or line.level == max(
                level.level for level in term.levels), "raised above the level reached"
    assert result.total_due == result.remaining_amount + result.fee_amount \
        + result.interest_amount
    assert result.remaining_amount >= term.minimum_amount
    assert result.fee_amount >= 0 and result.interest_amount >= 0
    assert result.level == max(line.level for line in result.lines if line.new_level)

    # The same day again, with the reminder issued: nothing new to remind.
    raised = {line.move_line_id: line.level for line in result.lines if line.new_level}
    after = [
        OpenItem(item.move_line_id, item.move_id, item.due_date, item.original_amount,
                 item.residual, raised[item.move_line_id], AS_OF, item.on_hold)
        if item.move_line_id in raised else item
        for item in items
    ]
    again = propose_reminder(term, after, AS_OF, ReminderOptions(
        set_highest_level=options.set_highest_level, include_not_due=options.include_not_due))
    if isinstance(again, ReminderProposal):
        assert not set(raised) & {line.move_line_id for line in again.lines if line.new_level}, \
            "an item reminded today is not raised again today"
