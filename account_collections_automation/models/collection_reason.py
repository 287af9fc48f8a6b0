# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The engine's reasons (``engine.reasons.Reason``) in the reader's language:
the message translated with ``_()`` (the message ids are marked in the
engine), dates and numbers formatted in the language of ``env``."""

from datetime import date
from decimal import Decimal

from ..engine.reasons import Reason, from_json
from .collection_formats import LanguageFormats


def reason_renderer(env):
    """A function rendering reasons (a ``Reason``, its JSON form, or a plain
    text) as text in ``env``'s language. Made once for many reasons: it
    translates each message and formats each date or number once (a run's
    reasons repeat the same few messages and dates; looking the language up
    for each of them was most of a simulation's rendering time)."""
    translations = {}
    formatted = {}
    # Reasons are values (named tuples): equal reasons read the same. (Each
    # placeholder of a message gets one type from the engine: 1 and 1.0, equal
    # as keys, never meet in one message.)
    rendered = {}
    formats = []  # the language's LanguageFormats, made when a value needs it

    def language():
        if not formats:
            formats.append(LanguageFormats(env))
        return formats[0]

    def translate(message):
        text = translations.get(message)
        if text is None:
            text = translations[message] = env._(message)
        return text

    def fmt(value):
        if isinstance(value, date):
            key = ("date", value)
            text = formatted.get(key)
            if text is None:
                text = formatted[key] = language().date(value)
            return text
        if isinstance(value, float | Decimal):
            key = ("number", value)
            text = formatted.get(key)
            if text is None:
                text = formatted[key] = language().amount(value, 1)
            return text
        if isinstance(value, int) and not isinstance(value, bool):
            # Whole amounts and counts, with the language's thousands separator.
            key = ("integer", value)
            text = formatted.get(key)
            if text is None:
                text = formatted[key] = language().integer(value)
            return text
        return value

    def render(reason):
        if not reason:
            return ""
        if isinstance(reason, dict):
            reason = from_json(reason)
        if not isinstance(reason, Reason):
            return str(reason)
        text = rendered.get(reason)
        if text is None:
            text = rendered[reason] = reason.render(translate, fmt)
        return text

    return render
