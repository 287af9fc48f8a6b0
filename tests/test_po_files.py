# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The translation files, without Odoo: complete, and placeholders intact.

An entry whose msgstr loses or renames a %(name)s or %s placeholder raises a
KeyError or TypeError when the message is formatted in that language; a
mail template or report term whose markup differs breaks the rendering.
"""

import pathlib
import re

import pytest

polib = pytest.importorskip("polib")

ROOT = pathlib.Path(__file__).resolve().parent.parent
# Each addon's translations, with the least number of terms its template has.
ADDONS = {"account_collections_automation": 500, "account_collections_automation_queue_job": 5}
LANGUAGES = {"fr": "nplurals=2; plural=(n > 1);", "nb": "nplurals=2; plural=(n != 1);"}
PLACEHOLDER = re.compile(r"%(?:\([A-Za-z_]+\))?[sdrf]")
MARKUP = (re.compile(r"\{\{.*?\}\}", re.S), re.compile(r"t-out=\"[^\"]*\""))


def _template(addon):
    return polib.pofile(str(ROOT / addon / "i18n" / f"{addon}.pot"))


@pytest.fixture(scope="module", params=sorted(ADDONS))
def addon(request):
    return request.param


@pytest.fixture(scope="module", params=sorted(LANGUAGES))
def po(request, addon):
    return request.param, polib.pofile(str(ROOT / addon / "i18n" / f"{request.param}.po"))


def test_template_is_not_empty(addon):
    assert len([entry for entry in _template(addon) if entry.msgid]) > ADDONS[addon]


def test_headers(po):
    lang, catalog = po
    assert catalog.metadata["Language"] == lang
    assert catalog.metadata["Plural-Forms"] == LANGUAGES[lang]
    assert catalog.metadata["Content-Type"] == "text/plain; charset=UTF-8"


def test_every_template_term_is_translated(po, addon):
    lang, catalog = po
    translated = {entry.msgid: entry.msgstr for entry in catalog if not entry.obsolete}
    missing = [entry.msgid for entry in _template(addon)
               if entry.msgid not in translated]
    empty = [msgid for msgid, msgstr in translated.items() if msgid and not msgstr.strip()]
    fuzzy = [entry.msgid for entry in catalog if "fuzzy" in entry.flags]
    assert (missing, empty, fuzzy) == ([], [], [])


def test_placeholders_and_markup_are_kept(po):
    lang, catalog = po
    wrong = []
    for entry in catalog:
        if not entry.msgid:
            continue
        for pattern in (PLACEHOLDER, *MARKUP):
            if sorted(pattern.findall(entry.msgid)) != sorted(pattern.findall(entry.msgstr)):
                wrong.append((pattern.pattern, entry.msgid, entry.msgstr))
    assert wrong == []
