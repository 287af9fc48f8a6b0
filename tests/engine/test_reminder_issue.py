# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Issue rules: the posting and VAT dates of an issued reminder."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_collections_automation.engine.errors import ConfigError, FormulaConfigError
from account_collections_automation.engine.reminder_issue import (
    issue_dates,
    validate_issue_formulas,
)

CREATED, DUE, ISSUED = date(2025, 3, 7), date(2025, 3, 17), date(2025, 3, 10)


@pytest.mark.parametrize(
    "replace_posting, replace_vat, posting_formula, vat_formula, expected",
    [
        # Kept, shifted to the end of the month: due date + 24 days.
        (False, False, "CM", "", (date(2025, 3, 31), CREATED, date(2025, 4, 10))),
        # Replaced, the VAT date a day later: due date + 3 days.
        (True, True, "", "1D", (ISSUED, date(2025, 3, 11), date(2025, 3, 20))),
        # Replaced and shifted back: the posting date may fall before the reminder's.
        (True, False, "-5D", "CM", (date(2025, 3, 5), date(2025, 3, 31), date(2025, 3, 15))),
        # Kept VAT date shifted by weeks, posting date kept: nothing else moves.
        (False, False, "", "2W", (CREATED, date(2025, 3, 21), DUE)),
    ],
)
def test_issue_dates_with_formulas(replace_posting, replace_vat, posting_formula,
                                   vat_formula, expected):
    assert issue_dates(CREATED, DUE, ISSUED, replace_posting, replace_vat,
                       posting_formula, vat_formula) == expected


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=0, max_value=60),
    st.booleans(),
    st.sampled_from(["", "CM", "1D", "2W", "-3D", "CM+5D", "1M"]),
)
def test_due_date_keeps_its_distance_from_the_posting_date(created, due_in, waited,
                                                            replace, formula):
    due, issued = created + timedelta(days=due_in), created + timedelta(days=waited)
    posting, _vat, new_due = issue_dates(created, due, issued, replace, False, formula, "")
    assert new_due - posting == due - created


@pytest.mark.parametrize("field, args", [
    ("posting_date_formula", ("5X", "")),
    ("vat_date_formula", ("CM", "CM+")),
])
def test_invalid_formula_names_the_field_and_value(field, args):
    with pytest.raises(ConfigError) as info:
        validate_issue_formulas(*args)
    error = info.value
    assert isinstance(error, FormulaConfigError)
    assert (error.field, error.value, error.rule) == (field, args[field == "vat_date_formula"],
                                                      "formula")
    assert field in str(error) and repr(error.value) in str(error)


def test_empty_formulas_are_no_shift():
    validate_issue_formulas("", "")
    assert issue_dates(CREATED, DUE, ISSUED, False, False, "", "") == (CREATED, CREATED, DUE)
