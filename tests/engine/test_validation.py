# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The engine's validators, as the models' constraints call them: each bad
setting is a ConfigError naming the field, the value, the rule and where."""

import pickle
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_collections_automation.engine import dates, vocabulary
from account_collections_automation.engine.errors import (
    CONFIG_RULES,
    ConfigError,
    FormulaConfigError,
)
from account_collections_automation.engine.process import (
    ProcessConfig,
    StepConfig,
    validate_process,
    validate_step,
    validate_steps,
)
from account_collections_automation.engine.reminder_validation import (
    validate_level,
    validate_term,
)
from account_collections_automation.engine.reminders import (
    LevelConfig,
    TermConfig,
)

STEP = StepConfig(4, 1, "activity", "after", 3, name="Call")


def refusal(validate, config):
    with pytest.raises(ConfigError) as info:
        validate(config)
    error = info.value
    return error.field, error.value, error.rule, error.step_id, error.level


@pytest.mark.parametrize(
    "process, expected",
    [
        (ProcessConfig(1, 1, quiet_days=-2), ("quiet_days", -2, "negative", None, None)),
        (ProcessConfig(1, 1, prediction_days_before=-1),
         ("prediction_days_before", -1, "negative", None, None)),
        (ProcessConfig(1, 1, exclude_amount=Decimal(-5)),
         ("exclude_amount", Decimal(-5), "negative", None, None)),
        (ProcessConfig(1, 1, exclude_mode="bogus"),
         ("exclude_mode", "bogus", "unknown", None, None)),
        (ProcessConfig(1, 1, steps=(replace(STEP, days=-3),)), ("days", -3, "negative", 4, None)),
        (ProcessConfig(1, 1, steps=(replace(STEP, activity_days=-1),)),
         ("activity_days", -1, "negative", 4, None)),
        (ProcessConfig(1, 1, steps=(replace(STEP, action_type="fax"),)),
         ("action_type", "fax", "unknown", 4, None)),
        (ProcessConfig(1, 1, steps=(replace(STEP, timing="during"),)),
         ("timing", "during", "unknown", 4, None)),
        (ProcessConfig(1, 1, steps=(replace(STEP, id=8, timing="before", pre_reminder=True),
                                    STEP,
                                    replace(STEP, id=2, timing="before", pre_reminder=True))),
         ("pre_reminder", (8, 2), "one_only", None, None)),
        (ProcessConfig(1, 1, steps=(replace(STEP, pre_reminder=True),)),
         ("pre_reminder", 3, "before_due_only", 4, None)),
        (ProcessConfig(1, 1, steps=(replace(STEP, timing="before", days=0, pre_reminder=True),)),
         ("pre_reminder", 0, "before_due_only", 4, None)),
    ],
)
def test_process_refusals_name_field_value_and_step(process, expected):
    assert refusal(validate_process, process) == expected


def test_steps_alone_and_together():
    """A step's own settings, and the rule the steps of a process keep together."""
    assert refusal(validate_step, replace(STEP, activity_days=-2)) == (
        "activity_days", -2, "negative", 4, None)
    validate_step(STEP)
    validate_step(replace(STEP, timing="before", pre_reminder=True))
    validate_steps([STEP, replace(STEP, id=5, pre_reminder=True)])
    assert refusal(validate_steps, [replace(STEP, pre_reminder=True),
                                    replace(STEP, id=5, pre_reminder=True)]) == (
        "pre_reminder", (4, 5), "one_only", None, None)


@pytest.mark.parametrize(
    "term, expected",
    [
        (TermConfig(1, max_reminders=-1), ("max_reminders", -1, "negative", None, None)),
        (TermConfig(1, minimum_amount=-1), ("minimum_amount", Decimal(-1), "negative", None,
                                            None)),
        (TermConfig(1, levels=(LevelConfig(1, 1), LevelConfig(3, 3))),
         ("level_ids", (1, 3), "numbering", None, None)),
        (TermConfig(1, levels=(LevelConfig(1, 1, additional_fee=-5.0),)),
         ("additional_fee", Decimal("-5.0"), "negative", None, 1)),
    ],
)
def test_term_refusals_name_field_value_and_level(term, expected):
    assert refusal(validate_term, term) == expected


@pytest.mark.parametrize(
    "level, expected",
    [
        (LevelConfig(1, 0), ("level", 0, "below_one", None, 0)),
        (LevelConfig(1, 2, fee_per_line=-1), ("fee_per_line", Decimal(-1), "negative", None, 2)),
        (LevelConfig(1, 2, interest_rate=-1.0),
         ("interest_rate", Decimal("-1.0"), "negative", None, 2)),
    ],
)
def test_level_refusals(level, expected):
    assert refusal(validate_level, level) == expected


@pytest.mark.parametrize("name", ["grace_period", "due_date_formula"])
def test_a_bad_formula_is_both_a_formula_error_and_a_config_error(name):
    with pytest.raises(FormulaConfigError) as info:
        validate_level(LevelConfig(1, 2, **{name: "CM+1X"}))
    error = info.value
    assert isinstance(error, dates.DateFormulaError) and isinstance(error, ConfigError)
    assert (error.field, error.value, error.rule, error.level) == (name, "CM+1X", "formula", 2)
    assert (error.formula, error.position, error.detail) == ("CM+1X", 4, "unknown unit")
    assert str(error) == (
        f"Invalid date formula 'CM+1X': unknown unit (level 2, {name}) at position 4")


def test_errors_survive_pickling():
    for error in (
        ConfigError("days", -3, "negative", "step 4: days must not be negative: -3", step_id=4),
        FormulaConfigError("5X", 1, "unknown unit", "grace_period", level=2),
    ):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error) and str(copy) == str(error)
        assert (copy.field, copy.value, copy.rule, copy.step_id, copy.level) == (
            error.field, error.value, error.rule, error.step_id, error.level)


def test_an_unknown_rule_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown rule"):
        ConfigError("days", -1, "bad", "")


# --- properties ---------------------------------------------------------------

NUMBERS = st.integers(min_value=-5, max_value=5)


@st.composite
def steps(draw, step_id):
    return StepConfig(
        step_id, draw(NUMBERS),
        draw(st.sampled_from([*vocabulary.keys(vocabulary.ACTION_TYPES), "fax"])),
        draw(st.sampled_from([*vocabulary.keys(vocabulary.TIMINGS), "during"])),
        draw(NUMBERS), draw(st.booleans()), activity_days=draw(NUMBERS))


@st.composite
def processes(draw):
    count = draw(st.integers(min_value=0, max_value=4))
    return ProcessConfig(
        1, 1, quiet_days=draw(NUMBERS), prediction_days_before=draw(NUMBERS),
        exclude_mode=draw(st.sampled_from([*vocabulary.keys(vocabulary.EXCLUDE_MODES), "x"])),
        exclude_amount=Decimal(draw(NUMBERS)),
        steps=tuple(draw(steps(step_id)) for step_id in range(1, count + 1)))


def _valid(process):
    numbers = [process.quiet_days, process.prediction_days_before, process.exclude_amount]
    numbers += [n for step in process.steps for n in (step.days, step.activity_days)]
    return (
        all(n >= 0 for n in numbers)
        and process.exclude_mode in vocabulary.keys(vocabulary.EXCLUDE_MODES)
        and all(step.action_type in vocabulary.keys(vocabulary.ACTION_TYPES)
                and step.timing in vocabulary.keys(vocabulary.TIMINGS)
                for step in process.steps)
        and sum(step.pre_reminder for step in process.steps) <= 1
        and all(step.offset < 0 for step in process.steps if step.pre_reminder)
    )


@given(processes())
def test_a_process_is_refused_exactly_when_a_rule_is_broken(process):
    """Refused iff a setting breaks a rule; the error's field and value are
    the process's (or its step's) own."""
    try:
        validate_process(process)
    except ConfigError as error:
        assert not _valid(process)
        assert error.rule in CONFIG_RULES
        owner = next(s for s in process.steps if s.id == error.step_id) \
            if error.step_id else process
        if error.rule == "one_only":
            assert error.value == tuple(s.id for s in process.steps if s.pre_reminder)
        elif error.rule == "before_due_only":
            assert owner.pre_reminder and owner.offset == error.value >= 0
        else:
            assert getattr(owner, error.field) == error.value
    else:
        assert _valid(process)


@given(st.integers(min_value=-2, max_value=4), st.integers(min_value=-3, max_value=3),
       st.integers(min_value=-3, max_value=3), st.sampled_from(["5D", "CM+10D", "5X", ""]))
def test_a_level_is_refused_exactly_when_a_rule_is_broken(number, fee, rate, formula):
    level = LevelConfig(1, number, grace_period=formula, additional_fee=fee, interest_rate=rate)
    valid = number >= 1 and fee >= 0 and rate >= 0 and formula in ("5D", "CM+10D")
    try:
        validate_level(level)
    except ConfigError as error:
        assert not valid and error.level == number
        assert getattr(level, error.field) == error.value
    else:
        assert valid
