# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from datetime import timedelta

import odoo
from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from odoo.addons.account_collections_automation.models.collection_ledger import LOCK_KEYS

MODULE = "account_collections_automation"


@tagged("post_install", "-at_install")
class CollectionProcessCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Messages are checked in English; the database may default to French.
        cls.env["res.lang"]._activate_lang("en_US")
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.today = fields.Date.context_today(cls.env.user)
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Collections Test B"})
        cls.env["account.chart.template"].try_loading(
            "generic_coa", company=cls.company_b, install_demo=False)
        companies = cls.company_a | cls.company_b
        base = [cls.env.ref("base.group_user").id]
        manager_group = cls.env.ref(f"{MODULE}.group_collections_manager")
        agent_group = cls.env.ref(f"{MODULE}.group_collections_agent")
        cls.manager = cls.env["res.users"].create({
            "name": "Collections Manager", "login": "coll_process_manager",
            "email": "manager@example.com", "tz": cls.env.user.tz,  # the day of cls.today
            "company_id": cls.company_a.id, "company_ids": [Command.set(companies.ids)],
            "groups_id": [Command.set(base + manager_group.ids)],
        })
        cls.agent = cls.env["res.users"].create({
            "name": "Collections Agent", "login": "coll_process_agent",
            "email": "agent@example.com", "tz": cls.env.user.tz,  # the day of cls.today
            "company_id": cls.company_a.id, "company_ids": [Command.set(companies.ids)],
            "groups_id": [Command.set(base + agent_group.ids)],
        })
        cls.pool_a = cls.env["collection.pool"].create({
            "name": "Test pool A", "partner_domain": "[('ref', '=', 'COLLTEST')]",
            "company_id": cls.company_a.id})
        cls.pool_a_vip = cls.env["collection.pool"].create({
            "name": "Test pool A VIP", "partner_domain": "[('ref', '=', 'COLLVIP')]",
            "company_id": cls.company_a.id})
        cls.pool_b = cls.env["collection.pool"].create({
            "name": "Test pool B", "partner_domain": "[('ref', 'in', ('COLLTEST', 'COLLB'))]",
            "company_id": cls.company_b.id})
        cls.template = cls.env.ref(f"{MODULE}.mail_template_collection_reminder")
        # Move the processes the demo data may have created out of the way.
        cls.env["collection.process"].search([]).action_archive()

    # -- helpers --------------------------------------------------------------
    @classmethod
    def _customer(cls, name, ref="COLLTEST", email=True, **values):
        partner = cls.env["res.partner"].create({
            "name": name, "is_company": True, "customer_rank": 1, "ref": ref,
            "email": f"{name.lower().replace(' ', '.')}@example.com" if email else False,
            **values,
        })
        return partner

    @classmethod
    def _invoice(cls, partner, due_in, amount=100.0, company=None, post=True):
        company = company or cls.company_a
        due = cls.today + timedelta(days=due_in)
        move = cls.env["account.move"].with_company(company).create({
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_date": due - timedelta(days=30),
            "invoice_date_due": due,
            "invoice_line_ids": [Command.create({
                "name": "Service", "quantity": 1, "price_unit": amount, "tax_ids": []})],
        })
        if post:
            move.action_post()
        return move

    @classmethod
    def _pay(cls, invoice, on_date, amount=None):
        Register = cls.env["account.payment.register"].with_company(invoice.company_id)
        register = Register.with_context(
            active_model="account.move", active_ids=invoice.ids).create({
                "payment_date": on_date,
                **({"amount": amount} if amount else {}),
            })
        return register._create_payments()

    @classmethod
    def _process(cls, name, pool, rank, steps, company=None, **values):
        return cls.env["collection.process"].create({
            "name": name, "pool_id": pool.id if pool else False, "rank": rank,
            "company_id": (company or cls.company_a).id,
            "user_id": cls.manager.id,
            "step_ids": [Command.create(step) for step in steps],
            **values,
        })

    def _step(self, process, name):
        return process.step_ids.filtered(lambda s: s.name == name)

    @staticmethod
    def _keys(actions):
        return sorted((a.partner_id.id, a.step_id.id, a.move_id.id, a.action_type) for a in actions)


STEPS = [
    {"sequence": 1, "name": "Call", "action_type": "activity", "timing": "after", "days": 5,
     "activity_summary": "Call about the invoice", "activity_days": 2},
    {"sequence": 2, "name": "Mail", "action_type": "email", "timing": "after", "days": 15},
    {"sequence": 3, "name": "Letter", "action_type": "letter", "timing": "after", "days": 30},
]


@tagged("post_install", "-at_install")
class TestCollectionProcess(CollectionProcessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        steps = [dict(step) for step in STEPS]
        steps[1]["mail_template_id"] = cls.template.id
        cls.process = cls._process("Process A", cls.pool_a, 1, steps)
        cls.call = cls.process.step_ids.filtered(lambda s: s.name == "Call")
        cls.mail = cls.process.step_ids.filtered(lambda s: s.name == "Mail")
        cls.letter = cls.process.step_ids.filtered(lambda s: s.name == "Letter")

    def _run(self, date=None, user=None, process=None):
        """A run, then its e-mails and letters as the document queue makes them."""
        actions = (process or self.process).with_user(user or self.manager).run(
            date or self.today)
        self.env["collection.action"]._collection_produce_documents(actions.ids)
        return actions

    # -- validation -------------------------------------------------------------
    def test_bad_input_is_refused_naming_field_and_value(self):
        Process = self.env["collection.process"].with_user(self.manager)
        with self.assertRaisesRegex(ValidationError, "Quiet days: -2"):
            Process.create({"name": "Q", "rank": 50, "quiet_days": -2})
        with self.assertRaisesRegex(ValidationError, "Days: -3"):
            Process.create({"name": "D", "rank": 51, "step_ids": [Command.create(
                {"name": "Neg", "action_type": "activity", "timing": "after", "days": -3})]})
        with self.assertRaisesRegex(ValidationError, "Rank: 1 "):
            Process.create({"name": "Same rank", "rank": 1})
        with self.assertRaisesRegex(ValidationError, "Customer Pool: Test pool A "):
            Process.create({"name": "Same pool", "rank": 52, "pool_id": self.pool_a.id})
        with self.assertRaisesRegex(ValidationError, "Pre-reminder: set on P1, P2"):
            Process.create({"name": "Two pre", "rank": 53, "step_ids": [
                Command.create({"name": "P1", "action_type": "activity", "days": 1,
                                "timing": "before", "pre_reminder": True}),
                Command.create({"name": "P2", "action_type": "activity", "days": 2,
                                "timing": "before", "pre_reminder": True})]})
        # A pre-reminder warns before the due date (the engine's validate_step).
        for timing, days in (("after", 2), ("before", 0)):
            with self.subTest(timing=timing, days=days), self.assertRaisesRegex(
                    ValidationError, rf"Pre-reminder: step Late acts .*, {days} days; a "
                    r"pre-reminder warns before the due date \(When: Before due date"):
                Process.create({"name": "Late pre", "rank": 54, "step_ids": [Command.create(
                    {"name": "Late", "action_type": "activity", "days": days,
                     "timing": timing, "pre_reminder": True})]})
        # The same rank in another company is fine.
        other = Process.create({"name": "B rank 1", "rank": 1, "company_id": self.company_b.id})
        self.assertEqual(other.rank, 1)

    # -- assignment -------------------------------------------------------------
    def test_assignment_by_rank_preview_and_manual(self):
        vip_process = self._process("VIP", self.pool_a_vip, 0, [])
        wide_pool = self.env["collection.pool"].create({
            "name": "Wide", "company_id": self.company_a.id,
            "partner_domain": "[('ref', 'in', ('COLLTEST', 'COLLVIP'))]"})
        wide = self._process("Wide", wide_pool, 5, [])
        plain = self._customer("Plain Customer")
        vip = self._customer("Vip Customer", ref="COLLVIP")
        nobody = self._customer("Nobody", ref="NOPOOL")
        as_agent = self.env["res.partner"].with_user(self.agent)
        self.assertEqual(as_agent.browse(plain.id).collection_preview_process(), self.process)
        self.assertEqual(as_agent.browse(vip.id).collection_preview_process(), vip_process)
        self.assertFalse(as_agent.browse(nobody.id).collection_preview_process())
        self.assertIn(plain, self.process.with_user(self.agent).collection_preview_partners())
        self.assertNotIn(vip, wide.collection_preview_partners())
        preview = self.env["collection.assignment.preview"].with_user(self.agent).browse(
            plain.with_user(self.agent).action_preview_collection_process()["res_id"])
        self.assertEqual(preview.line_ids.process_id, self.process)
        self.assertIn("rank 1, best of 2", preview.line_ids.reason)

        # Manual assignment of many customers, then cleared.
        wizard = self.env["collection.assignment.wizard"].with_user(self.manager).with_context(
            active_model="res.partner", active_ids=[plain.id, nobody.id]).create(
            {"process_id": wide.id})
        wizard.action_apply()
        self.assertEqual(plain.collection_preview_process(), wide)
        self.assertEqual(nobody.collection_preview_process(), wide)
        taken = set(wide.collection_preview_partners().ids)
        self.assertEqual(taken & {plain.id, nobody.id, vip.id}, {plain.id, nobody.id})
        # The manual assignment is per company.
        self.assertEqual(plain.with_company(self.company_b).collection_process_id.id, False)
        self.env["collection.assignment.wizard"].with_user(self.manager).create(
            {"partner_ids": [Command.set([plain.id, nobody.id])], "process_id": False}
        ).action_apply()
        self.assertEqual(plain.collection_preview_process(), self.process)
        self.assertFalse(nobody.collection_preview_process())
        with self.assertRaises(AccessError):
            self.env["collection.assignment.wizard"].with_user(self.agent).create(
                {"partner_ids": [Command.set(plain.ids)], "process_id": wide.id})

    # -- steps ------------------------------------------------------------------
    def test_latest_step_once_per_kind_and_never_twice(self):
        customer = self._customer("Step Customer")
        contact = self.env["res.partner"].create({
            "name": "AP Contact", "parent_id": customer.id, "email": "ap@step.example.com"})
        customer.collection_contact_id = contact
        customer.collection_agent_id = self.agent
        invoice = self._invoice(customer, due_in=-6)
        # Activity step (+5) reached.
        actions = self._run()
        self.assertEqual(len(actions), 1)
        self.assertEqual((actions.step_id, actions.move_id, actions.state),
                         (self.call, invoice, "done"))
        self.assertEqual(actions.activity_id.res_id, invoice.id)
        self.assertEqual(actions.activity_id.user_id, self.agent)
        self.assertEqual(actions.activity_id.summary, "Call about the invoice")
        self.assertEqual(actions.activity_id.date_deadline, self.today + timedelta(days=2))
        self.assertFalse(self._run(), "a second run on the same date creates nothing")
        # Ten days later the e-mail step (+15) is reached.
        later = self.today + timedelta(days=10)
        actions = self._run(later)
        self.assertEqual((actions.step_id, actions.action_type, actions.state),
                         (self.mail, "email", "sending"), actions.error)
        self.assertIn(contact.id, actions.mail_id.recipient_ids.ids)
        self.assertIn(invoice.name, actions.mail_message_id.subject)
        self.assertEqual(actions.mail_message_id.model, "res.partner")
        self.assertEqual(actions.mail_message_id.res_id, customer.id)
        self.assertTrue(actions.mail_message_id.attachment_ids, "the invoice is attached")
        self.assertEqual(actions.mail_id.state, "outgoing", "queued, not sent")
        self.assertFalse(self._run(later))
        # Never back to an earlier step, even on an earlier date.
        self.assertFalse(self._run(self.today))
        # The letter step (+30).
        letter_day = self.today + timedelta(days=25)
        actions = self._run(letter_day)
        self.assertEqual((actions.step_id, actions.action_type, actions.state),
                         (self.letter, "letter", "done"), actions.error)
        self.assertEqual(actions.attachment_id.res_model, "res.partner")
        self.assertEqual(actions.attachment_id.res_id, customer.id)
        self.assertIn(invoice.name, actions.attachment_id.raw.decode())
        self.assertIn(actions.attachment_id, actions.mail_message_id.attachment_ids)
        self.assertFalse(self._run(letter_day))

    def test_old_debt_takes_only_the_latest_step_then_next_invoice_leads(self):
        customer = self._customer("Old Debt")
        old = self._invoice(customer, due_in=-40)
        newer = self._invoice(customer, due_in=-7)
        actions = self._run()
        self.assertEqual(len(actions), 1)
        self.assertEqual((actions.step_id, actions.move_id), (self.letter, old))
        self.assertIn("2 earlier steps skipped", actions.reason)
        self._pay(old, self.today)
        actions = self._run(self.today + timedelta(days=1))
        self.assertEqual((actions.step_id, actions.move_id), (self.call, newer))

    def test_simulate_shows_what_run_does_and_writes_nothing(self):
        customers = [self._customer(f"Sim {i}") for i in range(3)]
        for index, customer in enumerate(customers):
            self._invoice(customer, due_in=-6 - 12 * index)
        counts = [self.env[model].search_count([]) for model in
                  ("collection.action", "mail.activity", "mail.mail", "ir.attachment")]
        simulated = self.process.with_user(self.agent).simulate(self.today)
        self.assertEqual(
            [self.env[model].search_count([]) for model in
             ("collection.action", "mail.activity", "mail.mail", "ir.attachment")], counts)
        self.assertEqual({row["action_type"] for row in simulated}, {"activity", "email", "letter"})
        self.assertTrue(all(row["process_id"] == self.process.id for row in simulated))
        actions = self._run()
        self.assertEqual(
            sorted((r["partner_id"], r["step_id"], r["move_id"], r["action_type"])
                   for r in simulated), self._keys(actions))
        self.assertFalse(self.process.simulate(self.today), "nothing left to do today")
        # The simulation screen.
        action = self.process.with_user(self.agent).action_simulate()
        screen = self.env["collection.simulation"].with_user(self.agent).browse(action["res_id"])
        screen.date = self.today + timedelta(days=20)
        screen.action_simulate()
        self.assertTrue(screen.line_ids)

    def test_agent_simulates_but_cannot_run(self):
        self._invoice(self._customer("Agent Sim"), due_in=-6)
        self.assertTrue(self.process.with_user(self.agent).simulate(self.today))
        with self.assertRaises(AccessError):
            self.process.with_user(self.agent).run(self.today)

    def test_query_count_does_not_grow_with_customers(self):
        def count_queries(count):
            pool = self.env["collection.pool"].create({
                "name": f"Count {count}", "company_id": self.company_a.id,
                "partner_domain": f"[('ref', '=', 'COUNT{count}')]"})
            process = self._process(f"Count {count}", pool, 100 + count, [dict(STEPS[0])])
            for index in range(count):
                self._invoice(self._customer(f"Count {count} {index}", ref=f"COUNT{count}"),
                              due_in=-6)
            process.with_user(self.manager).simulate(self.today)  # warm the caches
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            rows = process.with_user(self.manager).simulate(self.today)
            self.assertEqual(len(rows), count)
            return self.env.cr.sql_log_count - before
        few = count_queries(2)
        self.assertLessEqual(count_queries(8), few)

    # -- quiet days, exclusions --------------------------------------------------
    def test_run_query_count_does_not_grow_with_customers(self):
        """A run's queries are per batch: activities, queued e-mails and letters
        and the history are each created at once for the whole batch."""
        def count_queries(count):
            pool = self.env["collection.pool"].create({
                "name": f"Run count {count}", "company_id": self.company_a.id,
                "partner_domain": f"[('ref', '=', 'RUNCOUNT{count}')]"})
            steps = [dict(step) for step in STEPS]
            steps[1]["mail_template_id"] = self.template.id
            process = self._process(f"Run count {count}", pool, 200 + count, steps)
            for index in range(count):
                customer = self._customer(f"Run count {count} {index}", ref=f"RUNCOUNT{count}")
                self._invoice(customer, due_in=(-6, -16, -31)[index % 3])
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            actions = process.with_user(self.manager).run(self.today)
            self.assertEqual(len(actions), count)
            self.assertEqual(set(actions.mapped("state")), {"done", "queued"})
            return self.env.cr.sql_log_count - before
        few = count_queries(3)
        self.assertLessEqual(count_queries(12), few + 2)

    def test_run_queues_documents_and_the_queue_produces_them(self):
        mail_customer = self._customer("Queue Mail")
        self._invoice(mail_customer, due_in=-16)
        letter_customer = self._customer("Queue Letter")
        self._invoice(letter_customer, due_in=-31)
        customers = mail_customer | letter_customer
        chatter = [("model", "=", "res.partner"), ("res_id", "in", customers.ids)]
        messages = self.env["mail.message"].search_count(chatter)
        cron = self.env.ref(f"{MODULE}.ir_cron_collection_documents")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        actions = self.process.with_user(self.manager).run(self.today)
        self.assertEqual(sorted(actions.mapped("action_type")), ["email", "letter"])
        self.assertEqual(set(actions.mapped("state")), {"queued"})
        self.assertFalse(actions.mail_message_id)
        self.assertFalse(actions.attachment_id)
        self.assertEqual(self.env["mail.message"].search_count(chatter), messages,
                         "the run renders and posts nothing")
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
                        - triggers, "the run starts the document queue")
        self.assertFalse(self._run(), "a queued action is not taken twice")
        self.env["collection.action"]._cron_produce_documents()
        self.assertEqual(sorted(actions.mapped("state")), ["done", "sending"],
                         actions.mapped("error"))
        mail = actions.filtered(lambda a: a.action_type == "email")
        self.assertEqual(mail.state, "sending", "done once the mail server accepts it")
        self.assertEqual(mail.mail_message_id.res_id, mail_customer.id)
        self.assertEqual(mail.mail_id.state, "outgoing", "queued, not sent")
        letter = actions.filtered(lambda a: a.action_type == "letter")
        self.assertEqual(letter.attachment_id.res_id, letter_customer.id)
        self.assertFalse(self.env["collection.action"]._collection_produce_documents(),
                         "the queue is empty")

    def test_quiet_days_hold_even_after_payment(self):
        self.process.quiet_days = 5
        customer = self._customer("Quiet Customer")
        self._invoice(customer, due_in=-6)
        leading = self._invoice(customer, due_in=-8)
        self.assertEqual(self._run().move_id, leading)
        self._pay(leading, self.today)
        self.assertFalse(self._run(self.today + timedelta(days=2)), "within quiet days")
        self.assertFalse(self.process.simulate(self.today + timedelta(days=4)))
        self.assertTrue(self._run(self.today + timedelta(days=5)))

    def test_exclusions(self):
        held = self._customer("Held Customer")
        on_hold = self._invoice(held, due_in=-40)
        on_hold.collection_on_hold = True
        leading = self._invoice(held, due_in=-6)
        small = self._customer("Small Customer")
        self._invoice(small, due_in=-40, amount=20)
        actions = self._run().filtered(lambda a: a.partner_id == held)
        self.assertEqual(actions.move_id, leading, "on-hold invoices never lead")

        self.process.write({"exclude_mode": "invoice_amount", "exclude_amount": 50})
        big = self._customer("Big Customer")
        self._invoice(big, due_in=-40, amount=20)
        big_leading = self._invoice(big, due_in=-20, amount=80)
        rows = self.process.simulate(self.today + timedelta(days=1))
        self.assertEqual([(r["partner_id"], r["move_id"]) for r in rows],
                         [(big.id, big_leading.id)])

        self.process.write({"exclude_mode": "aged_balance", "exclude_amount": 150})
        rows = self.process.simulate(self.today + timedelta(days=1))
        self.assertEqual([r["partner_id"] for r in rows], [], "aged balances 100 and 20 < 150")

    # -- pre-reminder -------------------------------------------------------------
    def test_pre_reminder_once_per_invoice(self):
        pre = self.env["collection.process.step"].create({
            "process_id": self.process.id, "name": "Notice", "action_type": "email",
            "timing": "before", "days": 3, "pre_reminder": True,
            "mail_template_id": self.env.ref(f"{MODULE}.mail_template_collection_pre_reminder").id,
        })
        customer = self._customer("Pre Customer")
        soon = self._invoice(customer, due_in=2)
        later = self._invoice(customer, due_in=10)
        actions = self._run()
        self.assertEqual([(a.kind, a.step_id, a.move_id, a.state) for a in actions],
                         [("pre_reminder", pre, soon, "sending")])
        self.assertFalse(self._run())
        day = self.today + timedelta(days=8)
        actions = self._run(day)
        # Was: the pre-reminder of the later invoice too. As in the seed, none
        # while the customer has an older item overdue: the call for that one.
        self.assertEqual(sorted((a.kind, a.move_id.id) for a in actions),
                         [("step", soon.id)], "the call for the overdue invoice only")
        self._pay(soon, day)
        actions = self._run(day)
        self.assertEqual([(a.kind, a.move_id) for a in actions], [("pre_reminder", later)],
                         "the overdue invoice paid: the later one's pre-reminder")
        self.assertFalse(self._run(day))

    # -- prediction ---------------------------------------------------------------
    def test_prediction_activity_for_late_payers(self):
        activity_type = self.env["mail.activity.type"].create({"name": "Predicted late"})
        self.company_a.write({"collection_prediction_activity_type_id": activity_type.id,
                              "collection_prediction_summary": "Call before it is late",
                              "collection_prediction_days_before": 7})
        self.process.use_prediction = True
        late_payer = self._customer("Late Payer")
        on_time = self._customer("On Time Payer")
        for weeks in (12, 9, 6, 4):
            paid_late = self._invoice(late_payer, due_in=-7 * weeks)
            self._pay(paid_late, paid_late.invoice_date_due + timedelta(days=20))
            paid_early = self._invoice(on_time, due_in=-7 * weeks)
            self._pay(paid_early, paid_early.invoice_date_due - timedelta(days=2))
        upcoming = self._invoice(late_payer, due_in=3)
        self._invoice(on_time, due_in=3)
        self._invoice(late_payer, due_in=30)
        actions = self._run()
        self.assertEqual([(a.kind, a.partner_id, a.move_id) for a in actions],
                         [("prediction", late_payer, upcoming)])
        self.assertEqual(actions.activity_id.activity_type_id, activity_type)
        self.assertEqual(actions.activity_id.summary, "Call before it is late")
        self.assertIn("days late on average", actions.reason)
        self.assertFalse(self._run())

    # -- failures and retry ------------------------------------------------------
    def test_failed_email_is_recorded_and_retried(self):
        no_mail = self._customer("No Mail Customer", email=False)
        fine = self._customer("Fine Customer")
        invoice = self._invoice(no_mail, due_in=-16)
        self._invoice(fine, due_in=-16)
        actions = self._run()
        failed = actions.filtered(lambda a: a.state == "failed")
        self.assertEqual(failed.partner_id, no_mail)
        self.assertIn("No Mail Customer has no e-mail address", failed.error)
        self.assertEqual(actions.filtered(lambda a: a.state == "sending").partner_id, fine)
        self.assertFalse(self._run(), "a failed action is retried from the history, not re-run")
        no_mail.email = "found@example.com"
        failed.with_user(self.agent).action_retry()
        self.assertEqual(failed.state, "sending")
        self.assertFalse(failed.error)
        self.assertIn(invoice.name, failed.mail_message_id.subject)
        with self.assertRaises(UserError):
            failed.action_retry()

    def test_email_in_recipient_language(self):
        for code in ("fr_FR", "nb_NO"):
            self.env["res.lang"]._activate_lang(code)
        template = self.template.copy({"subject": "Invoice {{ object.name }} overdue"})
        template.with_context(lang="fr_FR").subject = "Facture {{ object.name }} en retard"
        template.with_context(lang="nb_NO").subject = "Faktura {{ object.name }} forfalt"
        self.mail.mail_template_id = template
        french = self._customer("French Customer", lang="fr_FR")
        norwegian = self._customer("Norwegian Customer", lang="nb_NO")
        # The recipient's language counts, not the customer's.
        contact = self.env["res.partner"].create({
            "name": "Norsk Contact", "parent_id": french.id, "lang": "nb_NO",
            "email": "norsk@example.com"})
        french_by_contact = self._customer("French By Contact", lang="fr_FR")
        french_by_contact.collection_contact_id = self.env["res.partner"].create({
            "name": "Contact FR", "parent_id": french_by_contact.id, "lang": "fr_FR",
            "email": "fr@example.com"})
        self.assertTrue(contact)
        for customer in (french, norwegian, french_by_contact):
            self._invoice(customer, due_in=-16)
        actions = self._run()
        subjects = {a.partner_id: a.mail_message_id.subject for a in actions}
        self.assertTrue(subjects[french].startswith("Facture"), subjects)
        self.assertTrue(subjects[norwegian].startswith("Faktura"), subjects)
        self.assertTrue(subjects[french_by_contact].startswith("Facture"), subjects)
        self.mail.recipient = "agent"
        self.agent.partner_id.lang = "nb_NO"
        french.collection_agent_id = self.agent
        self._invoice(french, due_in=-60, amount=10)
        self.mail.days = 50  # the new oldest invoice reaches the e-mail step
        actions = self._run().filtered(lambda a: a.partner_id == french)
        self.assertTrue(actions.mail_message_id.subject.startswith("Faktura"),
                        "the agent reads Norwegian")
        self.assertIn(self.agent.partner_id, actions.mail_message_id.partner_ids)

    # -- companies, locks, cron -----------------------------------------------------
    def test_two_companies(self):
        process_b = self._process("Process B", self.pool_b, 1, [dict(STEPS[0])],
                                  company=self.company_b)
        customer = self._customer("Both Companies")
        invoice_a = self._invoice(customer, due_in=-6)
        invoice_b = self._invoice(customer, due_in=-6, company=self.company_b)
        manager_b = self.env["collection.process"].with_user(self.manager).with_company(
            self.company_b)
        rows = manager_b.browse().simulate(self.today)
        self.assertEqual([(r["process_id"], r["move_id"]) for r in rows],
                         [(process_b.id, invoice_b.id)])
        self.assertEqual(customer.with_company(self.company_b).collection_preview_process(),
                         process_b)
        actions_a = self.env["collection.process"].with_user(self.manager).browse().run(self.today)
        self.assertEqual(actions_a.move_id, invoice_a)
        self.assertEqual(actions_a.company_id, self.company_a)
        actions_b = manager_b.browse().run(self.today)
        self.assertEqual(actions_b.move_id, invoice_b)
        self.assertEqual(actions_b.company_id, self.company_b)
        # A user of company A only sees company A's processes and history.
        self.manager.company_ids = self.company_a
        visible = self.env["collection.action"].with_user(self.manager).search([])
        self.assertNotIn(actions_b, visible)

    def test_concurrent_run_is_refused(self):
        self._invoice(self._customer("Locked Customer"), due_in=-6)
        other = odoo.sql_db.db_connect(self.env.cr.dbname).cursor()
        try:
            other.execute("SELECT pg_advisory_xact_lock(%s, %s)",
                          [LOCK_KEYS["process"], self.process.id])
            with self.assertRaisesRegex(UserError, "already running"):
                self._run()
            self.assertTrue(self.process.simulate(self.today), "simulating needs no lock")
        finally:
            other.rollback()
            other.close()
        self.assertTrue(self._run())

    def test_cron_runs_every_company(self):
        self._process("Process B", self.pool_b, 1, [dict(STEPS[0])], company=self.company_b)
        customer = self._customer("Cron Customer")
        invoice_a = self._invoice(customer, due_in=-6)
        invoice_b = self._invoice(customer, due_in=-6, company=self.company_b)
        self.env["collection.process"]._cron_run_processes()
        actions = self.env["collection.action"].search([("partner_id", "=", customer.id)])
        self.assertEqual(set(actions.move_id.ids), {invoice_a.id, invoice_b.id})
        self.env["collection.process"]._cron_run_processes()
        self.assertEqual(
            self.env["collection.action"].search_count([("partner_id", "=", customer.id)]), 2)
        cron = self.env.ref(f"{MODULE}.ir_cron_collection_process")
        self.assertEqual(cron.interval_type, "days")

    def test_history_views_and_buttons(self):
        customer = self._customer("History Customer")
        self._invoice(customer, due_in=-6)
        self._run()
        self.assertEqual(self.process.action_count, 1)
        self.assertEqual(customer.with_user(self.agent).collection_action_count, 1)
        action = customer.with_user(self.agent).action_view_collection_actions()
        self.assertEqual(self.env["collection.action"].search_count(action["domain"]), 1)
        self.assertEqual(self.pool_a.process_id, self.process)
        self.assertGreaterEqual(self.process.partner_count, 1)


@tagged("post_install", "-at_install")
class TestProcessDemoData(TransactionCase):
    def test_demo_processes_and_history(self):
        france = self.env.ref(f"{MODULE}.demo_process_france", raise_if_not_found=False)
        if not france:
            self.skipTest("installed without demo data")
        norway = self.env.ref(f"{MODULE}.demo_process_norway")
        self.assertNotEqual(france.pool_id, norway.pool_id)
        for process in (france, norway):
            self.assertEqual(set(process.step_ids.mapped("action_type")),
                             {"activity", "email", "letter"})
        processes = france | norway
        history = self.env["collection.action"].search([("process_id", "in", processes.ids)])
        self.assertEqual(set(history.process_id.ids), {france.id, norway.id})
        self.assertEqual(set(history.mapped("action_type")), {"activity", "email", "letter"})
