# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Sending and cancelling reminders: who is sent, what a cancel restores."""

import random
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_collections_automation.engine import dates
from account_collections_automation.engine.errors import FormulaConfigError
from account_collections_automation.engine.reminder_issue import (
    RaisedLine,
    restore_levels,
)
from account_collections_automation.engine.reminder_send import (
    SEND_FAILURES,
    SEND_SKIPS,
    send_refusal,
    validate_send_interval,
)

TODAY = date(2024, 3, 1)
YESTERDAY = TODAY - timedelta(days=1)


@pytest.mark.parametrize(
    "state, count, last_sent, options, expected",
    [
        ("issued", 0, None, {}, None),
        ("draft", 0, None, {}, "not_issued"),
        ("cancel", 0, None, {}, "not_issued"),
        ("issued", 1, YESTERDAY, {"max_send_count": 1}, "max_sent"),
        ("issued", 1, YESTERDAY, {"max_send_count": 2}, None),
        ("issued", 5, YESTERDAY, {"max_send_count": 0}, None),  # 0: no limit
        ("issued", 1, TODAY, {"once_a_day": True}, "sent_today"),
        ("issued", 1, TODAY, {}, None),  # by hand: again if asked
        ("issued", 1, YESTERDAY, {"once_a_day": True}, None),
        ("issued", 0, None, {"has_template": False}, "no_template"),
        ("issued", 0, None, {"has_email": False}, "no_email"),
        ("issued", 0, None, {"by_email": False, "has_template": False, "has_email": False},
         None),  # printed
        ("draft", 3, TODAY, {"max_send_count": 1, "once_a_day": True, "has_email": False},
         "not_issued"),  # the first reason only
    ],
)
def test_send_refusal(state, count, last_sent, options, expected):
    assert send_refusal(state, count, last_sent, TODAY, **options) == expected


def test_skips_and_failures_are_apart():
    assert not set(SEND_SKIPS) & set(SEND_FAILURES)


@given(st.sampled_from(["draft", "issued", "cancel"]), st.integers(0, 4),
       st.one_of(st.none(), st.sampled_from([YESTERDAY, TODAY])), st.integers(0, 3),
       st.booleans(), st.booleans(), st.booleans(), st.booleans())
def test_a_reminder_is_sent_only_when_every_rule_allows(
        state, count, last_sent, max_count, once, by_email, template, email):
    refusal = send_refusal(state, count, last_sent, TODAY, max_send_count=max_count,
                           once_a_day=once, by_email=by_email, has_template=template,
                           has_email=email)
    allowed = (state == "issued" and not (max_count and count >= max_count)
               and not (once and last_sent == TODAY)
               and (not by_email or (template and email)))
    assert (refusal is None) == allowed
    assert refusal is None or refusal in SEND_SKIPS + SEND_FAILURES


# --- cancel ---------------------------------------------------------------------


def chain(move_line_id, count):
    """``count`` reminders raising one line from level 0, a month apart."""
    lines, level, last = [], 0, None
    for number in range(1, count + 1):
        when = date(2024, number, 1)
        lines.append(RaisedLine(move_line_id, number, when, level, last))
        level, last = number, when
    return lines


def test_cancel_restores_the_previous_level_unless_raised_again():
    first, second = chain(7, 2)
    now = {7: (2, date(2024, 2, 1))}
    assert restore_levels([second], now) == {7: (1, date(2024, 1, 1))}
    assert restore_levels([first], now) == {}, "a later reminder holds the line"
    assert restore_levels([first, second], now) == {7: (0, None)}
    assert restore_levels([second, first], now) == {7: (0, None)}
    assert restore_levels([], now) == {}


def test_lines_are_restored_independently():
    a, b = chain(7, 1)[0], chain(8, 1)[0]
    now = {7: (1, date(2024, 1, 1)), 8: (3, date(2024, 5, 1))}
    assert restore_levels([a, b], now) == {7: (0, None)}


@given(st.integers(min_value=1, max_value=6), st.data())
def test_cancelling_reminders_in_any_order_undoes_the_latest_ones(count, data):
    """Cancelling a set of reminders of a line restores the level before the
    latest run of cancelled reminders; an earlier cancelled one under a kept
    later one changes nothing."""
    lines = chain(7, count)
    cancelled = data.draw(st.sets(st.integers(min_value=0, max_value=count - 1)))
    order = sorted(cancelled)
    random.Random(data.draw(st.integers())).shuffle(order)
    now = {7: (lines[-1].level, lines[-1].reminder_date)}
    result = restore_levels([lines[i] for i in order], now)
    kept = count
    while kept - 1 in cancelled:
        kept -= 1
    if kept == count:
        assert result == {}
    else:
        assert result == {7: (lines[kept].previous_level, lines[kept].previous_date)}


# --- send once per level ------------------------------------------------------

EMAILED = {"level": 2, "last_email_level": 2, "last_email_date": date(2024, 2, 20)}


@pytest.mark.parametrize("options, today, expected", [
    ({}, TODAY, "sent_at_level"),  # e-mailed at this level: not again
    ({"last_email_level": 1}, TODAY, None),  # e-mailed at a lower level only
    ({"last_email_date": None, "last_email_level": 0}, TODAY, None),  # never e-mailed
    ({"multiple_per_level": True}, TODAY, None),  # no minimum interval
    ({"multiple_per_level": True, "min_interval": "10D"}, date(2024, 2, 29), "interval"),
    ({"multiple_per_level": True, "min_interval": "10D"}, date(2024, 3, 1), None),  # 20 + 10D
    ({"multiple_per_level": True, "min_interval": "CM+1D"}, date(2024, 2, 29), "interval"),
    ({"by_email": False}, TODAY, None),  # printed: the e-mail rule does not apply
    ({"level": None}, TODAY, None),  # by hand: sent when asked
])
def test_send_once_per_level_unless_multiple(options, today, expected):
    values = {**EMAILED, **options}
    assert send_refusal("issued", 1, date(2024, 2, 20), today, **values) == expected


def test_bad_minimum_interval_names_field_and_value():
    validate_send_interval("1W+CM")
    with pytest.raises(FormulaConfigError) as caught:
        validate_send_interval("2Z")
    assert (caught.value.field, caught.value.value, caught.value.position) == (
        "min_send_interval", "2Z", 1)


@given(st.integers(1, 4), st.integers(0, 4), st.integers(0, 40), st.booleans(),
       st.sampled_from(["", "1D", "1W", "CM", "2W"]))
def test_an_email_at_a_level_is_never_repeated_without_the_option(
        level, last_level, days_ago, multiple, interval):
    last = TODAY - timedelta(days=days_ago)
    refusal = send_refusal("issued", 1, last, TODAY, level=level, last_email_level=last_level,
                           last_email_date=last, multiple_per_level=multiple,
                           min_interval=interval)
    if last_level < level:
        assert refusal is None
    elif not multiple:
        assert refusal == "sent_at_level"
    else:
        assert (refusal == "interval") == bool(interval and TODAY < dates.apply(interval, last))
