# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Fuzzing the date-formula parser: whatever a user types, ``parse`` returns a
formula or raises ``DateFormulaError`` with a position inside the text (or
``TypeError`` for what is not text); ``apply`` returns a date or raises
``DateFormulaError``; a parsed formula prints back to an equal formula."""

import datetime

from hypothesis import example, given, settings
from hypothesis import strategies as st

from account_collections_automation.engine.dates import DateFormula, DateFormulaError, parse

FORMULA_CHARS = "0123456789+-CDWMQYcdwmqy \t"
ANY_DATE = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31))
TEXTS = st.one_of(
    st.text(alphabet=FORMULA_CHARS, max_size=30),
    st.text(max_size=30),
    # Near-valid formulas with a random edit.
    st.builds(
        lambda terms, noise, at: (lambda text: text[:at] + noise + text[at:])("+".join(terms)),
        st.lists(st.sampled_from(["30D", "CM", "-CM", "1M", "D15", "WD3", "2WD", "CQ",
                                  "1Y", "-1W", "9999D", "D31", "WD7"]), min_size=1, max_size=4),
        st.text(alphabet=FORMULA_CHARS + "xX!é٣", max_size=2),
        st.integers(min_value=0, max_value=20),
    ),
)


def _parse_or_error(text):
    try:
        return parse(text)
    except DateFormulaError as error:
        assert error.formula == text
        assert 0 <= error.position <= len(text), (text, error.position)
        if error.position < len(text) and error.reason != "empty formula":
            assert not text[error.position].isspace(), "the position points at a character"
        assert str(error.position) in str(error)
        return error


@settings(max_examples=300, deadline=None)
@given(TEXTS, ANY_DATE)
@example("CM+1X", datetime.date(2024, 1, 1))
@example("9999Y", datetime.date(9999, 12, 31))
@example("-9999Y", datetime.date(1, 1, 1))
@example("٣D", datetime.date(2024, 1, 1))  # a digit that is not ASCII
@example("D" + "0" * 40 + "1", datetime.date(2024, 1, 1))
def test_parser_returns_a_formula_or_a_positioned_error(text, base):
    result = _parse_or_error(text)
    if isinstance(result, DateFormulaError):
        return
    assert isinstance(result, DateFormula)
    assert parse(str(result)).terms == result.terms, "prints back to the same formula"
    try:
        day = result.apply(base)
    except DateFormulaError as error:
        assert "out of range" in error.reason
        assert 0 <= error.position <= len(text)
    else:
        assert isinstance(day, datetime.date)


@given(st.one_of(st.none(), st.integers(), st.floats(), st.binary(), st.lists(st.text())))
def test_parser_refuses_what_is_not_text_with_type_error(value):
    try:
        parse(value)
    except TypeError:
        return
    raise AssertionError(f"parse({value!r}) did not raise TypeError")
