# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestFoundation(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Messages are checked in English; the database may default to French.
        cls.env["res.lang"]._activate_lang("en_US")
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))

    def test_groups_hierarchy(self):
        agent = self.env.ref("account_collections_automation.group_collections_agent")
        manager = self.env.ref("account_collections_automation.group_collections_manager")
        self.assertIn(agent, manager.implied_ids)
        self.assertIn(self.env.ref("account.group_account_invoice"), agent.implied_ids)
        self.assertIn(self.env.ref("base.user_admin"), manager.users)

    def test_collections_menu_visible_to_agents_only(self):
        menu = self.env.ref("account_collections_automation.collections_root_menu")
        self.assertEqual(menu.parent_id, self.env.ref("account.menu_finance"))
        plain_user = self.env["res.users"].create({
            "name": "Plain User", "login": "plain_user_collections",
            "groups_id": [(6, 0, [self.env.ref("base.group_user").id])],
        })
        visible = self.env["ir.ui.menu"].with_user(plain_user)._visible_menu_ids()
        self.assertNotIn(menu.id, visible)
        self.assertIn(menu.id, self.env["ir.ui.menu"]._visible_menu_ids())

    def test_aging_boundaries_setting_is_validated(self):
        company = self.env.company
        company.collection_aging_boundaries = "15, 45, 90"
        self.assertEqual(company._collection_aging_boundaries(), (15, 45, 90))
        with self.assertRaisesRegex(ValidationError, "Aging Buckets.*'90, 30'"):
            company.collection_aging_boundaries = "90, 30"

    def test_collections_contact_must_belong_to_the_customer(self):
        customer = self.env["res.partner"].create({"name": "Customer A", "is_company": True})
        stranger = self.env["res.partner"].create({"name": "Somebody Else"})
        with self.assertRaisesRegex(ValidationError, "Collections Contact"):
            customer.collection_contact_id = stranger

    def test_pool_domain_is_validated_and_matches_customers(self):
        fr = self.env.ref("base.fr")
        customer = self.env["res.partner"].create(
            {"name": "Pool FR Customer", "is_company": True, "customer_rank": 1,
             "country_id": fr.id})
        self.env["res.partner"].create(
            {"name": "Pool FR Contact", "parent_id": customer.id, "customer_rank": 1})
        pool = self.env["collection.pool"].create(
            {"name": "France", "partner_domain": "[('country_id.code', '=', 'FR')]"})
        partners = self.env["res.partner"].search(pool._partner_search_domain())
        self.assertIn(customer, partners)
        self.assertFalse(partners.filtered("parent_id"), "contacts are not pool members")
        self.assertEqual(pool.partner_count, len(partners))
        with self.assertRaisesRegex(ValidationError, "Customers: .*no_such_field"):
            pool.partner_domain = "[('no_such_field', '=', 1)]"
        with self.assertRaisesRegex(ValidationError, "Customers: "):
            pool.partner_domain = "[('name', '=',"


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The demo book must be rich enough to show every feature."""

    def setUp(self):
        super().setUp()
        if not self.env.ref("account_collections_automation.demo_customer_01",
                            raise_if_not_found=False):
            self.skipTest("installed without demo data")

    def test_customers_in_groups(self):
        customers = self.env["res.partner"].search(
            [("collection_credit_group_id", "!=", False), ("is_company", "=", True)])
        self.assertGreaterEqual(len(customers), 40)
        self.assertGreaterEqual(len(customers.collection_credit_group_id), 3)
        self.assertGreaterEqual(len(customers.country_id), 3)
        self.assertTrue(all(c.collection_contact_id for c in customers))

    def test_invoice_book(self):
        today = fields.Date.context_today(self.env.user)
        demo_partners = self.env["res.partner"].search(
            [("collection_credit_group_id", "!=", False)])
        invoices = self.env["account.move"].search([
            ("move_type", "=", "out_invoice"), ("state", "=", "posted"),
            ("partner_id", "in", demo_partners.ids)])
        self.assertGreaterEqual(len(invoices), 400)
        self.assertGreaterEqual(len(invoices.currency_id), 2)
        dues = invoices.mapped("invoice_date_due")
        self.assertLessEqual(min(dues), today - timedelta(days=140))
        self.assertGreaterEqual(max(dues), today + timedelta(days=50))
        partial = invoices.filtered(lambda m: m.payment_state == "partial")
        paid = invoices.filtered(lambda m: m.payment_state in ("paid", "in_payment"))
        self.assertTrue(partial, "some invoices are partly paid")
        self.assertGreater(len(paid), 50, "a payment history exists")
        late = paid.filtered(
            lambda m: max(m._get_reconciled_payments().mapped("date") or [m.invoice_date_due])
            > m.invoice_date_due)
        self.assertTrue(late, "some invoices were paid late")
        refunds = self.env["account.move"].search_count([
            ("move_type", "=", "out_refund"), ("state", "=", "posted"),
            ("partner_id", "in", demo_partners.ids)])
        self.assertGreaterEqual(refunds, 3)
        unmatched = self.env["account.payment"].search([
            ("partner_id", "in", demo_partners.ids), ("state", "in", ("in_process", "paid")),
            ("is_reconciled", "=", False)])
        self.assertTrue(unmatched, "some payments are not reconciled")
