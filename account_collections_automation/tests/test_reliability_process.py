# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Reliability of collections process runs inside one transaction: a run for
a date that already ran creates nothing, for every action kind; failures are
recorded with their reason, not lost; a refused e-mail is retried from the
history. (Concurrent and killed runs: tests/e2e at the repository root.)"""

from datetime import timedelta
from unittest.mock import patch

from odoo import Command, modules
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_collection_process import MODULE, CollectionProcessCase
from .test_process_usage import closed_port, smtp_server


@tagged("post_install", "-at_install")
class TestReliabilityProcess(CollectionProcessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.prediction_type = cls.env["mail.activity.type"].create({"name": "Late payer call"})
        cls.company_a.write({"collection_prediction_activity_type_id": cls.prediction_type.id,
                             "collection_prediction_days_before": 7})
        pre_template = cls.env.ref(f"{MODULE}.mail_template_collection_pre_reminder")
        cls.process = cls._process("Reliable", cls.pool_a, 1, [
            {"sequence": 1, "name": "Notice", "action_type": "email", "timing": "before",
             "days": 3, "pre_reminder": True, "mail_template_id": pre_template.id},
            {"sequence": 2, "name": "Call", "action_type": "activity", "timing": "after",
             "days": 5, "activity_summary": "Reliable call"},
            {"sequence": 3, "name": "Mail", "action_type": "email", "timing": "after",
             "days": 15, "mail_template_id": cls.template.id},
            {"sequence": 4, "name": "Letter", "action_type": "letter", "timing": "after",
             "days": 30},
        ], use_prediction=True)

    def _run(self, date=None):
        """A run, then its e-mails and letters as the document queue makes them."""
        actions = self.process.with_user(self.manager).run(date or self.today)
        self.env["collection.action"]._collection_produce_documents(actions.ids)
        return actions

    def _every_kind(self):
        """Customers due today for every kind of action, one of them failing."""
        customers = self.env["res.partner"]
        for name, due_in in (("Call", -6), ("Mail", -16), ("Letter", -31), ("Notice", 2)):
            customer = self._customer(f"Every {name}")
            self._invoice(customer, due_in=due_in)
            customers |= customer
        late_payer = self._customer("Every Late Payer")
        for weeks in (12, 9, 6, 4):
            paid = self._invoice(late_payer, due_in=-7 * weeks)
            self._pay(paid, paid.invoice_date_due + timedelta(days=20))
        self._invoice(late_payer, due_in=4)
        no_mail = self._customer("Every No Mail", email=False)
        self._invoice(no_mail, due_in=-16)
        return customers | late_payer | no_mail

    def _footprint(self, customers):
        """Everything a run leaves behind for these customers."""
        moves = self.env["account.move"].search([("partner_id", "in", customers.ids)])
        return {
            "actions": self.env["collection.action"].search_count(
                [("partner_id", "in", customers.ids)]),
            "activities": self.env["mail.activity"].search_count(
                [("res_model", "=", "account.move"), ("res_id", "in", moves.ids)]),
            "messages": self.env["mail.message"].search_count([
                ("model", "=", "res.partner"), ("res_id", "in", customers.ids),
                ("message_type", "=", "comment")]),
            "mails": self.env["mail.mail"].sudo().search_count([
                ("model", "=", "res.partner"), ("res_id", "in", customers.ids)]),
            "attachments": self.env["ir.attachment"].search_count([
                ("res_model", "=", "res.partner"), ("res_id", "in", customers.ids)]),
        }

    # -- repeatable ---------------------------------------------------------------
    def test_a_second_run_for_the_same_date_creates_nothing_for_any_kind(self):
        customers = self._every_kind()
        actions = self._run()
        self.assertEqual(
            sorted({(a.kind, a.action_type, a.state) for a in actions}),
            [("pre_reminder", "email", "sending"), ("prediction", "activity", "done"),
             ("step", "activity", "done"), ("step", "email", "failed"),
             ("step", "email", "sending"), ("step", "letter", "done")])
        footprint = self._footprint(customers)
        self.assertEqual(footprint["actions"], 6)
        self.assertEqual(footprint["activities"], 2, "the call and the prediction")
        self.assertEqual(footprint["attachments"], 2, "the letter, the e-mailed invoice")
        self.assertGreaterEqual(footprint["messages"], 3, "two e-mails and the letter")
        self.assertFalse(self.process.simulate(self.today), "the preview shows nothing left")
        self.assertFalse(self._run())
        self.assertFalse(self.env["collection.process"].with_user(self.manager).run(self.today),
                         "nor a run of every process of the company")
        self.env["collection.process"]._cron_run_processes()
        self.assertEqual(self._footprint(customers), footprint, "nothing new anywhere")

    def test_a_later_run_goes_on_from_the_history_only(self):
        customer = self._customer("Later Customer")
        invoice = self._invoice(customer, due_in=-6)
        first = self._run()
        self.assertEqual(first.step_id.name, "Call")
        for day in (1, 2, 5):
            self.assertFalse(self._run(self.today + timedelta(days=day)))
        second = self._run(self.today + timedelta(days=10))
        self.assertEqual((second.step_id.name, second.move_id), ("Mail", invoice))
        self.assertFalse(self._run(self.today + timedelta(days=10)))
        self.assertFalse(self._run(self.today), "an earlier date never goes back")

    # -- failures recorded ----------------------------------------------------------
    def test_template_that_fails_to_render_is_recorded(self):
        broken = self.template.copy({"body_html": '<p t-out="object.no_such_field"/>'})
        self._step(self.process, "Mail").mail_template_id = broken
        customer = self._customer("Broken Template Customer")
        self._invoice(customer, due_in=-16)
        action = self._run()
        self.assertEqual((action.state, action.action_type), ("failed", "email"))
        self.assertIn("no_such_field", action.error)
        self.assertFalse(action.mail_message_id, "nothing half-sent")

    def test_template_renders_in_the_sandbox(self):
        """A template may not reach outside Odoo's sandbox: the e-mail fails."""
        sneaky = self.template.copy({"subject": "{{ object.__class__.__name__ }}"})
        self._step(self.process, "Mail").mail_template_id = sneaky
        self._invoice(self._customer("Sandbox Customer"), due_in=-16)
        action = self._run()
        self.assertEqual(action.state, "failed")
        self.assertTrue(action.error)

    def test_pdf_that_fails_is_recorded(self):
        customer = self._customer("PDF Customer")
        self._invoice(customer, due_in=-31)
        Report = type(self.env["ir.actions.report"])
        with patch.object(Report, "_render_qweb_pdf", side_effect=UserError("wkhtmltopdf died")):
            action = self._run()
        self.assertEqual((action.state, action.action_type), ("failed", "letter"))
        self.assertIn("wkhtmltopdf died", action.error)
        self.assertFalse(action.attachment_id)
        self.assertFalse(self.env["ir.attachment"].search_count(
            [("res_model", "=", "res.partner"), ("res_id", "=", customer.id)]))

    def test_failed_activity_is_recorded_and_others_go_on(self):
        good = self._customer("Activity Good")
        bad = self._customer("Activity Bad")
        self._invoice(good, due_in=-6)
        self._invoice(bad, due_in=-6)
        Activity = type(self.env["mail.activity"])
        create = Activity.create

        def create_refusing_bad(records, vals_list):
            vals_list = vals_list if isinstance(vals_list, list) else [vals_list]
            bad_moves = bad.invoice_ids.ids
            if any(vals.get("res_id") in bad_moves for vals in vals_list):
                raise UserError("Activity refused for the test")  # pylint: disable=translation-required
            return create(records, vals_list)

        with patch.object(Activity, "create", create_refusing_bad):
            actions = self._run()
        self.assertEqual({(a.partner_id, a.state) for a in actions},
                         {(good, "done"), (bad, "failed")})
        self.assertIn("Activity refused", actions.filtered(lambda a: a.state == "failed").error)

    def test_mail_server_refusal_shows_in_history_and_is_retried(self):
        """A real refusal: the only mail server is 127.0.0.1 on a closed port."""
        self.env["ir.mail_server"].search([]).active = False
        server = self.env["ir.mail_server"].create({
            "name": "Closed", "smtp_host": "127.0.0.1", "smtp_port": closed_port(),
            "smtp_encryption": "none", "sequence": 0})
        customer = self._customer("Refused Customer")
        self._invoice(customer, due_in=-16)
        action = self._run()
        self.assertEqual((action.state, action.mail_state), ("sending", "outgoing"))
        # Odoo skips SMTP in test mode: send for real.
        real_sending = patch.object(modules.module, "current_test", False)
        # The refusal is logged as an error by mail: expected here (odoo-bin
        # --test-enable counts an unexpected error log as a failure).
        with real_sending, mute_logger("odoo.addons.mail.models.mail_mail"):
            self.env["mail.mail"].sudo().process_email_queue(ids=action.mail_id.ids)
        self.assertEqual((action.state, action.mail_state), ("failed", "exception"))
        self.assertIn("Connection refused", action.mail_failure_reason)
        # The agent reads why, and retries: still refused, still failed.
        as_agent = action.with_user(self.agent)
        self.assertIn("Connection refused", as_agent.error)
        self.assertIn("Connection refused", as_agent.mail_failure_reason)
        with real_sending:
            result = as_agent.action_retry()
        self.assertEqual(result["params"]["type"], "warning")
        self.assertIn("Connection refused", result["params"]["message"])
        self.assertEqual(action.state, "failed")
        self.assertEqual(self.env["collection.action"].search_count(
            [("partner_id", "=", customer.id)]), 1, "retrying adds no action")
        # Once a real mail server accepts it: done, and no more retry.
        smtp = smtp_server(self)
        server.smtp_port = smtp.server_address[1]
        with real_sending:
            self.assertIs(as_agent.action_retry(), True)
        self.assertEqual((action.state, action.error), ("done", False))
        self.assertEqual(len(smtp.messages), 1)
        with self.assertRaisesRegex(UserError, "Only failed e-mail actions"):
            as_agent.action_retry()

    def test_history_form_opens_for_an_agent(self):
        """The form shows the queued e-mail's status to agents, who may not
        read mail.mail records."""
        self._invoice(self._customer("Form Customer"), due_in=-16)
        action = self._run()
        self.assertTrue(action.mail_id)
        Action = self.env["collection.action"].with_user(self.agent)
        view_fields = Action.get_views([(False, "form")])["models"]["collection.action"]["fields"]
        fields = {name: {} for name in view_fields}
        fields.update({name: {"fields": {"display_name": {}}}
                       for name, field in view_fields.items() if field["type"] == "many2one"})
        record = Action.browse(action.id).web_read(fields)[0]
        self.assertEqual(record["mail_state"], "outgoing")
        self.assertEqual(record["state"], "sending")

    def test_stop_nothing_half_written_when_the_action_row_fails(self):
        """If the history row itself cannot be written, the batch's e-mails
        and activities go with it: nothing is done without its history."""
        customers = self._customer("Half A") | self._customer("Half B")
        for customer in customers:
            self._invoice(customer, due_in=-6)
        before = self._footprint(customers)
        Action = type(self.env["collection.action"])
        with patch.object(Action, "create", side_effect=UserError("history unavailable")), \
                self.assertRaises(UserError):
            with self.env.cr.savepoint():
                self._run()
        self.assertEqual(self._footprint(customers), before)

    def test_bad_step_input_is_refused(self):
        Step = self.env["collection.process.step"].with_user(self.manager)
        with self.assertRaisesRegex(Exception, "Pre-reminder: set on"):
            Step.create({"process_id": self.process.id, "name": "Second notice",
                         "action_type": "email", "timing": "before", "days": 1,
                         "pre_reminder": True})
        with self.assertRaisesRegex(Exception, "Days to Complete: -1"):
            Step.create({"process_id": self.process.id, "name": "Neg",
                         "action_type": "activity", "activity_days": -1})
        partner_template = self.env["mail.template"].create({
            "name": "On customers", "model_id": self.env["ir.model"]._get_id("res.partner")})
        with self.assertRaisesRegex(Exception, "E-mail Template: On customers is not"):
            Step.create({"process_id": self.process.id, "name": "Wrong model",
                         "action_type": "email", "mail_template_id": partner_template.id})
        Pool = self.env["collection.pool"].with_user(self.manager)
        for domain in ("[('no_such_field', '=', 1)]", "not a domain", "[('name', 'like')]",
                       "__import__('os')"):
            with self.subTest(domain=domain), self.assertRaisesRegex(Exception, "Customers: "):
                Pool.create({"name": "Bad", "partner_domain": domain})
        process = self.env["collection.process"].with_user(self.manager)
        with self.assertRaisesRegex(Exception, "Exclusion Amount: -5"):
            process.create({"name": "Neg", "rank": 77, "exclude_amount": -5})
        with self.assertRaisesRegex(Exception, "Rank: 1 "):
            self.env["collection.process"].with_user(self.manager).create(
                {"name": "Same", "rank": 1, "step_ids": [Command.create(
                    {"name": "x", "action_type": "activity"})]})
