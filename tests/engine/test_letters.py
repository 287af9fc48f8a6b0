# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Collection letters as D365: the customer's next level, and the Block flag."""

from hypothesis import given
from hypothesis import strategies as st

from account_collections_automation.engine.letters import next_level, status_after_letter


def test_the_next_level_follows_the_highest_reached():
    assert next_level([1, 2, 3], [0, 0]) == 1
    assert next_level([1, 2, 3], [1, 0, 2]) == 3
    assert next_level([1, 2, 3], [3]) == 3, "the end of the sequence: the last again"
    assert next_level([2, 4], [1]) == 2


def test_block_puts_an_active_account_on_hold_only():
    assert status_after_letter(True, "active") == "on_hold"
    assert status_after_letter(True, "on_hold") is None
    assert status_after_letter(True, "closed") is None
    assert status_after_letter(False, "active") is None


@given(st.lists(st.integers(1, 9), min_size=1, unique=True),
       st.lists(st.integers(0, 9), max_size=6))
def test_the_next_level_is_a_level_of_the_term_never_below_the_reached_one(levels, reached):
    level = next_level(levels, reached)
    assert level in levels
    highest = max(reached, default=0)
    assert level > highest or level == max(levels)
