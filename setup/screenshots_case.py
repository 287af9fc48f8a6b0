# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The README's screenshots, taken by setup/screenshots.sh; not a test of the addon.

An HttpCase (Odoo's test server and headless Chromium) on a database where the
addon is installed with demo data: PNG screenshots of the overview and of a
customer workspace into ACA_SCREENSHOTS (default: docs/screenshots). It lives
outside the addon's tests so that the suite never carries it as a skipped test;
setup/screenshots.sh hands this file to setup/test.sh.
"""

import base64
import os
import pathlib
import time
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tests.common import ChromeBrowser

ROOT = pathlib.Path(__file__).resolve().parent.parent


@tagged("post_install", "-at_install")
class TestWorkspaceScreenshots(HttpCase):
    """PNG screenshots of the overview and a customer workspace on demo data."""

    test_module = "account_collections_automation"
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
        folder = os.environ.get("ACA_SCREENSHOTS") or str(ROOT / "docs" / "screenshots")
        self.assertTrue(
            self.env.ref("account_collections_automation.demo_customer_01",
                         raise_if_not_found=False),
            "the screenshots are taken on the demo data: install the addon with it")
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
            # The customer's collections page, as the demo customer's signed link opens it.
            access = self.env.ref("account_collections_automation.demo_portal_access").sudo()
            browser.navigate_to(self.base_url() + f"/my/collections/{access.partner_id.id}"
                                f"?access_token={access.access_token}")
            self._shoot(browser, "!!document.querySelector('.o_collections_items tbody tr')",
                        f"{folder}/customer_collections_page.png")
            # A statement of account of a demo customer: its last three months, as the
            # PDF shows it (the report's HTML, with the company's layout).
            today = fields.Date.context_today(self.env.user)
            # An English-speaking one (the README is in English) with invoices then.
            customer = next(
                partner for index in range(1, 46)
                if (partner := self.env.ref(
                    f"account_collections_automation.demo_customer_{index:02d}")).lang == "en_US"
                and self.env["account.move"].search_count([
                    ("commercial_partner_id", "=", partner.id), ("state", "=", "posted"),
                    ("invoice_date", ">=", today - timedelta(days=90))]) >= 3)
            statement = self.env["collection.statement"].create({
                "partner_id": customer.id,
                "mode": "period", "date_from": today - timedelta(days=90), "date_to": today,
                "send_method": "print"})
            self.cr.flush()
            browser.navigate_to(
                self.base_url() + "/report/html/account_collections_automation."
                f"report_collection_statement/{statement.id}")
            self._shoot(browser, "!!document.querySelector('.o_collection_statement table')",
                        f"{folder}/customer_statement.png")
        finally:
            browser.stop()
            self._wait_remaining_requests()
