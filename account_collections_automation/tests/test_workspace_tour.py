# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import logging
import re
from contextlib import contextmanager
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

_ERROR_STATUS = re.compile(r'HTTP/[0-9.]+" [45][0-9][0-9] ')


class _ServerErrors(logging.Handler):
    """The server's answers with an error status (werkzeug's request log) and
    its warnings and errors, while a tour runs."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.lines = []

    def emit(self, record):
        message = record.getMessage()
        if record.levelno >= logging.WARNING or _ERROR_STATUS.search(message):
            self.lines.append(f"{record.name} {record.levelname} {message}"[:500])


@contextmanager
def _server_errors_told():
    """A tour failing on an answer it cannot read (e.g. "Unexpected token '<',
    "<!doctype "... is not valid JSON": an HTML error page where JSON was
    expected) fails naming the requests the server refused or failed."""
    handler = _ServerErrors()
    loggers = [logging.getLogger(name) for name in ("werkzeug", "odoo.http")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    try:
        yield
    except AssertionError as error:
        if not handler.lines:
            raise
        raise AssertionError("%s\n\nServer errors during the tour:\n%s" % (
            error, "\n".join(handler.lines))) from error
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)


AGENT = "account_collections_automation.group_collections_agent"
MANAGER = "account_collections_automation.group_collections_manager"


@tagged("post_install", "-at_install")
class TestWorkspaceTour(HttpCase):
    """Every button of the overview and the workspace, clicked by an agent and by a
    manager (static/tests/tours/collections_workspace_tour.js); what the buttons
    wrote is checked here afterwards."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._warm_asset_bundles()
        # The tours check some English texts (history, names); the database may
        # default to French or Norwegian.
        cls.env["res.lang"]._activate_lang("en_US")
        today = fields.Date.context_today(cls.env.user)

        def invoice(partner, amount, days, move_type="out_invoice"):
            move = cls.env["account.move"].create({
                "move_type": move_type, "partner_id": partner.id,
                "invoice_date": today - timedelta(days=days + 30),
                "invoice_date_due": today - timedelta(days=days),
                "invoice_line_ids": [Command.create(
                    {"name": "x", "quantity": 1, "price_unit": amount, "tax_ids": []})],
            })
            move.action_post()
            return move

        cls.customer = cls.env["res.partner"].create(
            {"name": "Tour Customer", "is_company": True, "customer_rank": 1,
             "credit_limit": 1000})
        cls.contact = cls.env["res.partner"].create(
            {"name": "Tour Contact", "parent_id": cls.customer.id,
             "email": "tour.contact@example.com"})
        cls.customer.collection_contact_id = cls.contact
        cls.invoices = invoice(cls.customer, 700, 60) | invoice(cls.customer, 400, 20)
        # The oldest invoice is partly paid (the manager's NSF payment reverses it).
        cls.payment = cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=cls.invoices[0].ids,
        ).create({"amount": 200, "payment_date": today})._create_payments()
        cls.credit_note = invoice(cls.customer, 50, 0, move_type="out_refund")
        cls.second = cls.env["res.partner"].create(
            {"name": "Tour Second", "is_company": True, "customer_rank": 1})
        invoice(cls.second, 300, 30)
        other = cls.env["res.partner"].create(
            {"name": "Tour Other", "is_company": True, "customer_rank": 1})
        invoice(other, 50, 0)
        cls.pool = cls.env["collection.pool"].create({
            "name": "Tour Pool",
            "partner_domain": f"[('id', 'in', {[cls.customer.id, cls.second.id]})]"})
        cls.failed_action = cls._failed_action(today)
        cls.write_off_account = cls.env["account.account"].create({
            "name": "Tour write-off", "code": "TOURWO", "account_type": "expense"})
        groups = {"agent": AGENT, "manager": MANAGER}
        cls.users = {}
        for login, group in groups.items():
            cls.users[login] = cls.env["res.users"].with_context(no_reset_password=True).create({
                "name": f"Tour {login.title()}", "login": f"tour_{login}",
                "password": f"tour_{login}", "email": f"tour_{login}@example.com",
                "lang": "en_US",
                # The data is dated on the admin's day (``today``): the users'
                # "today" is the same one, between 23:00 and 24:00 UTC too.
                "tz": cls.env.user.tz,
                "groups_id": [Command.set([cls.env.ref("base.group_user").id,
                                           cls.env.ref(group).id])],
                "collection_pool_id": cls.pool.id,
            })
            cls.customer.activity_schedule(
                "mail.mail_activity_data_todo", summary="Tour call",
                user_id=cls.users[login].id, date_deadline=today)

    @classmethod
    def _failed_action(cls, today):
        """A process e-mails Tour Second, who has no e-mail address: the run
        records the action as failed, with the reason (the overview shows it)."""
        Process = cls.env["collection.process"]
        rank = max(Process.with_context(active_test=False).search([]).mapped("rank") or [0])
        process = Process.create({
            "name": "Tour Process", "rank": rank + 1,
            "pool_id": cls.env["collection.pool"].create({
                "name": "Tour Failures",
                "partner_domain": f"[('id', '=', {cls.second.id})]"}).id,
            "step_ids": [Command.create({
                "sequence": 1, "name": "Tour reminder e-mail", "action_type": "email",
                "timing": "after", "days": 15,
                "mail_template_id": cls.env.ref(
                    "account_collections_automation.mail_template_collection_reminder").id,
            })],
        })
        actions = process.run(today)
        cls.env["collection.action"]._collection_produce_documents(actions.ids)
        return actions

    @classmethod
    def _warm_asset_bundles(cls):
        """Build the web client's bundles before the browser asks for them: the
        first page would otherwise compile them, which on a loaded machine takes
        longer than the tour's wait for readiness."""
        qweb = cls.env["ir.qweb"]
        for bundle in ("web.assets_web", "web.assets_tests"):
            qweb._get_asset_bundle(bundle, css=False, js=True).js()
        qweb._get_asset_bundle("web.assets_web", css=True, js=False).css()

    def _run_tour(self, login, tour):
        self.assertEqual(
            (self.failed_action.partner_id, self.failed_action.state,
             self.failed_action.error),
            (self.second, "failed", "Tour Second has no e-mail address."))
        # No warning from the browser either: e.g. a breadcrumb the web client
        # could not restore after a reload ("Client actions don't have
        # multi-record views").
        with self.assertNoLogs(__name__, "WARNING"), _server_errors_told():
            self.start_tour("/odoo", tour, login=f"tour_{login}", timeout=600)
        user = self.users[login]
        oldest, newest = self.invoices.sorted("invoice_date_due")
        # Change status: disputed, promised to pay.
        self.assertEqual(oldest.collection_status, "disputed")
        self.assertEqual(oldest.collection_item_ids.collection_dispute_reason_id,
                         self.env.ref("account_collections_automation.dispute_reason_price"))
        self.assertEqual(newest.collection_status, "promised")
        self.assertEqual(newest.collection_promise_date, fields.Date.to_date("2099-12-31"))
        self.assertEqual(newest.collection_promise_amount, 400)
        self.assertTrue(any("Will pay at the end of the year" in (body or "")
                            for body in newest.message_ids.mapped("body")))
        # Put on hold.
        self.assertTrue(newest.collection_on_hold)
        self.assertFalse(oldest.collection_on_hold)
        # Reprint of both invoices, by this user.
        for move in self.invoices:
            self.assertTrue(move.message_ids.filtered(
                lambda message: "reprinted" in (message.body or "")
                and message.author_id == user.partner_id), move.name)
        # The overview's new activity was closed with its feedback; the
        # workspace's is open; "Tour call" is still there.
        Activity = self.env["mail.activity"].with_context(active_test=False)
        self.assertFalse(Activity.search([("summary", "=", "Overview follow-up")]))
        self.assertTrue(self.second.message_ids.filtered(
            lambda message: "Done from the overview" in (message.body or "")))
        self.assertTrue(Activity.search([
            ("summary", "=", "Workspace follow-up"), ("res_id", "=", self.customer.id),
            ("res_model", "=", "res.partner"), ("user_id", "=", user.id)]))
        self.assertTrue(Activity.search([
            ("summary", "=", "Tour call"), ("user_id", "=", user.id)]))
        # The e-mail to the contact.
        self.assertTrue(self.customer.message_ids.filtered(
            lambda message: "Tour e-mail to the contact" in (message.body or "")
            and self.contact in message.partner_ids))
        return oldest, newest

    def test_workspace_tour(self):
        """As an agent: no write-off, no NSF payment."""
        oldest, newest = self._run_tour("agent", "collections_workspace_tour")
        self.assertAlmostEqual(oldest.amount_residual, 500)
        self.assertAlmostEqual(newest.amount_residual, 400)
        self.assertIn(self.payment.state, ("in_process", "paid"))
        self.assertFalse(self.payment.move_id.reversal_move_ids)

    def test_workspace_manager_tour(self):
        """As a manager: also NSF payment and write-off."""
        oldest, newest = self._run_tour("manager", "collections_workspace_manager_tour")
        # NSF payment: the payment reversed, the oldest invoice open in full again.
        self.assertTrue(self.payment.move_id.reversal_move_ids)
        self.assertAlmostEqual(oldest.amount_residual, 700)
        # Write-off: the newest invoice is settled against the write-off account.
        self.assertTrue(newest.currency_id.is_zero(newest.amount_residual))
        written = self.env["account.move.line"].search(
            [("account_id", "=", self.write_off_account.id)])
        self.assertAlmostEqual(sum(written.mapped("balance")), 400)
