# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Numbers and dates written in one language, as Odoo's ``formatLang`` and
``format_date`` write them, for code that writes thousands of them at once
(reasons of a run, texts of a batch of reminders).

``formatLang`` looks the language up (an ormcache call through
``decorator``) and parses its grouping for every number; with a few
placeholders per reminder that was most of ``create_reminders``' time. Here
the language is read once; each date is formatted once.
"""

import ast

from odoo.tools.float_utils import float_round
from odoo.tools.misc import format_date, get_lang

from odoo.addons.base.models.res_lang import intersperse


class LanguageFormats:
    """The formats of one language (``lang``, else ``env``'s): call
    :meth:`amount`, :meth:`integer` and :meth:`date` as many times as needed.

    ``amount(value, digits)`` is ``formatLang(env, value, digits=digits)``
    and ``date(value)`` is ``format_date(env, value, lang_code=lang)``,
    character for character (``test_formats`` compares them in several
    languages)."""

    def __init__(self, env, lang=None):
        data = get_lang(env, lang)
        self.env = env
        self.lang = data.code
        self.grouping = ast.literal_eval(data.grouping)
        self.thousands_sep = data.thousands_sep or ""
        self.decimal_point = data.decimal_point
        self._dates = {}

    def integer(self, value):
        """A whole number with the language's thousands separator."""
        return intersperse(str(int(value)), self.grouping, self.thousands_sep)[0]

    def amount(self, value, digits=2):
        """``value`` rounded half-even to ``digits`` decimals, grouped."""
        rounded = float_round(float(value or 0.0), precision_digits=digits,
                              rounding_method="HALF-EVEN")
        whole, point, decimals = (f"%.{digits}f" % rounded).partition(".")
        whole = intersperse(whole, self.grouping, self.thousands_sep)[0]
        return f"{whole}{self.decimal_point}{decimals}" if point else whole

    def date(self, value):
        """The date in the language's format ('' for none)."""
        if not value:
            return ""
        text = self._dates.get(value)
        if text is None:
            text = self._dates[value] = format_date(self.env, value, lang_code=self.lang)
        return text
