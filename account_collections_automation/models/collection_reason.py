# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The engine's reasons (``engine.reasons.Reason``) in the reader's language:
the message translated with ``_()`` (the message ids are marked in the
engine), dates and numbers formatted in the language of ``env``."""

from datetime import date
from decimal import Decimal

from odoo.tools.misc import format_date, formatLang

from ..engine.reasons import Reason, from_json


def render_reason(env, reason):
    """``reason`` (a ``Reason``, its JSON form, or a plain text) as text in
    ``env``'s language."""
    if not reason:
        return ""
    if isinstance(reason, dict):
        reason = from_json(reason)
    if not isinstance(reason, Reason):
        return str(reason)

    def fmt(value):
        if isinstance(value, date):
            return format_date(env, value)
        if isinstance(value, float | Decimal):
            return formatLang(env, float(value), digits=1)
        return value

    return reason.render(lambda message: env._(message), fmt)
