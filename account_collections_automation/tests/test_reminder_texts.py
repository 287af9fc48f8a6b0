# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Reminder texts per level and language with named placeholders, filled when
the reminder is created and refreshed by "Update Texts"; e-mail body and
attachment texts per language on the terms, overridden per level. In French
and Norwegian, as a Collections Agent and a Collections Manager, in two
companies."""

from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .test_reminders import REPORT, TODAY, ReminderCommon

MODULE = "account_collections_automation"
NBSP = "\xa0"
TEXT_FIELDS = ("beginning_text", "ending_text", "email_body_text", "attachment_text")

BEGINNING = {
    "en_US": "<p>Reminder of {document_date}: {open_amount} {currency}, {days_overdue} days "
             "overdue.</p>",
    "fr_FR": "<p>Relance du {document_date} : {open_amount} {currency}, en retard de "
             "{days_overdue} jours.</p>",
    "nb_NO": "<p>Purring av {document_date}: {open_amount} {currency}, {days_overdue} dager "
             "forfalt.</p>",
}
ENDING = {
    "en_US": "<p>Pay {total} by {due_date} (fees {fees}, interest {interest}, level {level}). "
             "{company}</p>",
    "fr_FR": "<p>Payez {total} avant le {due_date} (frais {fees}, intérêts {interest}, "
             "niveau {level}). {company}</p>",
    "nb_NO": "<p>Betal {total} innen {due_date} (gebyr {fees}, renter {interest}, "
             "nivå {level}). {company}</p>",
}
EMAIL = {
    "en_US": "<p>Please pay {total} {currency}.</p>",
    "fr_FR": "<p>Merci de payer {total} {currency}.</p>",
    "nb_NO": "<p>Vennligst betal {total} {currency}.</p>",
}
ATTACHMENT = {
    "en_US": "<p>Our reminder of {document_date} is attached.</p>",
    "fr_FR": "<p>Vous trouverez ci-joint notre relance du {document_date}.</p>",
    "nb_NO": "<p>Vedlagt er vår purring av {document_date}.</p>",
}


def _plain(html):
    return str(html or "").replace("&nbsp;", NBSP)


def _term(html):
    """The translatable term of a one-paragraph text: its content."""
    return html.removeprefix("<p>").removesuffix("</p>")


def _translate(record, texts):
    """Translate ``record``'s html fields as the translation dialog does:
    ``texts`` maps each field to its text per language, English the source
    (writing a term-translated html field in another language would replace
    its terms in every language)."""
    for name, by_lang in texts.items():
        record.update_field_translations(name, {
            lang: {_term(by_lang["en_US"]): _term(text)}
            for lang, text in by_lang.items() if lang != "en_US"})


@tagged("post_install", "-at_install")
class TestReminderTexts(ReminderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("fr_FR", "nb_NO"):
            cls.env["res.lang"].sudo()._activate_lang(code)
        cls.env["ir.module.module"]._load_module_terms([MODULE], ["fr_FR", "nb_NO"],
                                                       overwrite=True)
        cls.agent = cls.env["res.users"].sudo().create({
            "name": "Texts Agent", "login": "texts_agent", "email": "texts.agent@example.com",
            "company_id": cls.company_a.id,
            "company_ids": [Command.set((cls.company_a | cls.company_b).ids)],
            "groups_id": [Command.set([cls.env.ref(f"{MODULE}.group_collections_agent").id])],
        })

    def _texts_term(self, company):
        env = self.env(context=dict(self.env.context, allowed_company_ids=company.ids))
        term = env["collection.reminder.term"].create({
            "name": f"Texts {company.name}",
            "company_id": company.id,
            "email_body_text": EMAIL["en_US"],
            "attachment_text": ATTACHMENT["en_US"],
            "level_ids": [Command.create({
                "level": 1, "grace_period": "0D", "due_date_formula": "14D",
                "additional_fee": 5.0,
                "beginning_text": BEGINNING["en_US"], "ending_text": ENDING["en_US"],
            })],
        })
        _translate(term, {"email_body_text": EMAIL, "attachment_text": ATTACHMENT})
        _translate(term.level_ids, {"beginning_text": BEGINNING, "ending_text": ENDING})
        for lang in ("fr_FR", "nb_NO"):
            self.assertEqual(term.with_context(lang=lang).level_ids.beginning_text,
                             BEGINNING[lang])
        return term

    def _reminder(self, user, company, lang, amount=1234.5):
        term = self._texts_term(company)
        customer = self._customer(f"{lang} customer {user.login} {company.id}", term,
                                  company=company)
        customer.lang = lang
        self._invoice(customer, TODAY - timedelta(days=20), amount, company=company)
        env = self.env(user=user, context=dict(self.env.context, allowed_company_ids=company.ids))
        reminder = env["collection.reminder"].create_reminders(
            customer.with_env(env), date=TODAY)
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.create_uid, user)
        # The manager's view of it, in its company (the agent's calls say with_user).
        return reminder.with_env(self.env(context=dict(
            self.env.context, allowed_company_ids=company.ids)))

    def test_texts_in_french_and_norwegian(self):
        """Filled in the customer's language when created: dates, amounts and
        numbers in its format; the e-mail and attachment texts the terms'."""
        cases = (
            ("fr_FR", "10/03/2025", "24/03/2025",
             f"Relance du 10/03/2025 : 1{NBSP}234,50 {{cur}}, en retard de 20 jours.",
             f"Payez 1{NBSP}239,50 avant le 24/03/2025 (frais 5,00, intérêts 0,00, niveau 1). ",
             f"Merci de payer 1{NBSP}239,50 {{cur}}.",
             "Vous trouverez ci-joint notre relance du 10/03/2025."),
            ("nb_NO", "10.03.2025", "24.03.2025",
             f"Purring av 10.03.2025: 1{NBSP}234,50 {{cur}}, 20 dager forfalt.",
             f"Betal 1{NBSP}239,50 innen 24.03.2025 (gebyr 5,00, renter 0,00, nivå 1). ",
             f"Vennligst betal 1{NBSP}239,50 {{cur}}.",
             "Vedlagt er vår purring av 10.03.2025."),
        )
        for user in (self.agent, self.manager):
            for company in (self.company_a, self.company_b):
                for lang, _date, _due, beginning, ending, email, attachment in cases:
                    with self.subTest(user=user.login, company=company.name, lang=lang):
                        reminder = self._reminder(user, company, lang)
                        cur = reminder.currency_id.name
                        self.assertIn(beginning.format(cur=cur), _plain(reminder.beginning_text))
                        self.assertIn(ending + company.name, _plain(reminder.ending_text))
                        self.assertIn(email.format(cur=cur), _plain(reminder.email_body_text))
                        self.assertIn(attachment, _plain(reminder.attachment_text))
                        # The fee line, printed on the reminder, in its language too.
                        self.assertEqual(
                            reminder.line_ids.filtered(lambda line: line.line_type == "fee")
                            .name, {"fr_FR": "Frais supplémentaires", "nb_NO": "Purregebyr"}[lang])
                        # Inserted in SQL, the texts are what the ORM stores
                        # (filled again through the field, sanitized).
                        inserted = {name: str(reminder[name]) for name in TEXT_FIELDS}
                        reminder.action_update_texts()
                        self.assertEqual(
                            {name: str(reminder[name]) for name in TEXT_FIELDS}, inserted)

    def test_level_overrides_the_terms_email_texts(self):
        reminder = self._reminder(self.manager, self.company_a, "fr_FR")
        level = reminder.level_id
        level.with_context(lang="fr_FR").attachment_text = "<p>Relance niveau {level} jointe.</p>"
        reminder.action_update_texts()
        self.assertIn("Relance niveau 1 jointe.", _plain(reminder.attachment_text))
        # The e-mail body still the terms' (no override at the level).
        self.assertIn("Merci de payer", _plain(reminder.email_body_text))

    def test_update_texts_refreshes_and_only_drafts(self):
        """Update Texts fills the texts again: the level's new wording and the
        reminder's current amounts; an agent clicks it; issued: refused."""
        reminder = self._reminder(self.agent, self.company_a, "nb_NO")
        reminder.level_id.with_context(lang="nb_NO").beginning_text = (
            "<p>Ny tekst: {open_amount} {currency} per {document_date}.</p>")
        self.assertIn("Purring av", _plain(reminder.beginning_text), "not before the click")
        fee_line = reminder.line_ids.filtered(lambda line: line.line_type == "fee")
        fee_line.amount = 7.0
        reminder.with_user(self.agent).action_update_texts()
        self.assertIn(f"Ny tekst: 1{NBSP}234,50 {reminder.currency_id.name} per 10.03.2025.",
                      _plain(reminder.beginning_text))
        self.assertIn("gebyr 7,00", _plain(reminder.ending_text))
        reminder.action_issue(TODAY)
        with self.refused(UserError, "Only the texts of draft reminders"):
            reminder.with_user(self.agent).action_update_texts()

    def test_report_and_email_show_the_texts(self):
        reminder = self._reminder(self.manager, self.company_a, "fr_FR")
        html = self.env["ir.actions.report"]._render_qweb_html(REPORT, reminder.ids)[0]
        html = _plain(html.decode())
        self.assertIn("Relance du 10/03/2025", html)
        self.assertIn("Payez 1", html)
        # The template's French translation (i18n/fr.po) may predate the texts'
        # blocks: its English structure here, the texts being French anyway.
        reminder.level_id.mail_template_id.sudo().update_field_translations(
            "body_html", {"fr_FR": False})
        reminder.action_issue(TODAY)
        reminder.action_send(max_send_count=1)
        mail = self.env["mail.mail"].sudo().search(
            [("model", "=", "collection.reminder"), ("res_id", "=", reminder.id)])
        self.assertEqual(len(mail), 1)
        body = _plain(mail.body_html)
        self.assertIn("Merci de payer 1", body)
        self.assertIn("Vous trouverez ci-joint notre relance du 10/03/2025.", body)

    def test_unknown_placeholder_refused_naming_field_and_value(self):
        term = self._texts_term(self.company_a)
        level = term.level_ids
        with self.refused(ValidationError, r"Beginning Text of level 1: \{montant\} is not a "):
            level.beginning_text = "<p>Total {montant}</p>"
        with self.refused(ValidationError, r"\{montant\}"):
            level.with_context(lang="fr_FR").beginning_text = "<p>Total {montant}</p>"
        with self.refused(ValidationError, r"E-mail Body Text: \{amount_due\} is not a "):
            term.email_body_text = "<p>{amount_due}</p>"
        # Nor through the translation dialog.
        with self.refused(ValidationError, r"Ending Text of level 1: \{beløp\} is not a "):
            level.update_field_translations("ending_text", {
                "nb_NO": {_term(ENDING["en_US"]): "Betal {beløp}"}})
        self.assertEqual(level.with_context(lang="nb_NO").ending_text, ENDING["nb_NO"])
        level.invalidate_recordset()
        self.assertIn("Relance du", level.with_context(lang="fr_FR").beginning_text)
        # Agents read the texts, the managers set them.
        with self.assertRaises(AccessError):
            level.with_user(self.agent).ending_text = "<p>{total}</p>"
