# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The finance charge memo's buttons clicked in Chromium
(static/tests/tours/collections_finance_charge_memo_tour.js): a Collections
Agent on a draft memo's form (Update Texts, Issue, Send by E-mail, Cancel), a
Collections Manager on the memo list (Issue and Cancel two at once); what each
click wrote is checked here afterwards."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

MODULE = "account_collections_automation"


@tagged("post_install", "-at_install")
class TestFinanceChargeMemoTours(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The tours read some English texts; the database may default to
        # French or Norwegian.
        cls.env["res.lang"]._activate_lang("en_US")
        company = cls.env.company
        cls.interest_income = cls.env["account.account"].create({
            "name": "Tour finance charge income", "code": "799190",
            "account_type": "income_other"})
        company.write({
            "collection_finance_charge_account_id": cls.interest_income.id,
            "collection_reminder_journal_id": cls.env["account.journal"].search([
                *cls.env["account.journal"]._check_company_domain(company),
                ("type", "=", "general")], limit=1).id,
        })
        cls.users = {}
        for role in ("agent", "manager"):
            cls.users[role] = cls.env["res.users"].with_context(no_reset_password=True).create({
                "name": f"Memo Tour {role.title()}", "login": f"memo_tour_{role}",
                "password": f"memo_tour_{role}", "email": f"memo_tour_{role}@example.com",
                "lang": "en_US",
                # The memos are dated on the admin's day: the users' is the same.
                "tz": cls.env.user.tz,
                "groups_id": [Command.set([cls.env.ref("base.group_user").id,
                                           cls.env.ref(f"{MODULE}.group_collections_{role}").id])],
            })
        cls.today = fields.Date.context_today(cls.users["agent"])
        # 36% a year on 360 days: 0.1% a day, 14 days to pay.
        cls.term = cls.env["collection.finance.charge.term"].create({
            "name": "Tour finance charges", "interest_rate": 36.0,
            "interest_period_days": 360, "interest_method": "balance_due",
            "due_date_formula": "14D",
            "beginning_text": "<p>Interest of {interest} {currency}</p>",
        })

    @classmethod
    def _memo(cls, name, amount=1000.0, days_late=30):
        """A draft memo for a customer ``days_late`` days late on ``amount``."""
        customer = cls.env["res.partner"].create({
            "name": name, "is_company": True, "customer_rank": 1, "lang": "en_US",
            "email": f"{name.lower().replace(' ', '.')}@example.com",
            "collection_finance_charge_term_id": cls.term.id,
        })
        due = cls.today - timedelta(days=days_late)
        invoice = cls.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": customer.id,
            "invoice_date": due, "invoice_date_due": due,
            "invoice_line_ids": [Command.create(
                {"name": "x", "quantity": 1, "price_unit": amount, "tax_ids": []})],
        })
        invoice.action_post()
        memos, skips = cls.env["collection.finance.charge.memo"]._create_memos(
            customer, date=cls.today)
        assert not skips and len(memos) == 1, (memos, skips)
        return memos

    def test_agent_updates_issues_sends_and_cancels_a_memo(self):
        memo = self._memo("Tour Memo Customer")
        self.assertEqual(memo.interest_amount, 30.0)  # 1,000.00 x 30 days x 0.1%
        self.term.beginning_text = "<p>Updated by the tour: {interest} {currency}</p>"
        self.start_tour(
            f"/odoo/action-{MODULE}.collection_finance_charge_memo_action/{memo.id}",
            "collections_finance_charge_memo_form_tour", login="memo_tour_agent", timeout=300)
        memo.invalidate_recordset()
        # Update Texts: the terms' new text, rendered with the memo's figures.
        self.assertIn("Updated by the tour: 30.00", str(memo.beginning_text))
        # Issue: numbered, its interest posted on the customer's receivable.
        self.assertNotEqual(memo.name, "/")
        self.assertEqual(memo.issued_date, self.today)
        self.assertEqual(memo.move_id.state, "posted")
        receivable = memo.move_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable")
        self.assertEqual((receivable.partner_id, receivable.balance), (memo.partner_id, 30.0))
        income = memo.move_id.line_ids - receivable
        self.assertEqual((income.account_id, income.balance), (self.interest_income, -30.0))
        # Send by E-mail: the composer's message, to the customer, with the PDF.
        sent = memo.message_ids.filtered(
            lambda message: message.message_type == "comment"
            and memo.partner_id in message.partner_ids)
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent.create_uid, self.users["agent"], "sent by the agent's click")
        self.assertIn(memo.name, sent.subject)
        # The memo's report attached, named by its number (in test mode Odoo
        # renders reports as HTML: test_finance_charges checks the PDF).
        self.assertEqual(len(sent.attachment_ids), 1)
        self.assertIn(f"Finance Charge Memo {memo.name.replace('/', '_')}",
                      sent.attachment_ids.name)
        # Cancel (confirmed): the interest entry reversed, the chatter says so.
        self.assertEqual(memo.state, "cancel")
        self.assertEqual(memo.reversal_move_id.state, "posted")
        self.assertEqual(memo.reversal_move_id.reversed_entry_id, memo.move_id)
        self.assertTrue(receivable.reconciled, "the reversal settles the receivable")
        self.assertTrue(memo.message_ids.filtered(
            lambda message: "is reversed by" in (message.body or "")))

    def test_manager_issues_and_cancels_two_memos_from_the_list(self):
        memos = self._memo("Tour Memo List A", 1000.0) | self._memo("Tour Memo List B", 2000.0)
        self.start_tour(
            f"/odoo/action-{MODULE}.collection_finance_charge_memo_action",
            "collections_finance_charge_memo_list_tour", login="memo_tour_manager", timeout=300)
        memos.invalidate_recordset()
        self.assertEqual(memos.mapped("state"), ["cancel", "cancel"])
        self.assertTrue(all(memo.name != "/" for memo in memos), "both were issued")
        self.assertEqual(sorted(memos.move_id.mapped("amount_total")), [30.0, 60.0])
        self.assertEqual(memos.reversal_move_id.mapped("state"), ["posted", "posted"])
        receivables = memos.move_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable")
        self.assertEqual(receivables.mapped("reconciled"), [True, True])
