# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

MODULE = "account_collections_automation"


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    """The French and Norwegian translations reach the users: menus, selection
    labels, field strings, views, mail templates and the messages of _()."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for lang in ("fr_FR", "nb_NO"):
            cls.env["res.lang"]._activate_lang(lang)
        cls.env["ir.module.module"]._load_module_terms([MODULE], ["fr_FR", "nb_NO"], overwrite=True)
        companies = cls.env.company
        cls.manager = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Translations Manager", "login": "coll_i18n_manager",
            "email": "i18n_manager@example.com", "lang": "fr_FR",
            "company_id": cls.env.company.id, "company_ids": [Command.set(companies.ids)],
            "groups_id": [Command.set([
                cls.env.ref("base.group_user").id,
                cls.env.ref(f"{MODULE}.group_collections_manager").id,
            ])],
        })

    def test_collections_menu(self):
        menu = self.env.ref(f"{MODULE}.collections_root_menu")
        self.assertEqual(menu.with_context(lang="fr_FR").name, "Recouvrements")
        self.assertEqual(menu.with_context(lang="nb_NO").name, "Innkreving")
        self.assertEqual(menu.with_context(lang="en_US").name, "Collections")

    def test_selection_label_and_field_string(self):
        Step = self.env["collection.process.step"].with_user(self.manager)
        description = Step.with_context(lang="fr_FR").fields_get(["action_type"])["action_type"]
        self.assertEqual(dict(description["selection"])["letter"], "Lettre de recouvrement")
        self.assertEqual(description["string"], "Type d'action")
        description = Step.with_context(lang="nb_NO").fields_get(["action_type"])["action_type"]
        self.assertEqual(dict(description["selection"])["letter"], "Purrebrev")
        self.assertEqual(description["string"], "Handlingstype")

        Process = self.env["collection.process"].with_user(self.manager)
        self.assertEqual(
            Process.with_context(lang="fr_FR").fields_get(["quiet_days"])["quiet_days"]["string"],
            "Jours calmes")
        self.assertEqual(
            Process.with_context(lang="nb_NO").fields_get(["quiet_days"])["quiet_days"]["string"],
            "Rolige dager")

    def test_view_strings(self):
        Process = self.env["collection.process"].with_user(self.manager)

        def form(lang):
            views = Process.with_context(lang=lang).get_views([(False, "form")])
            return views["views"]["form"]["arch"]

        self.assertIn("un aperçu de l", form("fr_FR"))
        self.assertIn("affectation de processus", form("fr_FR"))
        self.assertIn("Forhåndsvis prosesstilordning", form("nb_NO"))

    def test_mail_template_in_the_customer_language(self):
        template = self.env.ref(f"{MODULE}.mail_template_collection_reminder")
        today = fields.Date.context_today(self.env.user)
        moves = self.env["account.move"]
        for name, lang in (("Client Français", "fr_FR"), ("Norsk Kunde", "nb_NO")):
            partner = self.env["res.partner"].create({
                "name": name, "lang": lang, "is_company": True, "customer_rank": 1,
                "email": f"{lang}@example.com"})
            move = self.env["account.move"].create({
                "move_type": "out_invoice", "partner_id": partner.id,
                "invoice_date": today, "invoice_date_due": today,
                "invoice_line_ids": [Command.create(
                    {"name": "x", "quantity": 1, "price_unit": 100, "tax_ids": []})],
            })
            move.action_post()
            moves |= move
        french, norwegian = moves
        company = self.env.company.name

        values = template._generate_template(moves.ids, ["subject", "body_html"])
        self.assertEqual(values[french.id]["subject"],
                         f"{company} : la facture {french.name} est en retard")
        self.assertIn("Bonjour", values[french.id]["body_html"])
        self.assertIn("dans les meilleurs délais", values[french.id]["body_html"])
        self.assertIn("Client Français", values[french.id]["body_html"])
        self.assertEqual(values[norwegian.id]["subject"],
                         f"{company}: faktura {norwegian.name} er forfalt")
        self.assertIn("Med vennlig hilsen", values[norwegian.id]["body_html"])

    def test_error_messages_in_the_user_language(self):
        company = self.env.company.with_context(lang="fr_FR")
        with self.assertRaises(ValidationError) as caught:
            company.collection_aging_boundaries = "60, 30"
        self.assertIn("Tranches d'antériorité : '60, 30' n'est pas une liste",
                      str(caught.exception))

        Process = self.env["collection.process"].with_user(self.manager)
        with self.assertRaisesRegex(ValidationError, "Jours calmes : -2 est négatif"):
            Process.with_context(lang="fr_FR").create({"name": "Q", "rank": 950, "quiet_days": -2})
        with self.assertRaisesRegex(ValidationError, "Rolige dager: -2 er negativ"):
            Process.with_context(lang="nb_NO").create({"name": "Q", "rank": 951, "quiet_days": -2})

    def test_wordings_that_read_right(self):
        """The automation's log is not an accounting journal, and a simulation
        is not an order to process one."""
        log_menu = self.env.ref(f"{MODULE}.collection_automation_log_menu")
        simulation_menu = self.env.ref(f"{MODULE}.collection_simulation_menu")
        self.assertEqual(log_menu.with_context(lang="fr_FR").name, "Historique des exécutions")
        self.assertEqual(simulation_menu.with_context(lang="fr_FR").name,
                         "Simulation du processus")
        self.assertEqual(log_menu.with_context(lang="nb_NO").name, "Loggoppføringer")
        for lang in ("fr_FR", "nb_NO"):
            name = log_menu.with_context(lang=lang).name.lower()
            self.assertNotIn("journal", name)

    def test_demo_reminder_pdf_in_french(self):
        """A reminder to a French customer, at a level of the demo terms: its
        opening and closing texts are French, in the PDF's HTML."""
        level = self.env.ref(f"{MODULE}.demo_reminder_term_standard_level_1",
                             raise_if_not_found=False)
        if not level:
            self.skipTest("installed without demo data")
        today = fields.Date.context_today(self.env.user)
        company = self.env.company
        customer = self.env["res.partner"].create({
            "name": "Client Rappel", "lang": "fr_FR", "is_company": True, "customer_rank": 1,
            "email": "rappel@example.com"})
        customer.with_company(company).collection_reminder_term_id = level.term_id
        move = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": customer.id,
            "invoice_date": today - timedelta(days=60),
            "invoice_date_due": today - timedelta(days=30),
            "invoice_line_ids": [Command.create(
                {"name": "x", "quantity": 1, "price_unit": 100, "tax_ids": []})],
        })
        move.action_post()
        reminder = self.env["collection.reminder"].create_reminders(
            customer, date=today, terms=level.term_id)
        self.assertEqual(reminder.level_id, level)
        html = self.env["ir.actions.report"]._render_qweb_html(
            f"{MODULE}.action_report_collection_reminder", reminder.ids)[0]
        html = html.decode() if isinstance(html, bytes) else html
        self.assertIn("les factures suivantes sont échues", html)
        self.assertIn("Si vous avez déjà payé", html)
        self.assertNotIn("We would like to remind you", html)
        self.assertNotIn("If you have already paid", html)
