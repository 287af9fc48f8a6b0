# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The customer's collections page (controllers/portal.py), in Chromium: a
token holder and a portal user each dispute, promise to pay and pay with
Odoo's demo payment provider (static/tests/tours/collections_portal_tour.js);
and over HTTP: a wrong or revoked token gets a 403 leaking nothing, a user of
another company sees nothing, the rate limit refuses past its bound."""

import json
import re
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from .test_workspace_tour import _server_errors_told

AGENT = "account_collections_automation.group_collections_agent"


@tagged("post_install", "-at_install")
class TestPortalPage(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")
        cls.company = cls.env.company
        cls.today = fields.Date.context_today(cls.env.user)
        cls.agent = cls.env["res.users"].create({
            "name": "Page Agent", "login": "page_agent", "email": "page.agent@example.com",
            "company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)],
            "groups_id": [Command.set([cls.env.ref("account.group_account_invoice").id,
                                       cls.env.ref(AGENT).id])],
        })
        cls.customer = cls.env["res.partner"].create({
            "name": "Quillfeather Portal Customer", "is_company": True, "lang": "en_US",
            "email": "ap@quillfeather.example.com", "collection_agent_id": cls.agent.id,
        })
        cls.contact = cls.env["res.partner"].create({
            "name": "Quill Contact", "parent_id": cls.customer.id, "type": "contact",
            "email": "quill.contact@example.com", "lang": "en_US"})
        cls.portal_user = cls.env["res.users"].create({
            "name": "Quill Contact", "login": "quill_portal", "password": "quill_portal",
            "partner_id": cls.contact.id, "lang": "en_US",
            "company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)],
            "groups_id": [Command.set([cls.env.ref("base.group_portal").id])],
        })
        cls.other = cls.env["res.partner"].create({
            "name": "Zanzibar Other Customer", "is_company": True})
        cls.reason = cls.env["collection.dispute.reason"].create({"name": "Portal tour reason"})
        journal = cls.env["account.journal"].search([
            ("type", "=", "sale"), ("company_id", "=", cls.company.id)], limit=1)
        cls.invoices = cls.env["account.move"]
        for number, (partner, amount, days) in enumerate(
                [(cls.customer, 1000.0, 40), (cls.customer, 500.0, 20),
                 (cls.customer, 300.0, 10), (cls.other, 777.0, 30)], start=1):
            move = cls.env["account.move"].create({
                "move_type": "out_invoice", "partner_id": partner.id, "journal_id": journal.id,
                "invoice_date": cls.today - timedelta(days=days + 30),
                "invoice_date_due": cls.today - timedelta(days=days),
                "invoice_line_ids": [Command.create(
                    {"name": "x", "quantity": 1, "price_unit": amount, "tax_ids": []})],
            })
            move.action_post()
            # Stable numbers for the tour's selectors.
            move.name = f"PORTAL/{number}" if partner == cls.customer else "OTHER/1"
            cls.invoices |= move
        cls.access = cls.env["collection.portal.access"]._for_partner(cls.customer, cls.company)
        cls.token = cls.access.sudo().access_token

    def _item(self, move):
        return move.line_ids.filtered(lambda line: line.display_type == "payment_term")

    def _demo_provider(self):
        if self.env["ir.module.module"]._get("payment_demo").state != "installed":
            self.skipTest("payment_demo module is not installed")
        provider = self.env.ref("payment.payment_provider_demo")
        provider.write({"state": "test", "is_published": True, "company_id": self.company.id})
        return provider

    def _check_answers(self, author):
        """What the tour's three answers wrote."""
        self.env.invalidate_all()
        first, second, third = (self._item(move) for move in self.invoices[:3])
        self.assertEqual(first.collection_status, "disputed")
        self.assertEqual(first.collection_dispute_reason_id, self.reason)
        self.assertEqual(first.collection_dispute_note, "The goods arrived damaged")
        self.assertEqual(second.collection_status, "promised")
        self.assertEqual(second.collection_promise_amount, 200.0)
        # The tour typed ten days after the browser's day (Chromium runs in UTC
        # here; between 23:00 and 24:00 UTC it is not the admin's day).
        self.assertEqual(second.collection_promise_date, fields.Date.today() + timedelta(days=10))
        # Paid through the demo provider: Odoo posted the payment and reconciled.
        self.assertTrue(third.reconciled)
        self.assertIn(self.invoices[2].payment_state, ("paid", "in_payment"))
        tx = self.invoices[2].transaction_ids
        self.assertEqual((tx.state, tx.provider_code), ("done", "demo"))
        # The collections history: every answer, the refused one too.
        requests = self.env["collection.portal.request"].search(
            [("partner_id", "=", self.customer.id)], order="id")
        self.assertEqual([(r.kind, r.state) for r in requests], [
            ("dispute", "done"), ("promise", "refused"), ("promise", "done"), ("pay", "paid")])
        self.assertIn("12abc", requests[1].error)
        self.assertEqual(requests.user_id, author)
        self.assertEqual(requests[3].transaction_id, tx)
        # ... shown in the customer's timeline of the collections workspace.
        timeline = self.env["collection.workspace"].with_company(self.company)._timeline(
            self.customer)
        self.assertEqual(len([entry for entry in timeline if entry["kind"] == "portal"]), 4)
        # The customer's chatter and an activity for the agent, per accepted answer.
        notes = self.customer.message_ids.filtered(
            lambda message: "Collections page" in (message.body or ""))
        self.assertEqual(len(notes), 3, notes.mapped("body"))
        activities = self.customer.activity_ids.filtered(lambda a: a.user_id == self.agent)
        self.assertEqual(len(activities), 3)
        # The process skips them: a collection letter no longer lists the
        # disputed and promised items as owed (the chasing rule, engine.chase).
        letter = self.customer.with_context(
            collection_company_id=self.company.id)._collection_letter_values()
        self.assertEqual([line["move"] for line in letter["lines"]], [])

    def test_token_holder_disputes_promises_and_pays(self):
        self._demo_provider()
        with _server_errors_told():
            self.start_tour(f"/my/collections/{self.customer.id}?access_token={self.token}",
                            "collections_portal_token_tour", timeout=300)
        self._check_answers(self.env.ref("base.public_user"))

    def test_portal_user_disputes_promises_and_pays(self):
        self._demo_provider()
        with _server_errors_told():
            self.start_tour("/my", "collections_portal_user_tour", login="quill_portal",
                            timeout=300)
        self._check_answers(self.portal_user)

    # ------------------------------------------------------------------ refusals
    def _assert_forbidden(self, response):
        self.assertEqual(response.status_code, 403)
        for secret in ("Quillfeather", "PORTAL/", "Zanzibar", "OTHER/"):
            self.assertNotIn(secret, response.text)

    def test_wrong_or_revoked_token_is_refused(self):
        url = f"/my/collections/{self.customer.id}"
        page = self.url_open(f"{url}?access_token={self.token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Quillfeather Portal Customer", page.text)
        self.assertIn("PORTAL/1", page.text)
        self.assertNotIn("OTHER/1", page.text)
        self._assert_forbidden(self.url_open(f"{url}?access_token={self.token[:-1]}x"))
        self._assert_forbidden(self.url_open(url))  # no token, not logged in
        # Another customer's page with this customer's token.
        self._assert_forbidden(self.url_open(
            f"/my/collections/{self.other.id}?access_token={self.token}"))
        # A Collections Manager revokes the link: the old token no longer opens it.
        self.customer.with_user(self.env.ref("base.user_admin")).action_collection_portal_revoke()
        self._assert_forbidden(self.url_open(f"{url}?access_token={self.token}"))
        new_token = self.access.sudo().access_token
        self.assertNotEqual(new_token, self.token)
        self.assertEqual(self.url_open(f"{url}?access_token={new_token}").status_code, 200)

    def test_user_of_another_company_sees_nothing(self):
        company_b = self.env["res.company"].create({"name": "Portal Company B"})
        outsider_partner = self.env["res.partner"].create({
            "name": "Outsider Contact", "company_id": company_b.id})
        self.env["res.users"].create({
            "name": "Outsider", "login": "outsider_portal", "password": "outsider_portal",
            "partner_id": outsider_partner.id, "company_id": company_b.id,
            "company_ids": [Command.set(company_b.ids)],
            "groups_id": [Command.set([self.env.ref("base.group_portal").id])],
        })
        # The customer's portal user, moved to company B: its page shows
        # nothing of company A's items.
        self.portal_user.write({"company_ids": [Command.set(company_b.ids)],
                                "company_id": company_b.id})
        self.authenticate("quill_portal", "quill_portal")
        page = self.url_open(f"/my/collections/{self.customer.id}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("PORTAL/", page.text)
        self.assertIn("o_collections_nothing", page.text)
        self.authenticate("outsider_portal", "outsider_portal")
        self._assert_forbidden(self.url_open(f"/my/collections/{self.customer.id}"))
        self.assertEqual(self.url_open("/my/collections").url.rstrip("/").rsplit("/", 1)[-1],
                         str(outsider_partner.id))

    def _post_answer(self, token, **values):
        page = self.url_open(f"/my/collections/{self.customer.id}?access_token={token}")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return self.url_open(f"/my/collections/{self.customer.id}/answer", data={
            "csrf_token": csrf, "access_token": token, **values})

    def test_rate_limit_and_server_validation(self):
        self.company.collection_portal_rate_limit = 3
        self.company.collection_portal_promise_days = 30
        item = self._item(self.invoices[0])
        far = fields.Date.to_string(self.today + timedelta(days=31))
        # Server-side validation: each refusal names the field and the value.
        for values, expected in [
            ({"promise_date": far, "promise_amount": "100"},
             "Promised Payment Date: %s is more than 30 days ahead" % re.escape(
                 fields.Date.to_date(far).strftime("%m/%d/%Y"))),
            ({"promise_date": fields.Date.to_string(self.today), "promise_amount": "-5"},
             r"Promised Amount: [^<]*-[^<]*5\.00[^<]* is not a positive amount"),
        ]:
            response = self._post_answer(self.token, kind="promise", line_ids=str(item.id),
                                         **values)
            self.assertEqual(response.status_code, 200)
            self.assertRegex(response.text, expected)
        self.env.invalidate_all()
        self.assertEqual(item.collection_status, "none")
        # Another customer's item is refused like an unknown one.
        response = self._post_answer(self.token, kind="dispute", dispute_reason_id=self.reason.id,
                                     line_ids=str(self._item(self.invoices[3]).id))
        self.assertIn("Items: choose one or more of your open items", response.text)
        self.assertNotIn("OTHER/1", response.text)
        self.env.invalidate_all()
        self.assertEqual(self._item(self.invoices[3]).collection_status, "none")
        # Three answers this hour: the fourth, a valid one, is refused.
        response = self._post_answer(self.token, kind="dispute", dispute_reason_id=self.reason.id,
                                     line_ids=str(item.id))
        self.assertIn("Too many answers in the last hour", response.text)
        self.env.invalidate_all()
        self.assertEqual(item.collection_status, "none")
        states = self.env["collection.portal.request"].search(
            [("access_id", "=", self.access.id)]).mapped("state")
        self.assertEqual(sorted(states), ["limited", "refused", "refused", "refused"])
        # An hour later the link answers again.
        self.env["collection.portal.request"].flush_model()
        self.env.cr.execute(
            "UPDATE collection_portal_request SET create_date = create_date - interval '61 minutes'"
            " WHERE access_id = %s", [self.access.id])
        self._post_answer(self.token, kind="dispute", dispute_reason_id=self.reason.id,
                          line_ids=str(item.id))
        self.env.invalidate_all()
        self.assertEqual(item.collection_status, "disputed")

    def test_page_in_the_customers_language(self):
        """A signed link opens the page in the customer's language."""
        item = self._item(self.invoices[0])
        item.write({"collection_status": "disputed",
                    "collection_dispute_reason_id": self.reason.id})
        url = f"/my/collections/{self.customer.id}?access_token={self.token}"
        for lang, label in (("fr_FR", "Contesté"), ("nb_NO", "Omstridt")):
            self.env["res.lang"]._activate_lang(lang)
            self.env["ir.module.module"]._load_module_terms(
                ["account_collections_automation"], [lang])
            self.customer.lang = lang
            page = self.url_open(url)
            self.assertEqual(page.status_code, 200)
            # The status and the dates as the customer reads them.
            self.assertIn(label, page.text)
            self.assertIn(self.invoices[0].invoice_date_due.strftime(
                "%d/%m/%Y" if lang == "fr_FR" else "%d.%m.%Y"), page.text)

    def test_demo_portal_user_and_link(self):
        """The demo's portal user of a demo customer, and its signed link."""
        user = self.env.ref("account_collections_automation.demo_portal_user",
                            raise_if_not_found=False)
        if not user:
            self.skipTest("no demo data")
        customer = self.env.ref("account_collections_automation.demo_customer_03")
        self.assertEqual(user.partner_id.commercial_partner_id, customer)
        self.assertTrue(user._is_portal())
        self.authenticate("portal_collections", "portal_collections")
        page = self.url_open("/my/collections")
        self.assertEqual(page.status_code, 200)
        self.assertIn(customer.name, page.text)
        self.assertIn("o_collections_item", page.text)
        self.authenticate(None, None)
        access = self.env.ref("account_collections_automation.demo_portal_access").sudo()
        page = self.url_open(f"/my/collections/{customer.id}?access_token={access.access_token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(customer.name, page.text)

    def _transaction(self, token, line_ids, amount):
        response = self.url_open(
            f"/my/collections/{self.customer.id}/transaction/{line_ids}",
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 0, "params": {
                "access_token": token, "amount": amount, "provider_id": 1,
                "payment_method_id": 1, "token_id": None, "flow": "direct",
                "tokenization_requested": False, "landing_route": "/my",
                "is_validation": False}}),
            headers={"Content-Type": "application/json"})
        return response.json().get("error", {}).get("data", {}).get("message")

    def test_pay_refuses_a_wrong_amount_token_or_item(self):
        """The payment form's transaction route checks on the server what the
        browser sends: the token, the items, and the amount to pay."""
        third = self._item(self.invoices[2])
        self.assertIn("Amount: 1.0 is not the open amount of the chosen items",
                      self._transaction(self.token, str(third.id), 1.0))
        self.assertEqual(self._transaction(self.token[:-1] + "x", str(third.id), 300.0),
                         "The access token is invalid.")
        self.assertIn("Items: choose one or more of your open items",
                      self._transaction(self.token, str(self._item(self.invoices[3]).id), 777.0))
        self.assertFalse(self.env["payment.transaction"].search(
            [("invoice_ids", "in", self.invoices.ids)]))
        # A refused transaction is an error of the request: nothing of it is kept.
        self.assertFalse(self.env["collection.portal.request"].search(
            [("access_id", "=", self.access.id)]))
