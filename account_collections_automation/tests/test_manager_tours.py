# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Three buttons clicked in Chromium by a Collections Manager
(static/tests/tours/collections_manager_tour.js): the customer's "Revoke
collections page link", the customer list's "Send statements" and the
automation errors' "Dismiss"; what each wrote is checked here afterwards."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

MANAGER = "account_collections_automation.group_collections_manager"


@tagged("post_install", "-at_install")
class TestManagerTours(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The tours read some English texts; the database may default to
        # French or Norwegian.
        cls.env["res.lang"]._activate_lang("en_US")
        cls.manager = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Manager Tour User", "login": "manager_tour_user",
            "password": "manager_tour_user", "email": "manager_tour_user@example.com",
            # The web client sends the user's time zone: the wizard's default
            # period and the test's agree at any hour.
            "lang": "en_US", "tz": "Europe/Oslo",
            "groups_id": [Command.set([cls.env.ref("base.group_user").id,
                                       cls.env.ref("base.group_partner_manager").id,
                                       cls.env.ref(MANAGER).id])],
        })
        cls.today = fields.Date.context_today(cls.manager)

    @classmethod
    def _customer(cls, name, **values):
        return cls.env["res.partner"].create({
            "name": name, "is_company": True, "customer_rank": 1, "lang": "en_US",
            "email": f"{name.lower().replace(' ', '.')}@example.com", **values})

    @classmethod
    def _invoice(cls, partner, invoice_date, amount):
        move = cls.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": partner.id,
            "invoice_date": invoice_date, "invoice_date_due": invoice_date + timedelta(days=10),
            "invoice_line_ids": [Command.create(
                {"name": "x", "quantity": 1, "price_unit": amount, "tax_ids": []})],
        })
        move.action_post()
        return move

    def test_revoke_collections_page_link(self):
        customer = self._customer("Manager Tour Customer")
        url = customer._collection_portal_url()
        access = self.env["collection.portal.access"].sudo().search([
            ("partner_id", "=", customer.id), ("company_id", "=", self.env.company.id)])
        old_token = access.access_token
        self.assertIn(old_token, url)
        self.assertEqual(self.url_open(url).status_code, 200)
        self.start_tour(
            f"/odoo/action-account.res_partner_action_customer/{customer.id}",
            "collections_manager_revoke_tour", login="manager_tour_user", timeout=300)
        access.invalidate_recordset()
        self.assertNotEqual(access.access_token, old_token)
        self.assertEqual(access.revoked_count, 1)
        self.assertTrue(access.revoked_date)
        self.assertEqual(self.url_open(url).status_code, 403, "the link sent so far is dead")
        self.assertEqual(self.url_open(customer._collection_portal_url()).status_code, 200)
        note = customer.message_ids.filtered(
            lambda message: "Collections page link revoked" in (message.body or ""))
        self.assertEqual(note.author_id, self.manager.partner_id)

    def test_send_statements_from_the_customer_list(self):
        # The wizard proposes the previous month: one invoice in it for each.
        last = self.today.replace(day=1) - timedelta(days=1)
        customers = self._customer("Aaa Manager Statement A") | self._customer(
            "Aaa Manager Statement B")
        for customer, amount in zip(customers, (321, 654), strict=True):
            self._invoice(customer, last.replace(day=10), amount)
        self.start_tour(
            "/odoo/action-account.res_partner_action_customer?view_type=list",
            "collections_manager_statement_tour", login="manager_tour_user", timeout=300)
        statements = self.env["collection.statement"].search(
            [("partner_id", "in", customers.ids)])
        self.assertEqual(statements.partner_id, customers)
        for statement, amount in zip(statements.sorted(lambda s: s.partner_id.name),
                                     ("321.00", "654.00"), strict=True):
            self.assertEqual(
                (statement.mode, statement.send_method, statement.state, statement.user_id),
                ("period", "email", "done", self.manager), statement.error)
            self.assertEqual((statement.date_from, statement.date_to),
                             (last.replace(day=1), last))
            self.assertIn(amount, statement.closing_summary)
            self.assertTrue(statement.attachment_id.raw)
            self.assertIn(statement.partner_id.name, statement.attachment_id.name)
            self.assertEqual((statement.attachment_id.res_model, statement.attachment_id.res_id),
                             ("res.partner", statement.partner_id.id))
            self.assertIn(statement.partner_id, statement.mail_id.recipient_ids)
            self.assertEqual(statement.mail_id.attachment_ids, statement.attachment_id)
            self.assertEqual(statement.mail_message_id.author_id, self.manager.partner_id)

    def test_dismiss_automation_error(self):
        term = self.env["collection.reminder.term"].create({
            "name": "Manager Errors Tour Terms",
            "level_ids": [Command.create({
                "level": 1, "grace_period": "0D", "due_date_formula": "10D",
                "additional_fee": 5.0})],
        })
        customers = self.env["res.partner"]
        for index in range(2):
            customers |= self._customer(f"Manager Errors Customer {index}",
                                        collection_reminder_term_id=term.id)
            self._invoice(customers[-1], self.today - timedelta(days=40), 100)
        # No reminder journal: issuing the fee of each reminder fails.
        self.env.company.collection_reminder_journal_id = False
        automation = self.env["collection.automation"].create({
            "name": "Manager Errors Tour", "term_ids": [Command.set(term.ids)],
            "action_ids": [Command.create({"sequence": 1, "action_type": "create"}),
                           Command.create({"sequence": 2, "action_type": "issue"})],
        })
        automation.run()
        self.assertEqual(automation.open_error_count, 2)
        self.start_tour(
            "/odoo/action-account_collections_automation.collection_automation_error_action",
            "collections_manager_errors_tour", login="manager_tour_user", timeout=300)
        automation.invalidate_recordset()
        self.assertEqual(automation.open_error_count, 1)
        dismissed = automation.error_ids.filtered("dismissed")
        self.assertEqual(len(dismissed), 1)
        self.assertEqual(dismissed.dismissed_uid, self.manager)
        self.assertTrue(dismissed.dismissed_date)
