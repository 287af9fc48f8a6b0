# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Reminder texts: named placeholders, their validation and rendering."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_collections_automation.engine.errors import ConfigError
from account_collections_automation.engine.reminder_texts import (
    PLACEHOLDERS,
    TEXT_FIELDS,
    placeholders,
    render,
    validate_text,
)

VALUES = {name: f"<{name}>" for name in PLACEHOLDERS}


def test_every_placeholder_is_accepted_and_filled():
    text = "<p>" + " ".join(f"{{{name}}}" for name in PLACEHOLDERS) + "</p>"
    for field in TEXT_FIELDS:
        validate_text(field, text)
    values = {name: str(index) for index, name in enumerate(PLACEHOLDERS)}
    assert render(text, values) == "<p>" + " ".join(values.values()) + "</p>"


@pytest.mark.parametrize("text, unknown", [
    ("<p>{total} {montant}</p>", "{montant}"),
    ("{Total}", "{Total}"),  # names are case-sensitive
    ("{ due } {total}", "{due}"),
])
def test_unknown_placeholder_names_field_and_value(text, unknown):
    with pytest.raises(ConfigError) as info:
        validate_text("beginning_text", text, level=3)
    error = info.value
    assert (error.field, error.value, error.rule, error.level) == (
        "beginning_text", unknown, "unknown", 3)
    assert "beginning_text" in str(error) and unknown in str(error)


def test_values_are_escaped_in_html():
    assert render("<b>{company}</b>", {"company": "<script>x</script>"}) == (
        "<b>&lt;script&gt;x&lt;/script&gt;</b>")


@given(st.text(alphabet=st.sampled_from("ab {}<>_&"), max_size=40),
       st.lists(st.sampled_from(PLACEHOLDERS), max_size=5))
def test_render_leaves_no_known_placeholder(noise, names):
    text = noise + "".join(f"{{{name}}}" for name in names) + noise
    rendered = render(text, {name: "v" for name in PLACEHOLDERS}, escape=False)
    # (the noise's letters spell no placeholder name, nor with the value "v")
    assert not set(placeholders(rendered)) & set(PLACEHOLDERS)
    assert rendered.count("v") == len(names)


@given(st.text(max_size=60))
def test_text_without_braces_is_unchanged(text):
    text = text.replace("{", "").replace("}", "")
    validate_text("ending_text", text)
    assert render(text, VALUES, escape=False) == text
