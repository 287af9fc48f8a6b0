# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The next run date of a reminder automation (Business Central's cadence).

``manual`` runs only when started; ``weekly`` every 7 days; ``monthly`` one
month later (clamped to the month end: 31 January, then 29 February, then
29 March); ``custom`` applies a date formula to the last run, which must give
a later date. Position formulas count the base date itself, so ``D15`` from a
15th gives that same 15th and is refused; write ``1D+D15`` for "every 15th".

Starting an automation (:func:`first_run`) keeps a planned date that is not
past; otherwise ``weekly`` and ``monthly`` run on the start day and
``custom`` on its formula applied to the start day (``CM+10D`` started on
30 November first runs on 10 December), which may be the start day itself.
"""

import datetime

from . import dates, vocabulary

__all__ = ["CADENCE_KEYS", "CadenceFormulaError", "first_run", "next_run"]

CADENCE_KEYS = vocabulary.keys(vocabulary.CADENCES)


class CadenceFormulaError(dates.DateFormulaError):
    """A custom cadence formula that does not move the next run forward."""

    def __init__(self, formula, last_run, result):
        self.last_run = last_run
        self.result = result
        super().__init__(
            formula,
            0,
            f"a custom cadence must move forward, but from {last_run.isoformat()} "
            f"it gives {result.isoformat()}",
        )

    def __reduce__(self):
        return (type(self), (self.formula, self.last_run, self.result))


def _check_cadence(cadence):
    if cadence not in CADENCE_KEYS:
        raise ValueError(f"Unknown cadence {cadence!r} (expected one of {', '.join(CADENCE_KEYS)})")


def _formula(date_formula):
    if date_formula is None or (isinstance(date_formula, str) and not date_formula.strip()):
        raise ValueError("The custom cadence needs a date formula (date_formula is empty)")
    return date_formula


def first_run(cadence, start, date_formula=None, planned=None):
    """The first run date of an automation started on ``start``.

    ``planned`` (the next run date already set, e.g. by hand or by an earlier
    run before a pause) is kept when it is not before ``start``. ``None`` for
    ``manual``, which runs when started.

    >>> d = datetime.date(2026, 11, 30)
    >>> first_run("weekly", d), first_run("monthly", d)
    (datetime.date(2026, 11, 30), datetime.date(2026, 11, 30))
    >>> first_run("custom", d, "CM+10D")
    datetime.date(2026, 12, 10)
    >>> first_run("custom", d, "CM+10D", planned=datetime.date(2026, 12, 2))
    datetime.date(2026, 12, 2)
    >>> first_run("custom", d, "CM+10D", planned=datetime.date(2026, 11, 2))
    datetime.date(2026, 12, 10)
    """
    _check_cadence(cadence)
    if cadence == "manual":
        return None
    if planned and planned >= start:
        return planned
    if cadence in ("weekly", "monthly"):
        return start
    result = dates.apply(_formula(date_formula), start)
    if result < start:
        raise CadenceFormulaError(str(date_formula), start, result)
    return result


def next_run(cadence, last_run, date_formula=None):
    """The date after ``last_run`` when the automation runs again.

    ``None`` for ``manual``. ``date_formula`` is only read for ``custom``.

    >>> d = datetime.date(2024, 1, 31)
    >>> next_run("manual", d) is None
    True
    >>> next_run("weekly", d), next_run("monthly", d), next_run("custom", d, "CM+15D")
    (datetime.date(2024, 2, 7), datetime.date(2024, 2, 29), datetime.date(2024, 2, 15))
    >>> try:
    ...     next_run("custom", d, "CM")
    ... except ValueError as err:
    ...     print(err)
    Invalid date formula 'CM': a custom cadence must move forward, ... at position 0
    """
    _check_cadence(cadence)
    if cadence == "manual":
        return None
    if cadence == "weekly":
        return last_run + datetime.timedelta(days=7)
    if cadence == "monthly":
        return dates.apply("1M", last_run)
    result = dates.apply(_formula(date_formula), last_run)
    if result <= last_run:
        raise CadenceFormulaError(str(date_formula), last_run, result)
    return result
