# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Checks shared by the reminder terms and levels (and the automations):
date formulas and the texts' placeholders, in every language, refused with
the field and the value."""

from odoo import _
from odoo.exceptions import ValidationError

from ..engine import reminder_texts
from ..engine.errors import ConfigError


def formula_error(field_label, error):
    """A ValidationError naming the field, the formula and the error's position."""
    return ValidationError(
        _(
            "%(field)s: %(value)r is not a valid date formula: %(reason)s "
            "(at position %(position)s).",
            field=field_label,
            value=error.formula,
            # A FormulaConfigError's reason also names the field: the label says it.
            reason=getattr(error, "detail", error.reason),
            position=error.position,
        )
    )


def check_texts(records, names, values=None):
    """Refuse an unknown placeholder in the text fields ``names`` of
    ``records`` (terms or levels, in the language being written; or the
    texts ``values`` by field name), naming the field and the placeholder."""
    for record in records:
        for name in names:
            try:
                reminder_texts.validate_text(
                    name, values[name] if values is not None else record[name])
            except ConfigError as error:
                label = record._fields[name]._description_string(record.env)
                if record._name == "collection.reminder.level":
                    label = record.env._("%(field)s of level %(level)s", field=label,
                                         level=record.level)
                raise ValidationError(record.env._(
                    "%(field)s: %(value)s is not a known placeholder; use %(known)s.",
                    field=label, value=error.value,
                    known=", ".join(f"{{{name}}}" for name in reminder_texts.PLACEHOLDERS),
                )) from error


def check_translated_texts(records, field_name, translations):
    """Refuse an unknown placeholder in the translations of a text field
    (the translation dialog's ``update_field_translations``): ``translations``
    are ``{lang: {term: translation}}`` (or ``{lang: text}``)."""
    if field_name not in reminder_texts.TEXT_FIELDS:
        return
    for by_term in translations.values():
        texts = by_term.values() if isinstance(by_term, dict) else [by_term]
        for text in texts:
            if isinstance(text, str):
                check_texts(records[:1], (field_name,), {field_name: text})
