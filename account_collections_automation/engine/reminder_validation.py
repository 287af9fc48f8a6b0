# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Validation of reminder terms and levels: each refusal names the field,
the value and the level (:class:`~.errors.ConfigError`)."""

from . import dates, fees
from .errors import ConfigError, FormulaConfigError
from .reminders import LevelConfig, TermConfig  # noqa: F401 -- used by the doctests

__all__ = ["validate_level", "validate_term"]


def validate_level(level):
    """Raise :class:`~.errors.ConfigError` on a bad level, naming the field,
    the value and the level (a :class:`~.errors.FormulaConfigError`, also a
    ``DateFormulaError`` with the position, for a formula).

    >>> validate_level(LevelConfig(1, 1, grace_period="5D", additional_fee=10))
    >>> try:
    ...     validate_level(LevelConfig(1, 1, fee_per_line=-1))
    ... except ConfigError as err:
    ...     print(err.field, err.value, err.rule, err.level)
    fee_per_line -1 negative 1
    >>> try:
    ...     validate_level(LevelConfig(1, 0))
    ... except ConfigError as err:
    ...     print(err)
    level must be 1 or more, got 0
    """
    if level.level < 1:
        raise ConfigError("level", level.level, "below_one",
                          f"level must be 1 or more, got {level.level}", level=level.level)
    for name in ("additional_fee", "fee_per_line", "interest_rate"):
        value = getattr(level, name)
        if value < 0:
            raise ConfigError(name, value, "negative",
                              f"Level {level.level}: {name} must not be negative, got {value}",
                              level=level.level)
    if level.fee_calculation not in fees.FEE_CALCULATIONS:
        raise ConfigError("fee_calculation", level.fee_calculation, "unknown",
                          f"Level {level.level}: unknown fee calculation "
                          f"{level.fee_calculation!r}", level=level.level)
    for name in ("grace_period", "due_date_formula"):
        try:
            dates.validate(getattr(level, name))
        except dates.DateFormulaError as err:
            raise FormulaConfigError.of(err, name, level=level.level) from err


def validate_term(term):
    """Raise :class:`~.errors.ConfigError` on invalid terms (see :func:`validate_level`).

    >>> validate_term(TermConfig(1, levels=(LevelConfig(1, 1), LevelConfig(2, 2))))
    >>> try:
    ...     validate_term(TermConfig(1, levels=(LevelConfig(1, 1), LevelConfig(3, 3))))
    ... except ConfigError as err:
    ...     print(err, '/', err.field, err.value, err.rule)
    levels must be numbered 1 to 2, got (1, 3) / level_ids (1, 3) numbering
    >>> try:
    ...     validate_term(TermConfig(1, levels=(LevelConfig(1, 1, fee_per_line=-1),)))
    ... except ValueError as err:
    ...     print(err)
    Level 1: fee_per_line must not be negative, got -1
    >>> try:
    ...     validate_term(TermConfig(1, levels=(LevelConfig(1, 1, grace_period="5X"),)))
    ... except ValueError as err:
    ...     print(err)
    Invalid date formula '5X': unknown unit (level 1, grace_period) at position 1
    """
    for name in ("max_reminders", "minimum_amount"):
        value = getattr(term, name)
        if value < 0:
            raise ConfigError(name, value, "negative", f"{name} must not be negative, got {value}")
    numbers = tuple(sorted(level.level for level in term.levels))
    if numbers != tuple(range(1, len(numbers) + 1)):
        raise ConfigError("level_ids", numbers, "numbering",
                          f"levels must be numbered 1 to {len(numbers)}, got {numbers}")
    for level in sorted(term.levels, key=lambda level: level.level):
        validate_level(level)
