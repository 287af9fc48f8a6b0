# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Reminder texts (Business Central): beginning and ending texts per level,
e-mail body and attachment texts per terms and level, with named placeholders.

A placeholder is a name of :data:`PLACEHOLDERS` in braces, e.g.
``{total}``; :func:`validate_text` refuses any other name (the field and the
unknown placeholder are named), and :func:`render` fills a text with the
values, already formatted in the customer's language by the caller.
"""

import re

from .errors import ConfigError

__all__ = ["PLACEHOLDERS", "TEXT_FIELDS", "escape_html", "placeholders", "render",
           "validate_text"]

# The named placeholders, in the order a user reads them.
PLACEHOLDERS = (
    "document_date",  # the reminder's date
    "due_date",  # the reminder's due date
    "days_overdue",  # the days the oldest overdue item is past due, on the reminder's date
    "open_amount",  # the remaining amount of the overdue items
    "interest",  # the interest amount
    "fees",  # the additional fees
    "total",  # the total due
    "level",  # the reminder's level
    "currency",  # the reminder's currency (its code)
    "company",  # the company's name
)

# The text fields of the terms, the levels and the reminders.
TEXT_FIELDS = ("beginning_text", "ending_text", "email_body_text", "attachment_text")

# ``{name}``: a word (letters of any alphabet, digits, underscores) in braces.
_TOKEN = re.compile(r"\{\s*(\w+)\s*\}")


def placeholders(text):
    """The placeholder names of ``text``, in order, each once.

    >>> placeholders("<p>{total} {currency} due on {due_date}; {total}</p>")
    ['total', 'currency', 'due_date']
    >>> placeholders(None), placeholders("{} and {1 2} are plain text")
    ([], [])
    >>> placeholders("{beløp} { due_date }")
    ['beløp', 'due_date']
    """
    seen = []
    for match in _TOKEN.finditer(text or ""):
        if match.group(1) not in seen:
            seen.append(match.group(1))
    return seen


def validate_text(field, text, level=None):
    """Raise :class:`~.errors.ConfigError` (rule ``unknown``) naming ``field``
    and the first unknown placeholder of ``text`` (``value``, in braces).

    >>> validate_text("beginning_text", "<p>Please pay {total} by {due_date}.</p>")
    >>> try:
    ...     validate_text("ending_text", "<p>{total} {amount_due}</p>", level=2)
    ... except ConfigError as err:
    ...     print(err.field, err.value, err.rule, err.level)
    ...     print(err)
    ending_text {amount_due} unknown 2
    ending_text: unknown placeholder {amount_due} (known: document_date, due_date, \
days_overdue, open_amount, interest, fees, total, level, currency, company)
    """
    for name in placeholders(text):
        if name not in PLACEHOLDERS:
            raise ConfigError(
                field, f"{{{name}}}", "unknown",
                f"{field}: unknown placeholder {{{name}}} (known: {', '.join(PLACEHOLDERS)})",
                level=level)


def escape_html(value):
    """``value`` as HTML text, written as an HTML sanitizer writes it back
    (``&``, ``<``, ``>`` and the no-break space as entities, the rest as is),
    so that a sanitized text with values filled in is still what sanitizing
    it again gives; ``"`` too, for a placeholder in an attribute (in a text,
    the sanitizer writes it back as a plain quote: the same HTML).

    >>> escape_html('Smith & "Sons" <b>' + chr(160) + '1')
    'Smith &amp; &quot;Sons&quot; &lt;b&gt;&nbsp;1'
    >>> escape_html("O'Brien")
    "O'Brien"
    """
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("\xa0", "&nbsp;"))


def render(text, values, escape=True):
    """``text`` with each known placeholder replaced by its value in
    ``values`` (strings; a missing one renders empty). With ``escape`` (the
    texts are HTML) the values are escaped (:func:`escape_html`). Anything
    else stays as written.

    >>> render("<p>Total {total} {currency}, level {level}: {unknown}</p>",
    ...        {"total": "1,250.00", "currency": "EUR", "level": "2"})
    '<p>Total 1,250.00 EUR, level 2: {unknown}</p>'
    >>> render("{company}", {"company": "Smith & Sons"})
    'Smith &amp; Sons'
    >>> render("{ company }", {"company": "Smith & Sons"}, escape=False)
    'Smith & Sons'
    >>> render(False, {}), render("", {})
    ('', '')
    """
    def replace(match):
        name = match.group(1)
        if name not in PLACEHOLDERS:
            return match.group(0)
        value = str(values.get(name, ""))
        return escape_html(value) if escape else value

    return _TOKEN.sub(replace, text or "")
