# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from account_collections_automation.engine import reminders, vocabulary
from account_collections_automation.engine.dates import DateFormulaError
from account_collections_automation.engine.reminder_issue import issue_dates
from account_collections_automation.engine.reminder_validation import validate_term
from account_collections_automation.engine.reminders import (
    SKIP_REASONS,
    LevelConfig,
    OpenItem,
    ReminderLine,
    ReminderOptions,
    ReminderProposal,
    Skip,
    TermConfig,
    propose_reminder,
)

D = Decimal
AS_OF = date(2024, 6, 30)

L1 = LevelConfig(11, 1, grace_period="5D", due_date_formula="10D", additional_fee=D("10"))
L2 = LevelConfig(
    12, 2, grace_period="3D", due_date_formula="7D", additional_fee=D("20"), fee_per_line=D("2")
)
L3 = LevelConfig(
    13,
    3,
    grace_period="0D",
    due_date_formula="CM",
    additional_fee=D("30"),
    fee_per_line=D("1.5"),
    calculate_interest=True,
    interest_rate=D("12"),
)
TERM = TermConfig(1, levels=(L1, L2, L3))


def item(line_id, due, residual="100", **kwargs):
    kwargs.setdefault("original_amount", D(residual))
    return OpenItem(line_id, line_id * 10, due, residual=D(residual), **kwargs)


def days_before(n, as_of=AS_OF):
    return as_of - timedelta(days=n)


def lines_by_id(proposal):
    return {line.move_line_id: line for line in proposal.lines}


# --- skips --------------------------------------------------------------------


def test_no_levels():
    result = propose_reminder(TermConfig(7), [item(1, days_before(60))], AS_OF)
    assert result.reason == "no_levels"
    assert "7" in result.detail


def test_nothing_overdue():
    items = [item(1, AS_OF), item(2, AS_OF + timedelta(days=3))]  # due today is not overdue
    assert propose_reminder(TERM, items, AS_OF).reason == "no_overdue"
    assert propose_reminder(TERM, [], AS_OF).reason == "no_overdue"


def test_nothing_overdue_even_with_not_due_lines():
    options = ReminderOptions(include_not_due=True)
    result = propose_reminder(TERM, [item(1, AS_OF + timedelta(days=3))], AS_OF, options)
    assert result == Skip("no_overdue", "no open item is overdue")


def test_credit_notes_and_payments_are_ignored():
    credit = item(1, days_before(60), residual="-50")
    assert propose_reminder(TERM, [credit], AS_OF).reason == "no_overdue"
    zero = item(3, days_before(60), residual="0")
    proposal = propose_reminder(TERM, [credit, zero, item(2, days_before(60))], AS_OF)
    assert [line.move_line_id for line in proposal.lines] == [2]
    assert proposal.remaining_amount == D("100")


def test_skip_reasons_are_known():
    assert set(SKIP_REASONS) == {
        "no_overdue",
        "below_minimum",
        "max_reminders",
        "no_levels",
        "not_eligible",
    }


# --- level 1 and grace periods ------------------------------------------------


def test_level_one_waits_for_the_grace_period():
    invoice = item(1, days_before(5))  # 5 days overdue, grace 5D: not yet
    result = propose_reminder(TERM, [invoice], AS_OF)
    assert result.reason == "not_eligible"
    proposal = propose_reminder(TERM, [item(1, days_before(6))], AS_OF)
    assert isinstance(proposal, ReminderProposal)
    assert (proposal.level, proposal.level_id, proposal.term_id) == (1, 11, 1)
    (line,) = proposal.lines
    assert line == ReminderLine(
        move_line_id=1,
        move_id=10,
        due_date=days_before(6),
        original_amount=D("100"),
        amount_residual=D("100"),
        days_overdue=6,
        level=1,
        on_hold=False,
        line_type="overdue",
        interest=D("0"),
        new_level=True,
    )
    assert proposal.due_date == AS_OF + timedelta(days=10)  # L1's due date formula


def test_zero_grace_period_is_eligible_the_day_after_due():
    term = TermConfig(1, levels=(LevelConfig(1, 1),))
    assert propose_reminder(term, [item(1, AS_OF)], AS_OF).reason == "no_overdue"
    assert propose_reminder(term, [item(1, days_before(1))], AS_OF).level == 1


def test_grace_period_formula_can_be_any_date_formula():
    term = TermConfig(1, levels=(LevelConfig(1, 1, grace_period="CM"),))
    # due 10 June: grace until 30 June
    assert propose_reminder(term, [item(1, date(2024, 6, 10))], AS_OF).reason == "not_eligible"
    assert propose_reminder(term, [item(1, date(2024, 5, 31))], AS_OF).level == 1


# --- later levels -------------------------------------------------------------


def test_level_two_counts_from_the_previous_reminder_due_date():
    # Level 1 issued on 10 June, due 20 June (L1: 10D); L2's grace 3D: until 23 June.
    reminded = {"reached_level": 1, "last_reminder_date": date(2024, 6, 10)}
    invoice = item(1, date(2024, 5, 1), **reminded)
    assert propose_reminder(TERM, [invoice], date(2024, 6, 23)).reason == "not_eligible"
    proposal = propose_reminder(TERM, [invoice], date(2024, 6, 24))
    assert (proposal.level, proposal.level_id) == (2, 12)
    assert proposal.lines[0].new_level


def test_later_level_without_reminder_date_counts_from_the_due_date():
    invoice = item(1, date(2024, 6, 20), reached_level=1)  # L2 grace 3D from 20 June
    assert propose_reminder(TERM, [invoice], date(2024, 6, 23)).reason == "not_eligible"
    assert propose_reminder(TERM, [invoice], date(2024, 6, 24)).level == 2


def test_last_level_repeats():
    # Reached level 3 on 31 May, due CM = 31 May; L3 grace 0D.
    invoice = item(1, date(2024, 3, 1), reached_level=3, last_reminder_date=date(2024, 5, 31))
    assert propose_reminder(TERM, [invoice], date(2024, 5, 31)).reason == "not_eligible"
    proposal = propose_reminder(TERM, [invoice], date(2024, 6, 1))
    assert (proposal.level, proposal.level_id) == (3, 13)
    assert proposal.lines[0].level == 3
    assert proposal.lines[0].new_level


def test_levels_beyond_the_configuration_are_capped():
    invoice = item(1, date(2024, 3, 1), reached_level=7, last_reminder_date=date(2024, 5, 1))
    proposal = propose_reminder(TERM, [invoice], AS_OF)
    assert proposal.level == 3
    assert proposal.lines[0].level == 3


def test_levels_are_looked_up_by_number_not_order():
    term = TermConfig(1, levels=(L3, L1, L2))
    assert propose_reminder(term, [item(1, days_before(6))], AS_OF).level_id == 11


def test_other_overdue_items_are_listed_at_their_level():
    eligible = item(1, days_before(30))
    in_grace = item(2, days_before(3))
    reminded = item(3, days_before(40), reached_level=1, last_reminder_date=days_before(5))
    proposal = propose_reminder(TERM, [in_grace, reminded, eligible], AS_OF)
    lines = lines_by_id(proposal)
    assert [line.move_line_id for line in proposal.lines] == [3, 1, 2]  # oldest first
    assert (lines[1].level, lines[1].new_level) == (1, True)
    assert (lines[2].level, lines[2].new_level) == (0, False)
    assert (lines[3].level, lines[3].new_level) == (1, False)
    assert proposal.level == 1
    assert proposal.remaining_amount == D("300")


def test_reminder_level_is_the_highest_new_level():
    first = item(1, days_before(30))
    second = item(2, days_before(60), reached_level=1, last_reminder_date=days_before(20))
    proposal = propose_reminder(TERM, [first, second], AS_OF)
    assert (proposal.level, proposal.level_id) == (2, 12)
    lines = lines_by_id(proposal)
    assert (lines[1].level, lines[2].level) == (1, 2)


# --- max reminders ------------------------------------------------------------


def test_max_reminders_stops_new_levels():
    term = dataclasses.replace(TERM, max_reminders=2)
    capped = item(1, days_before(90), reached_level=2, last_reminder_date=days_before(30))
    result = propose_reminder(term, [capped], AS_OF)
    assert result.reason == "max_reminders"
    assert "2" in result.detail
    fresh = item(2, days_before(30))
    proposal = propose_reminder(term, [capped, fresh], AS_OF)
    lines = lines_by_id(proposal)
    assert (lines[1].level, lines[1].new_level) == (2, False)
    assert (lines[2].level, lines[2].new_level) == (1, True)
    assert proposal.level == 1


def test_max_reminders_zero_means_no_limit():
    invoice = item(1, days_before(90), reached_level=40, last_reminder_date=days_before(30))
    assert propose_reminder(TERM, [invoice], AS_OF).level == 3


def test_max_reminders_mixed_with_grace_is_not_eligible():
    term = dataclasses.replace(TERM, max_reminders=1)
    capped = item(1, days_before(90), reached_level=1, last_reminder_date=days_before(30))
    in_grace = item(2, days_before(2))
    assert propose_reminder(term, [capped, in_grace], AS_OF).reason == "not_eligible"


# --- minimum amount -----------------------------------------------------------


def test_minimum_amount():
    term = dataclasses.replace(TERM, minimum_amount=D("150"))
    items = [item(1, days_before(30)), item(2, days_before(10), residual="49.99")]
    result = propose_reminder(term, items, AS_OF)
    assert result.reason == "below_minimum"
    assert "149.99" in result.detail and "150" in result.detail
    items.append(item(3, days_before(1), residual="0.01"))  # overdue but in grace: counts
    assert propose_reminder(term, items, AS_OF).remaining_amount == D("150")


def test_not_due_items_do_not_count_toward_the_minimum():
    term = dataclasses.replace(TERM, minimum_amount=D("150"))
    items = [item(1, days_before(30)), item(2, AS_OF + timedelta(days=5), residual="500")]
    options = ReminderOptions(include_not_due=True)
    assert propose_reminder(term, items, AS_OF, options).reason == "below_minimum"


# --- options ------------------------------------------------------------------


def test_set_highest_level_on_all_lines():
    top = item(1, days_before(60), reached_level=1, last_reminder_date=days_before(20))
    fresh = item(2, days_before(30))
    in_grace = item(3, days_before(2))
    options = ReminderOptions(set_highest_level=True)
    proposal = propose_reminder(TERM, [top, fresh, in_grace], AS_OF, options)
    assert proposal.level == 2
    assert {line.level for line in proposal.lines} == {2}
    assert all(line.new_level for line in proposal.lines)
    # fee: L2 additional 20 + 2 per line raised (3 lines)
    assert proposal.fee_amount == D("26.00")


def test_set_highest_level_leaves_capped_lines_and_never_lowers():
    term = dataclasses.replace(TERM, max_reminders=3)
    capped = item(1, days_before(90), reached_level=3, last_reminder_date=days_before(5))
    held = item(2, days_before(90), on_hold=True)
    fresh = item(3, days_before(30))
    options = ReminderOptions(set_highest_level=True)
    proposal = propose_reminder(term, [capped, held, fresh], AS_OF, options)
    lines = lines_by_id(proposal)
    assert proposal.level == 1
    assert (lines[1].level, lines[1].new_level) == (3, False)
    assert 2 not in lines, "an invoice on hold is never listed"
    assert (lines[3].level, lines[3].new_level) == (1, True)


def test_on_hold_items_are_left_out_by_default():
    held = item(1, days_before(60), on_hold=True)
    result = propose_reminder(TERM, [held], AS_OF)
    assert result.reason == "no_overdue"
    assert "on hold" in result.detail
    proposal = propose_reminder(TERM, [held, item(2, days_before(30))], AS_OF)
    assert [line.move_line_id for line in proposal.lines] == [2]
    assert proposal.remaining_amount == D("100")


def test_no_option_lists_items_on_hold():
    # Was: ReminderOptions.include_on_hold, which nothing read once held items
    # were never listed: an option that did nothing.
    assert "include_on_hold" not in {field.name for field in dataclasses.fields(ReminderOptions)}
    with pytest.raises(TypeError):
        ReminderOptions(include_on_hold=True)


def test_held_disputed_and_promised_items_are_never_listed_as_owed():
    # Was: include_on_hold listed held (and disputed) items, counted in the
    # remaining amount; a pending promise to pay was reminded. A reminder
    # never lists an invoice on hold, disputed, or promised for a date not
    # passed yet (there is no option to include them); a broken promise is
    # reminded again.
    held = item(1, days_before(60), reached_level=3, on_hold=True,
                last_reminder_date=date(2024, 1, 1))
    disputed = dataclasses.replace(item(3, days_before(60)), status="disputed")
    promised = dataclasses.replace(item(4, days_before(60)), status="promised",
                                   promise_date=AS_OF)
    broken = dataclasses.replace(item(5, days_before(60)), status="promised",
                                 promise_date=AS_OF - timedelta(days=1))
    for options in (ReminderOptions(), ReminderOptions(set_highest_level=True)):
        assert propose_reminder(TERM, [held, disputed, promised], AS_OF, options).reason == (
            "no_overdue")
        proposal = propose_reminder(
            TERM, [held, item(2, days_before(30)), disputed, promised, broken], AS_OF, options)
        assert sorted(lines_by_id(proposal)) == [2, 5]
        assert proposal.remaining_amount == D("200")


def test_not_due_lines_only_when_asked():
    items = [item(1, days_before(30)), item(2, AS_OF + timedelta(days=10)), item(3, AS_OF)]
    proposal = propose_reminder(TERM, items, AS_OF)
    assert [line.move_line_id for line in proposal.lines] == [1]
    proposal = propose_reminder(TERM, items, AS_OF, ReminderOptions(include_not_due=True))
    assert [(line.move_line_id, line.line_type) for line in proposal.lines] == [
        (1, "overdue"),
        (3, "not_due"),
        (2, "not_due"),
    ]
    lines = lines_by_id(proposal)
    assert (lines[2].days_overdue, lines[3].days_overdue) == (-10, 0)
    assert not lines[2].new_level and lines[2].interest == 0
    assert proposal.remaining_amount == D("100")
    assert proposal.fee_amount == D("10.00")


def test_not_due_items_on_hold_are_never_listed():
    held = item(2, AS_OF + timedelta(days=10), on_hold=True)
    items = [item(1, days_before(30)), held]
    only_not_due = ReminderOptions(include_not_due=True)
    assert len(propose_reminder(TERM, items, AS_OF, only_not_due).lines) == 1
    highest = ReminderOptions(include_not_due=True, set_highest_level=True)
    assert len(propose_reminder(TERM, items, AS_OF, highest).lines) == 1


def test_line_types_come_from_the_vocabulary():
    keys = vocabulary.keys(vocabulary.REMINDER_LINE_TYPES)
    options = ReminderOptions(include_not_due=True)
    proposal = propose_reminder(TERM, [item(1, days_before(30)), item(2, AS_OF)], AS_OF, options)
    assert {line.line_type for line in proposal.lines} <= set(keys)


# --- fees ---------------------------------------------------------------------


def test_fee_is_level_fee_plus_fee_per_new_line():
    reminded = {"reached_level": 1, "last_reminder_date": days_before(20)}
    items = [
        item(1, days_before(60), **reminded),
        item(2, days_before(50), **reminded),
        item(3, days_before(40), reached_level=1, last_reminder_date=days_before(5)),  # in grace
    ]
    proposal = propose_reminder(TERM, items, AS_OF)
    assert proposal.level == 2
    assert proposal.fee_amount == D("24.00")  # 20 + 2 x 2 new lines
    assert proposal.total_due == D("300") + D("24.00")


def test_line_fee_once_per_invoice_and_level():
    """An item at the last level is reminded at that level again (the last
    level repeats): the reminder's fee again, but no second line fee."""
    at_top = item(1, days_before(90), reached_level=3, last_reminder_date=days_before(40))
    fresh_top = item(2, days_before(80), reached_level=2, last_reminder_date=days_before(40))
    proposal = propose_reminder(TERM, [at_top, fresh_top], AS_OF)
    assert [line.level for line in proposal.lines] == [3, 3]
    assert all(line.new_level for line in proposal.lines)
    assert proposal.fee_amount == D("31.50")  # L3: 30 + 1.5 for the item new at level 3
    alone = propose_reminder(TERM, [at_top], AS_OF)
    assert alone.fee_amount == D("30.00")


def test_fee_is_rounded():
    term = TermConfig(1, levels=(LevelConfig(1, 1, additional_fee=D("1.005")),))
    assert propose_reminder(term, [item(1, days_before(3))], AS_OF).fee_amount == D("1.01")
    proposal = propose_reminder(term, [item(1, days_before(3))], AS_OF, rounding=0)
    assert proposal.fee_amount == D("1")


# --- interest -----------------------------------------------------------------


def interest_term(rate="10", **level_kwargs):
    level = LevelConfig(1, 1, calculate_interest=True, interest_rate=D(rate), **level_kwargs)
    return TermConfig(1, levels=(level,))


def test_interest_from_the_due_date():
    # 1000 x 10% x 73/365 = 20
    proposal = propose_reminder(interest_term(), [item(1, days_before(73), "1000")], AS_OF)
    assert proposal.lines[0].interest == D("20.00")
    assert proposal.interest_amount == D("20.00")
    assert proposal.total_due == D("1020.00")


def test_interest_from_the_last_reminder_date_when_later():
    invoice = item(1, days_before(200), "1000", reached_level=1, last_reminder_date=days_before(73))
    term = TermConfig(
        1,
        levels=(
            LevelConfig(1, 1),
            LevelConfig(2, 2, calculate_interest=True, interest_rate=D("10")),
        ),
    )
    proposal = propose_reminder(term, [invoice], AS_OF)
    assert proposal.level == 2
    assert proposal.lines[0].interest == D("20.00")


def test_interest_is_rounded_half_up_per_line():
    # 100 x 10% x 2/365 = 0.0547.. -> 0.05 per line, 0.10 for two (not 0.11)
    items = [item(1, days_before(2)), item(2, days_before(2))]
    proposal = propose_reminder(interest_term(), items, AS_OF)
    assert [line.interest for line in proposal.lines] == [D("0.05"), D("0.05")]
    assert proposal.interest_amount == D("0.10")
    # 182.5 x 1% x 1/365 = 0.005 exactly: rounds up to 0.01
    half = propose_reminder(interest_term("1"), [item(1, days_before(1), "182.5")], AS_OF)
    assert half.lines[0].interest == D("0.01")
    whole = propose_reminder(interest_term(), items, AS_OF, rounding=0)
    assert whole.interest_amount == D("0")


def test_interest_follows_each_line_level():
    # L3 calculates interest, L1 does not.
    reminded = item(
        1, days_before(100), "1000", reached_level=2, last_reminder_date=days_before(30)
    )
    fresh = item(2, days_before(73), "1000")
    proposal = propose_reminder(TERM, [reminded, fresh], AS_OF)
    lines = lines_by_id(proposal)
    assert lines[1].level == 3
    # 1000 x 12% x 30/365 = 9.8630.. -> 9.86
    assert lines[1].interest == D("9.86")
    assert lines[2].level == 1 and lines[2].interest == 0
    assert proposal.fee_amount == D("33.00")  # L3: 30 + 1.5 x 2 new lines
    assert proposal.total_due == D("2000") + D("33.00") + D("9.86")
    assert proposal.due_date == date(2024, 6, 30)  # L3 due date formula CM


def test_no_interest_when_not_calculated():
    term = TermConfig(1, levels=(LevelConfig(1, 1, interest_rate=D("10")),))
    proposal = propose_reminder(term, [item(1, days_before(73), "1000")], AS_OF)
    assert proposal.interest_amount == 0


# --- values in ----------------------------------------------------------------


def test_amounts_are_converted_to_decimal():
    level = LevelConfig(1, 1, additional_fee=5, fee_per_line=0.1, interest_rate=1.5)
    assert level.fee_per_line == D("0.1") and isinstance(level.additional_fee, Decimal)
    term = TermConfig(1, minimum_amount=10.5, levels=[level])
    assert term.minimum_amount == D("10.5") and term.levels == (level,)
    open_item = OpenItem(1, 1, AS_OF, 100.1, 50.05)
    assert (open_item.original_amount, open_item.residual) == (D("100.1"), D("50.05"))


def test_defaults():
    level = LevelConfig(1, 1)
    assert (level.grace_period, level.due_date_formula) == ("0D", "0D")
    assert level.additional_fee == level.fee_per_line == level.interest_rate == 0
    assert not level.calculate_interest
    term = TermConfig(1)
    assert (term.max_reminders, term.minimum_amount, term.levels) == (0, 0, ())
    assert ReminderOptions() == ReminderOptions(False, False, False)


# --- issue dates --------------------------------------------------------------


@pytest.mark.parametrize(
    "replace_posting, replace_vat, expected",
    [
        (False, False, (date(2024, 3, 1), date(2024, 3, 1), date(2024, 3, 15))),
        (True, False, (date(2024, 3, 4), date(2024, 3, 1), date(2024, 3, 18))),
        (False, True, (date(2024, 3, 1), date(2024, 3, 4), date(2024, 3, 15))),
        (True, True, (date(2024, 3, 4), date(2024, 3, 4), date(2024, 3, 18))),
    ],
)
def test_issue_dates(replace_posting, replace_vat, expected):
    created, due, issued = date(2024, 3, 1), date(2024, 3, 15), date(2024, 3, 4)
    assert issue_dates(created, due, issued, replace_posting, replace_vat) == expected


def test_issue_dates_same_day_keeps_everything():
    day = date(2024, 3, 1)
    assert issue_dates(day, date(2024, 3, 15), day, True, True) == (day, day, date(2024, 3, 15))


# --- validate_term ------------------------------------------------------------


def test_validate_term_accepts_a_valid_term():
    validate_term(TERM)
    validate_term(TermConfig(1, levels=(L2, L1)))  # any order
    validate_term(TermConfig(1))


@pytest.mark.parametrize(
    "term, names",
    [
        (TermConfig(1, levels=(LevelConfig(1, 0),)), ["levels", "(0,)"]),
        (TermConfig(1, levels=(LevelConfig(1, 2),)), ["levels", "(2,)"]),
        (TermConfig(1, levels=(L1, dataclasses.replace(L2, level=1))), ["levels", "(1, 1)"]),
        (TermConfig(1, levels=(L1, L3)), ["levels", "(1, 3)"]),
        (TermConfig(1, max_reminders=-1), ["max_reminders", "-1"]),
        (TermConfig(1, minimum_amount=D("-0.01")), ["minimum_amount", "-0.01"]),
        (
            TermConfig(1, levels=(dataclasses.replace(L1, additional_fee=D("-1")),)),
            ["additional_fee", "-1"],
        ),
        (
            TermConfig(1, levels=(dataclasses.replace(L1, fee_per_line=D("-2")),)),
            ["fee_per_line", "-2"],
        ),
        (
            TermConfig(1, levels=(dataclasses.replace(L1, interest_rate=D("-3")),)),
            ["interest_rate", "-3"],
        ),
    ],
)
def test_validate_term_errors_name_field_and_value(term, names):
    with pytest.raises(ValueError) as info:
        validate_term(term)
    for name in names:
        assert name in str(info.value)


@pytest.mark.parametrize("name", ["grace_period", "due_date_formula"])
def test_validate_term_reraises_formula_errors(name):
    level = dataclasses.replace(L2, **{name: "CM+1X"})
    with pytest.raises(DateFormulaError) as info:
        validate_term(TermConfig(1, levels=(L1, level)))
    err = info.value
    assert (err.formula, err.position) == ("CM+1X", 4)
    assert name in str(err) and "level 2" in str(err)


# --- properties ---------------------------------------------------------------

SMALL_FORMULAS = st.one_of(
    st.integers(0, 15).map(lambda n: f"{n}D"),
    st.sampled_from(["CM", "CW", "1W", "-CM+14D", "1M"]),
)
MONEY = st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def terms(draw):
    count = draw(st.integers(1, 4))
    levels = tuple(
        LevelConfig(
            100 + number,
            number,
            grace_period=draw(SMALL_FORMULAS),
            due_date_formula=draw(SMALL_FORMULAS),
            additional_fee=draw(MONEY),
            fee_per_line=draw(MONEY),
            calculate_interest=draw(st.booleans()),
            interest_rate=draw(st.decimals(0, 30, places=2)),
        )
        for number in range(1, count + 1)
    )
    return TermConfig(
        1,
        max_reminders=draw(st.integers(0, 5)),
        minimum_amount=draw(st.sampled_from([D(0), D(0), D("50"), D("500")])),
        levels=tuple(draw(st.permutations(levels))),
    )


@st.composite
def open_items(draw, as_of):
    count = draw(st.integers(0, 6))
    result = []
    for line_id in range(1, count + 1):
        due = as_of + timedelta(days=draw(st.integers(-200, 30)))
        reached = draw(st.integers(0, 6))
        last = None
        if reached and draw(st.booleans()):
            last = as_of - timedelta(days=draw(st.integers(0, 100)))
        residual = draw(st.decimals(-500, 2000, places=2))
        result.append(
            OpenItem(
                line_id,
                line_id,
                due,
                original_amount=abs(residual),
                residual=residual,
                reached_level=reached,
                last_reminder_date=last,
                on_hold=draw(st.booleans()) and draw(st.booleans()),
                status=draw(st.sampled_from(vocabulary.keys(vocabulary.COLLECTION_STATUSES))),
                promise_date=draw(st.none() | st.integers(-5, 5).map(
                    lambda d: as_of + timedelta(days=d))),
            )
        )
    return result


OPTIONS = st.builds(ReminderOptions, st.booleans(), st.booleans(), st.booleans())


@st.composite
def cases(draw):
    as_of = draw(st.dates(date(2000, 1, 1), date(2100, 1, 1)))
    return draw(terms()), draw(open_items(as_of)), as_of, draw(OPTIONS)


@settings(max_examples=300)
@given(cases())
def test_proposal_invariants(case):
    term, items, as_of, options = case
    result = propose_reminder(term, items, as_of, options)
    highest = max(level.level for level in term.levels)
    by_id = {i.move_line_id: i for i in items}
    if isinstance(result, Skip):
        assert result.reason in SKIP_REASONS
        return
    assert isinstance(result, ReminderProposal)
    lines = result.lines
    assert len({line.move_line_id for line in lines}) == len(lines)
    new_lines = [line for line in lines if line.new_level]
    assert new_lines
    assert result.level == max(line.level for line in new_lines)
    assert result.level_id == 100 + result.level
    for line in lines:
        source = by_id[line.move_line_id]
        assert line.amount_residual == source.residual > 0
        assert line.level <= highest
        assert line.days_overdue == (as_of - source.due_date).days
        assert line.line_type in ("overdue", "not_due")
        if line.line_type == "not_due":
            assert options.include_not_due and source.due_date >= as_of
            assert not line.new_level and line.interest == 0
        else:
            assert source.due_date < as_of
        assert not source.on_hold and source.status != "disputed", "never listed as owed"
        assert not (source.status == "promised" and source.promise_date is not None
                    and source.promise_date >= as_of), "a pending promise is not reminded"
        assert not line.on_hold
        if line.new_level and term.max_reminders:
            assert source.reached_level < term.max_reminders
        if not options.set_highest_level:
            # a level rises by one at most per reminder
            assert line.level <= source.reached_level + 1
            if line.new_level:
                assert line.level == min(source.reached_level + 1, highest)
            else:
                assert line.level == min(source.reached_level, highest)
    overdue = [line for line in lines if line.line_type == "overdue"]
    assert result.remaining_amount == sum((line.amount_residual for line in overdue), D(0))
    assert result.remaining_amount >= term.minimum_amount
    assert result.interest_amount == sum((line.interest for line in lines), D(0))
    assert result.total_due == result.remaining_amount + result.fee_amount + result.interest_amount
    level = next(lv for lv in term.levels if lv.level == result.level)
    # Was: fee_per_line for every line getting a new level. A line fee is
    # charged at most once per invoice and level (issue 15): a line repeating
    # the last level, which it has reached already, pays none again.
    charged = [line for line in new_lines if line.level > by_id[line.move_line_id].reached_level]
    assert result.fee_amount == (
        level.additional_fee + level.fee_per_line * len(charged)
    ).quantize(D("0.01"))


@given(cases())
def test_no_reminder_when_nothing_is_overdue(case):
    term, items, as_of, options = case
    not_overdue = [i for i in items if i.due_date >= as_of or i.residual <= 0]
    result = propose_reminder(term, not_overdue, as_of, options)
    assert isinstance(result, Skip)
    assert result.reason == "no_overdue"


@settings(max_examples=150)
@given(
    terms(),
    st.dates(date(2000, 1, 1), date(2090, 1, 1)),
    st.integers(0, 60),
    st.lists(st.integers(1, 40), min_size=1, max_size=15),
)
def test_levels_rise_one_reminder_at_a_time(term, due, start, gaps):
    """Issue reminders run after run: an item climbs one level per reminder."""
    invoice = OpenItem(1, 1, due, D("1000"), D("1000"))
    as_of = due + timedelta(days=start)
    highest = max(level.level for level in term.levels)
    for gap in gaps:
        as_of += timedelta(days=gap)
        result = propose_reminder(term, [invoice], as_of)
        if isinstance(result, Skip):
            assert result.reason in ("not_eligible", "max_reminders", "below_minimum")
            continue
        (line,) = result.lines
        assert line.new_level
        assert line.level == min(invoice.reached_level + 1, highest)
        if term.max_reminders:
            assert invoice.reached_level < term.max_reminders
        invoice = dataclasses.replace(invoice, reached_level=line.level, last_reminder_date=as_of)


# --- forced level (a process's letter step) -----------------------------------


def test_forced_level_ignores_grace_periods_and_jumps_to_the_level():
    term = reminders.TermConfig(1, levels=(
        reminders.LevelConfig(11, 1, grace_period="30D", additional_fee=Decimal("5")),
        reminders.LevelConfig(12, 2, grace_period="30D", additional_fee=Decimal("15")),
        reminders.LevelConfig(13, 3, grace_period="30D", additional_fee=Decimal("40")),
    ))
    item = reminders.OpenItem(1, 100, date(2024, 3, 1), Decimal("500"), Decimal("500"))
    as_of = date(2024, 3, 3)  # inside every grace period
    assert isinstance(reminders.propose_reminder(term, [item], as_of), reminders.Skip)
    proposal = reminders.propose_reminder(
        term, [item], as_of, reminders.ReminderOptions(forced_level=2))
    assert (proposal.level, proposal.level_id, proposal.fee_amount) == (2, 12, Decimal("15.00"))
    assert [line.level for line in proposal.lines] == [2]


def test_forced_level_never_lowers_and_skips_items_already_there():
    term = reminders.TermConfig(1, levels=(
        reminders.LevelConfig(11, 1), reminders.LevelConfig(12, 2)))
    at_two = reminders.OpenItem(1, 100, date(2024, 3, 1), Decimal("50"), Decimal("50"),
                                reached_level=2, last_reminder_date=date(2024, 3, 2))
    skip = reminders.propose_reminder(
        term, [at_two], date(2024, 3, 9), reminders.ReminderOptions(forced_level=1))
    assert isinstance(skip, reminders.Skip) and skip.reason == "not_eligible"
    missing = reminders.propose_reminder(
        term, [at_two], date(2024, 3, 9), reminders.ReminderOptions(forced_level=5))
    assert isinstance(missing, reminders.Skip) and missing.reason == "no_levels"


def test_an_item_reminded_today_is_never_raised_again_today():
    term = reminders.TermConfig(1, levels=(
        reminders.LevelConfig(11, 1), reminders.LevelConfig(12, 2),
        reminders.LevelConfig(13, 3)))
    as_of = date(2024, 6, 15)
    reminded_today = reminders.OpenItem(3, 1, date(2024, 6, 14), Decimal("1"), Decimal("1"),
                                        reached_level=1, last_reminder_date=as_of)
    older = reminders.OpenItem(2, 1, date(2024, 6, 14), Decimal("1"), Decimal("1"),
                               reached_level=1)
    for options in (reminders.ReminderOptions(set_highest_level=True),
                    reminders.ReminderOptions(forced_level=3)):
        proposal = reminders.propose_reminder(term, [older, reminded_today], as_of, options)
        raised = {line.move_line_id for line in proposal.lines if line.new_level}
        assert raised == {2}, options
