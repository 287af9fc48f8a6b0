import base64
import os
import pathlib
import time
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged
from odoo.tests.common import ChromeBrowser

AGENT = "account_collections_automation.group_collections_agent"


@tagged("post_install", "-at_install")
class TestWorkspaceTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.context_today(cls.env.user)
        cls.customer = cls.env["res.partner"].create(
            {"name": "Tour Customer", "is_company": True, "customer_rank": 1,
             "credit_limit": 1000})
        cls.invoices = cls.env["account.move"]
        for amount, days in ((700, 60), (400, 20)):
            move = cls.env["account.move"].create({
                "move_type": "out_invoice", "partner_id": cls.customer.id,
                "invoice_date": today - timedelta(days=days + 30),
                "invoice_date_due": today - timedelta(days=days),
                "invoice_line_ids": [Command.create(
                    {"name": "x", "quantity": 1, "price_unit": amount, "tax_ids": []})],
            })
            move.action_post()
            cls.invoices |= move
        other = cls.env["res.partner"].create(
            {"name": "Tour Other", "is_company": True, "customer_rank": 1})
        move = cls.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": other.id,
            "invoice_date": today, "invoice_date_due": today,
            "invoice_line_ids": [Command.create(
                {"name": "x", "quantity": 1, "price_unit": 50, "tax_ids": []})],
        })
        move.action_post()
        cls.pool = cls.env["collection.pool"].create({
            "name": "Tour Pool", "partner_domain": f"[('id', '=', {cls.customer.id})]"})
        cls.agent = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Tour Agent", "login": "tour_agent", "password": "tour_agent_pw",
            "email": "tour_agent@example.com",
            "groups_id": [Command.set([cls.env.ref("base.group_user").id,
                                       cls.env.ref(AGENT).id])],
            "collection_pool_id": cls.pool.id,
        })

    def test_workspace_tour(self):
        self.start_tour("/odoo", "collections_workspace_tour", login="tour_agent")
        oldest, newest = self.invoices.sorted("invoice_date_due")
        self.assertEqual(oldest.collection_status, "disputed")
        self.assertEqual(newest.collection_status, "promised")
        self.assertEqual(newest.collection_promise_date, fields.Date.to_date("2099-12-31"))
        self.assertEqual(newest.collection_promise_amount, 400)
        self.assertEqual(newest.collection_promise_state, "pending")
        self.assertTrue(any("Will pay at the end of the year" in (body or "")
                            for body in newest.message_ids.mapped("body")))


@tagged("post_install", "-at_install")
class TestWorkspaceScreenshots(HttpCase):
    """PNG screenshots of the overview and a customer workspace on demo data, for
    the README: run with ACA_SCREENSHOTS=<folder> (setup/screenshots.sh does)."""

    browser_size = "1600x1900"

    def _evaluate(self, browser, expression):
        browser._websocket_request("Runtime.evaluate", params={"expression": expression})

    def _shoot(self, browser, ready, path):
        ready_now = browser._wait_ready(ready, timeout=60)
        time.sleep(1.5)  # fonts and the last renders
        data = browser._websocket_request(
            "Page.captureScreenshot", params={"captureBeyondViewport": False}, timeout=30)
        pathlib.Path(path).write_bytes(base64.b64decode(data["data"]))
        self.assertTrue(ready_now, f"{ready}: see {path}")

    def test_screenshots(self):
        folder = os.environ.get("ACA_SCREENSHOTS")
        if not folder:
            self.skipTest("ACA_SCREENSHOTS not set")
        if not self.env.ref("account_collections_automation.demo_customer_01",
                            raise_if_not_found=False):
            self.skipTest("installed without demo data")
        pathlib.Path(folder).mkdir(parents=True, exist_ok=True)
        self.env["res.lang"]._activate_lang("en_US")
        self.env.ref("base.user_admin").write(
            {"collection_pool_id": False, "lang": os.environ.get("ACA_SCREENSHOTS_LANG", "en_US")})
        browser = ChromeBrowser(self, headless=True)
        try:
            self.authenticate("admin", "admin", browser=browser)
            self.cr.flush()
            self.cr.clear()
            browser.navigate_to(self.base_url() + "/odoo/action-"
                                "account_collections_automation.collections_overview_action")
            self._shoot(browser, "!!document.querySelector('.o_collections_oldest tbody tr "
                        ".o_collections_link_name')", f"{folder}/collections_overview.png")
            self._evaluate(browser, "document.querySelector('.o_collections_highest "
                           ".o_collections_link_name').click()")
            self._shoot(browser, "!!document.querySelector('.o_collections_workspace "
                        ".o_collections_summary p')", f"{folder}/customer_workspace.png")
            self._evaluate(browser, "document.querySelector('.o_collections_tab_open').click()")
            self._shoot(browser, "!!document.querySelector('.o_collections_grid_open tbody tr')",
                        f"{folder}/customer_workspace_open_transactions.png")
        finally:
            browser.stop()
            self._wait_remaining_requests()
