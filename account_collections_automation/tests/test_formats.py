# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import date

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import format_date, formatLang

from ..models.collection_formats import LanguageFormats


@tagged("post_install", "-at_install")
class TestLanguageFormats(TransactionCase):
    """The batch formatter writes what Odoo's formatLang and format_date
    write, character for character, in each language (it replaces them where
    thousands of numbers are written at once)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("fr_FR", "nb_NO", "de_CH"):
            cls.env["res.lang"]._activate_lang(code)

    def test_same_text_as_odoo(self):
        amounts = [0, 0.005, 0.015, 1, -1, 999.995, 1234.5, -1234567.891, 2.675,
                   1e9 + 0.125, 12345678901.23]
        dates = [date(2026, 1, 5), date(2026, 12, 31), date(1999, 2, 28)]
        for lang in ("en_US", "fr_FR", "nb_NO", "de_CH"):
            env = self.env(context=dict(self.env.context, lang=lang))
            formats = LanguageFormats(self.env, lang)
            for digits in (0, 1, 2, 3):
                for value in amounts:
                    with self.subTest(lang=lang, digits=digits, value=value):
                        self.assertEqual(formats.amount(value, digits),
                                         formatLang(env, value, digits=digits))
            for value in (0, 7, 1000, 24747, -3000000):
                with self.subTest(lang=lang, integer=value):
                    self.assertEqual(formats.integer(value),
                                     formatLang(env, value, digits=0))
            for value in dates:
                with self.subTest(lang=lang, date=value):
                    self.assertEqual(formats.date(value),
                                     format_date(self.env, value, lang_code=lang))
            self.assertEqual(formats.date(False), "")
        # The thousands separators really differ: the comparison compares.
        self.assertEqual(LanguageFormats(self.env, "en_US").amount(1234.5), "1,234.50")
        self.assertNotEqual(LanguageFormats(self.env, "fr_FR").amount(1234.5), "1,234.50")

    def test_language_of_the_environment(self):
        """Without a language: the environment's, as formatLang."""
        env = self.env(context=dict(self.env.context, lang="nb_NO"))
        self.assertEqual(LanguageFormats(env).lang, "nb_NO")
        self.assertEqual(LanguageFormats(env).amount(1234.5), formatLang(env, 1234.5))
