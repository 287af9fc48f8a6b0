# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The errors the engine's validators raise on a bad setting.

A :class:`ConfigError` names the setting (the Odoo field of the same name),
its value, the rule it breaks (a rule id of :data:`CONFIG_RULES`) and where
it is (a process step's id, a reminder level's number), so that the model
that calls the validator can say it in the user's language, with the field's
label. Its English text is for logs and tests.
"""

from . import dates

# The rules a setting can break.
CONFIG_RULES = (
    "negative",  # a number of days, an amount or a count below 0
    "below_one",  # a level number below 1
    "unknown",  # not a key of its vocabulary
    "numbering",  # reminder levels not numbered 1 to n
    "one_only",  # set on more than one step of a process
    "before_due_only",  # a pre-reminder step that does not act before the due date
    "formula",  # not a date formula
    "overlap",  # two fee tiers of one level, kind and currency from the same amount
    "above_maximum",  # a fee tier's minimum above its maximum
    "over_100",  # a percentage above 100
    "needs_steps",  # an option that needs at least one (regular) step
    "required",  # a setting the others make necessary (an SMS step's template)
    "loop",  # a fallback chain that comes back to an action type it left
    "before_start",  # a period that ends before it starts
)


class RuleError(ValueError):
    """A refusal: the ``field`` and ``value`` at fault and the ``rule`` broken,
    one of the subclass's ``RULES``; the English text is for logs."""

    RULES = ()

    def __init__(self, field, value, rule, message):
        if rule not in self.RULES:
            raise ValueError(f"unknown rule: {rule!r}")
        self.field = field
        self.value = value
        self.rule = rule
        super().__init__(message)

    def __reduce__(self):
        return (type(self), (self.field, self.value, self.rule, str(self)))


class ConfigError(ValueError):
    """A bad setting: ``field``, ``value``, ``rule`` and where it is.

    >>> error = ConfigError("quiet_days", -2, "negative", "quiet_days must not be negative: -2")
    >>> error.field, error.value, error.rule, error.step_id, error.level
    ('quiet_days', -2, 'negative', None, None)
    >>> str(error)
    'quiet_days must not be negative: -2'
    """

    def __init__(self, field, value, rule, message, step_id=None, level=None):
        if rule not in CONFIG_RULES:
            raise ValueError(f"unknown rule: {rule!r}")
        self.field = field
        self.value = value
        self.rule = rule
        self.step_id = step_id
        self.level = level
        super().__init__(message)

    def __reduce__(self):
        return (type(self), (self.field, self.value, self.rule, str(self), self.step_id,
                             self.level))


class FormulaConfigError(dates.DateFormulaError, ConfigError):
    """A setting that is not a date formula: a :class:`dates.DateFormulaError`
    (formula, position, reason) that is also a :class:`ConfigError` (field,
    level); ``detail`` is the formula error's own reason.

    >>> try:
    ...     dates.validate("5X")
    ... except dates.DateFormulaError as error:
    ...     bad = FormulaConfigError.of(error, "grace_period", level=2)
    >>> bad.field, bad.value, bad.rule, bad.level, bad.position, bad.detail
    ('grace_period', '5X', 'formula', 2, 1, 'unknown unit')
    >>> str(bad)
    "Invalid date formula '5X': unknown unit (level 2, grace_period) at position 1"
    """

    def __init__(self, formula, position, detail, field, step_id=None, level=None):
        where = f"level {level}, {field}" if level is not None else field
        # DateFormulaError's attributes and text, set here: its __init__ would
        # go on to ConfigError's through the method resolution order.
        self.formula = formula
        self.position = position
        self.reason = f"{detail} ({where})"
        ValueError.__init__(
            self, f"Invalid date formula {formula!r}: {self.reason} at position {position}")
        self.detail = detail
        self.field = field
        self.value = formula
        self.rule = "formula"
        self.step_id = step_id
        self.level = level

    @classmethod
    def of(cls, error, field, step_id=None, level=None):
        """``error`` (a ``DateFormulaError``) of the setting ``field``."""
        return cls(error.formula, error.position, error.reason, field, step_id, level)

    def __reduce__(self):
        return (type(self), (self.formula, self.position, self.detail, self.field, self.step_id,
                             self.level))
