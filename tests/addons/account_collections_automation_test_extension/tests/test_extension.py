# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Reminders created by a run respect another module's extension of the models:
a stored field with a default, and an override of create()."""

from datetime import date, timedelta

from odoo import Command
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

TODAY = date(2025, 3, 10)


@tagged("post_install", "-at_install")
class TestReminderExtension(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.env.user.sudo().groups_id |= cls.env.ref(
            "account_collections_automation.group_collections_manager")
        company = cls.company_data["company"]
        company.write({
            "collection_reminder_journal_id": cls.company_data["default_journal_misc"].id,
            "collection_fee_account_id": cls.company_data["default_account_revenue"].id,
        })
        cls.term = cls.env["collection.reminder.term"].create({
            "name": "Extension terms",
            "company_id": company.id,
            "level_ids": [
                Command.create({"level": 1, "grace_period": "5D", "due_date_formula": "10D",
                                "additional_fee": 10.0}),
            ],
        })
        cls.customers = cls.env["res.partner"].create([
            {"name": f"Extension Customer {n}", "is_company": True, "lang": "en_US"}
            for n in range(3)])
        for customer in cls.customers:
            customer.with_company(company).collection_reminder_term_id = cls.term
            invoice = cls.env["account.move"].create({
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_date": TODAY - timedelta(days=60),
                "invoice_date_due": TODAY - timedelta(days=30),
                "invoice_line_ids": [Command.create({
                    "name": "Services", "quantity": 1, "price_unit": 100.0, "tax_ids": []})],
            })
            invoice.action_post()

    def test_reminders_of_a_run_get_the_extension(self):
        Reminder = self.env["collection.reminder"]
        self.assertFalse(Reminder._bulk_insert_supported(),
                         "another module extends reminders: create() is used")
        automation = self.env["collection.automation"].create({
            "name": "Extension run",
            "action_ids": [Command.create({"action_type": "create"})],
        })
        automation.run(TODAY)
        reminders = Reminder.search([("automation_id", "=", automation.id)])
        self.assertEqual(reminders.partner_id, self.customers)
        self.assertEqual(set(reminders.mapped("test_extension_tag")),
                         {"set by the extension's default"})
        self.assertEqual(set(reminders.mapped("test_extension_created_by")),
                         {"the extension's create()"})
        self.assertEqual(len(reminders.line_ids), 6, "an invoice line and a fee line each")
        self.assertEqual(set(reminders.line_ids.mapped("test_extension_tag")),
                         {"set by the extension's default"})
        # What the addon computes is there too, and no chatter for drafts.
        self.assertEqual(reminders.mapped("total_due"), [110.0] * 3)
        self.assertEqual(set(reminders.mapped("state")), {"draft"})
        self.assertFalse(self.env["mail.message"].search_count(
            [("model", "=", "collection.reminder"), ("res_id", "in", reminders.ids)]))
        # Running again on the same day creates nothing new.
        automation.run(TODAY)
        self.assertEqual(Reminder.search([("automation_id", "=", automation.id)]), reminders)
