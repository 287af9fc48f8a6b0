# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The signed link to the customer's collections page in every collections
e-mail (reminder levels, process e-mails), the reminder and the letter."""

from datetime import timedelta

from odoo.tests import tagged

from .test_reminders import TODAY, ReminderCommon

LETTER = "account_collections_automation.action_report_collection_letter"
REMINDER = "account_collections_automation.action_report_collection_reminder"


@tagged("post_install", "-at_install")
class TestPortalLinks(ReminderCommon):
    def _link(self):
        access = self.env["collection.portal.access"].sudo().search([
            ("partner_id", "=", self.customer.id), ("company_id", "=", self.company_a.id)])
        self.assertEqual(len(access), 1)
        return f"/my/collections/{self.customer.id}?access_token={access.access_token}"

    def _html(self, report, records, **context):
        html = self.env["ir.actions.report"].with_context(**context)._render_qweb_html(
            report, records.ids)[0]
        return html.decode() if isinstance(html, bytes) else html

    def test_every_document_carries_the_link(self):
        invoice = self._invoice(self.customer, TODAY - timedelta(days=20), 100)
        reminder = self.Reminder.create_reminders(self.customer, date=TODAY)
        html = self._html(REMINDER, reminder)  # makes the customer's link on first use
        self.assertIn(self._link(), html)
        for level in range(1, 4):
            template = self.env.ref(
                f"account_collections_automation.mail_template_reminder_level_{level}")
            body = template._render_field("body_html", reminder.ids)[reminder.id]
            self.assertIn(self._link(), body)
        for xmlid in ("mail_template_collection_reminder", "mail_template_collection_pre_reminder"):
            template = self.env.ref(f"account_collections_automation.{xmlid}")
            body = template._render_field("body_html", invoice.ids)[invoice.id]
            self.assertIn(self._link(), body)
        self.assertIn(self._link(), self._html(
            LETTER, self.customer, collection_company_id=self.company_a.id))
        # Revoked: the next documents carry the new link, not the old one.
        old = self._link()
        self.customer.action_collection_portal_revoke()
        self.assertNotEqual(self._link(), old)
        self.assertIn(self._link(), self._html(REMINDER, reminder))
        self.assertNotIn(old, self._html(REMINDER, reminder))
