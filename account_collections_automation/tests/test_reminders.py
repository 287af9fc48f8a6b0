# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from contextlib import contextmanager
from datetime import date, timedelta

from odoo import SUPERUSER_ID, Command, api, fields, sql_db
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.account_collections_automation.engine import reminders as engine

TODAY = date(2025, 3, 10)
REPORT = "account_collections_automation.action_report_collection_reminder"


class ReminderCommon(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Messages are checked in English; the database may default to French.
        cls.env["res.lang"]._activate_lang("en_US")
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.company_a = cls.company_data["company"]
        cls.company_b = cls.setup_other_company(name="Reminders Company B")["company"]
        cls.foreign = cls.setup_other_currency("EUR", rates=[("2024-01-01", 2.0)])
        if cls.foreign == cls.company_a.currency_id:
            cls.foreign = cls.setup_other_currency("USD", rates=[("2024-01-01", 2.0)])
        cls.income = cls.company_data["default_account_revenue"]
        cls.journal_misc = cls.company_data["default_journal_misc"]
        cls.company_a.sudo().write({
            "collection_reminder_journal_id": cls.journal_misc.id,
            "collection_fee_account_id": cls.income.id,
            "collection_interest_account_id": cls.income.id,
        })
        cls.manager = cls.env["res.users"].sudo().create({
            "name": "Collections Manager",
            "login": "reminders_manager",
            "email": "manager@example.com",
            "company_id": cls.company_a.id,
            "company_ids": [Command.set((cls.company_a | cls.company_b).ids)],
            "groups_id": [Command.set([
                cls.env.ref("account_collections_automation.group_collections_manager").id,
                cls.env.ref("account.group_account_manager").id,
                cls.env.ref("base.group_partner_manager").id,
            ])],
        })
        cls.env = cls.env(user=cls.manager, context=dict(
            cls.env.context, allowed_company_ids=[cls.company_a.id]))
        cls.company_a = cls.company_a.with_env(cls.env)
        cls.term = cls._make_term(cls.company_a, "Standard")
        cls.customer = cls._customer("Customer One", cls.term)

    def _activate_french(self):
        """French, as the test needs it: installed and the module's terms
        loaded (a database may have English only, as in OCA's CI); as
        superuser, since activating a language is an administrator's job."""
        self.env["res.lang"].sudo()._activate_lang("fr_FR")
        self.env["ir.module.module"].sudo()._load_module_terms(
            ["account_collections_automation"], ["fr_FR"], overwrite=True)

    @classmethod
    def _make_term(cls, company, name, **values):
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=company.ids))
        return env["collection.reminder.term"].create({
            "name": name,
            "company_id": company.id,
            "level_ids": [
                Command.create({
                    "level": 1, "grace_period": "5D", "due_date_formula": "10D",
                    "beginning_text": "<p>Friendly first reminder text</p>",
                    "ending_text": "<p>Thank you for paying soon</p>",
                }),
                Command.create({
                    "level": 2, "grace_period": "0D", "due_date_formula": "7D",
                    "additional_fee": 10.0, "fee_per_line": 1.0,
                }),
                Command.create({
                    "level": 3, "grace_period": "0D", "due_date_formula": "7D",
                    "additional_fee": 20.0, "calculate_interest": True, "interest_rate": 10.0,
                }),
            ],
            **values,
        })

    @classmethod
    def _customer(cls, name, term, company=None, email=True):
        # English customers: the database's default partner language may be French,
        # and reports and mail templates render in the customer's language.
        partner = cls.env["res.partner"].create({
            "name": name, "is_company": True, "customer_rank": 1, "lang": "en_US",
            "email": f"{name.lower().replace(' ', '.')}@example.com" if email else False,
        })
        partner.with_company(company or cls.company_a).collection_reminder_term_id = term
        return partner

    def _invoice(self, partner, due, amount=100.0, currency=None, company=None):
        company = company or self.company_a
        move = self.env["account.move"].with_company(company).create({
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "company_id": company.id,
            "currency_id": (currency or company.currency_id).id,
            "invoice_date": due - timedelta(days=30),
            "invoice_date_due": due,
            "invoice_line_ids": [Command.create({
                "name": "Services", "quantity": 1, "price_unit": amount, "tax_ids": [],
            })],
        })
        move.action_post()
        return move

    def _pay(self, invoice, amount, pay_date):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": amount, "payment_date": pay_date}).action_create_payments()

    def _receivable(self, invoice):
        return invoice.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable")

    @contextmanager
    def refused(self, exception, regex):
        """Expect ``exception`` matching ``regex``; roll back what it left in the cache."""
        with self.assertRaisesRegex(exception, regex), self.env.cr.savepoint():
            yield

    @property
    def Reminder(self):
        return self.env["collection.reminder"]


@tagged("post_install", "-at_install")
class TestReminderConfiguration(ReminderCommon):
    def test_date_formulas_are_validated_with_position(self):
        level = self.term.level_ids.filtered(lambda lv: lv.level == 1)
        with self.refused(ValidationError, r"Grace Period.*'5X'.*unknown unit.*position 1"):
            level.grace_period = "5X"
        with self.refused(ValidationError, r"Due Date Calculation.*'CM\+'.*position 3"):
            level.due_date_formula = "CM+"
        with self.refused(ValidationError, r"Date Formula.*'D32'.*position 1"):
            self.env["collection.automation"].create(
                {"name": "Bad", "cadence": "custom", "date_formula": "D32"})
        with self.refused(ValidationError, "Date Formula"):
            self.env["collection.automation"].create({"name": "Empty", "cadence": "custom"})

    def test_levels_numbered_and_amounts_not_negative(self):
        with self.refused(ValidationError, r"numbered 1 to 2, got 1, 3"):
            self.env["collection.reminder.term"].create({
                "name": "Gap", "level_ids": [Command.create({"level": 1}),
                                             Command.create({"level": 3})]})
        level = self.term.level_ids[0]
        with self.refused(ValidationError, r"Additional Fee of level 1: -5.0"):
            level.additional_fee = -5
        with self.refused(ValidationError, r"Yearly Interest Rate.*-1.0"):
            level.interest_rate = -1
        with self.refused(ValidationError, "Minimum Amount"):
            self.term.minimum_amount = -1
        with self.refused(ValidationError, r"Level: 0 must be 1 or more"):
            level.level = 0
        with self.refused(ValidationError,
                          rf"Additional Fee per Line in {self.foreign.name}: -2.0 must not"):
            level.currency_fee_ids = [Command.create(
                {"currency_id": self.foreign.id, "fee_per_line": -2})]

    def test_levels_get_default_templates_and_send_needs_them(self):
        templates = self.term.level_ids.mapped("mail_template_id")
        self.assertEqual(len(templates), 3)
        self.term.level_ids[1].mail_template_id = False
        automation = self.env["collection.automation"].create(
            {"name": "Send", "term_ids": [Command.set(self.term.ids)]})
        with self.refused(ValidationError, "Level 2 have no e-mail template"):
            automation.action_ids = [Command.create({"action_type": "send"})]
        automation.action_ids = [Command.create({"action_type": "send", "send_method": "print"})]
        self.assertEqual(automation.action_ids.send_method, "print")

    def test_action_filter_is_validated(self):
        automation = self.env["collection.automation"].create({"name": "Filter"})
        with self.refused(ValidationError, "Filter: .*no_such_field"):
            automation.action_ids = [Command.create(
                {"action_type": "create", "filter_domain": "[('no_such_field', '=', 1)]"})]


@tagged("post_install", "-at_install")
class TestReminders(ReminderCommon):
    def test_levels_grace_issue_fees_and_cancel(self):
        old = self._invoice(self.customer, TODAY - timedelta(days=20), 300)
        recent = self._invoice(self.customer, TODAY - timedelta(days=3), 200)  # within grace
        future = self._invoice(self.customer, TODAY + timedelta(days=10), 50)
        self._pay(old, 100, TODAY - timedelta(days=2))

        reminder = self.Reminder.create_reminders(self.customer, date=TODAY)
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.state, "draft")
        self.assertEqual(reminder.level, 1)
        self.assertEqual(reminder.due_date, TODAY + timedelta(days=10))
        lines = reminder.line_ids
        self.assertEqual(set(lines.mapped("move_id").ids), {old.id, recent.id})
        old_line = lines.filtered(lambda line: line.move_id == old)
        self.assertEqual((old_line.level, old_line.new_level, old_line.amount_residual),
                         (1, True, 200.0))
        self.assertEqual(old_line.days_overdue, 20)
        recent_line = lines.filtered(lambda line: line.move_id == recent)
        self.assertEqual((recent_line.level, recent_line.new_level), (0, False))
        self.assertEqual(reminder.remaining_amount, 400.0)
        self.assertEqual((reminder.fee_amount, reminder.interest_amount), (0.0, 0.0))
        self.assertEqual(reminder.total_due, 400.0)
        self.assertNotIn(future, lines.move_id)

        # Same day again: the lines are on a draft reminder already.
        self.assertFalse(self.Reminder.create_reminders(self.customer, date=TODAY))

        reminder.action_issue(TODAY)
        self.assertEqual(reminder.state, "issued")
        self.assertTrue(reminder.name.startswith("REM/"))
        self.assertFalse(reminder.fee_move_id, "level 1 has no fee")
        self.assertEqual(self._receivable(old).collection_reminder_level, 1)
        self.assertEqual(old.collection_reminder_level, 1)
        self.assertEqual(old.collection_last_reminder_date, TODAY)
        self.assertEqual(recent.collection_reminder_level, 0)
        # Issued today: running again today creates nothing for those lines.
        self.assertFalse(self.Reminder.create_reminders(self.customer, date=TODAY))

        # After the first reminder's due date, level 2 with its fees.
        later = TODAY + timedelta(days=11)
        second = self.Reminder.create_reminders(self.customer, date=later)
        self.assertEqual(second.level, 2)
        raised = second.line_ids.filtered("new_level")
        self.assertEqual(raised.move_id, old | recent)
        self.assertEqual(
            {line.move_id: line.level for line in raised}, {old: 2, recent: 1})
        # 10 per reminder + 1 per line getting a new level.
        self.assertEqual(second.fee_amount, 12.0)
        fee_line = second.line_ids.filtered(lambda line: line.line_type == "fee")
        self.assertEqual(fee_line.amount, 12.0)
        second.action_issue(later)
        move = second.fee_move_id
        self.assertEqual(move.state, "posted")
        receivable = move.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable")
        self.assertEqual(receivable.debit, 12.0)
        self.assertEqual(receivable.partner_id, self.customer)
        self.assertEqual(receivable.date_maturity, second.due_date)
        self.assertFalse(receivable.reconciled)
        income = move.line_ids.filtered(lambda line: line.account_id == self.income)
        self.assertEqual(income.credit, 12.0)
        self.assertEqual(old.collection_reminder_level, 2)

        second.action_cancel()
        self.assertEqual(second.state, "cancel")
        reversal = move.reversal_move_ids
        self.assertEqual(reversal.state, "posted")
        self.assertTrue(receivable.reconciled, "the fee is reversed and matched")
        self.assertEqual(old.collection_reminder_level, 1)
        self.assertEqual(self._receivable(recent).collection_reminder_level, 0)

    def _orm_reminder_vals(self, proposal, partner, currency, date, extra_vals):
        """What create() needs for ``proposal``: the values the user would give,
        the ORM completing the rest (defaults, related and computed fields)."""
        lines = [Command.create({
            "sequence": index,
            "line_type": line.line_type,
            "move_line_id": line.move_line_id,
            "move_id": line.move_id,
            "due_date": line.due_date,
            "original_amount": float(line.original_amount),
            "amount_residual": float(line.amount_residual),
            "days_overdue": line.days_overdue,
            "level": line.level,
            "new_level": line.new_level,
            "on_hold": line.on_hold,
            "interest_amount": float(line.interest),
        }) for index, line in enumerate(proposal.lines)]
        if proposal.fee_amount:
            lines.append(Command.create({
                "sequence": len(proposal.lines) + 1, "line_type": "fee",
                "name": "Additional fee", "amount": float(proposal.fee_amount)}))
        if proposal.interest_amount:
            lines.append(Command.create({
                "sequence": len(proposal.lines) + 2, "line_type": "interest",
                "name": "Interest", "amount": float(proposal.interest_amount)}))
        return {
            "partner_id": partner.id, "company_id": self.company_a.id,
            "currency_id": currency.id, "term_id": proposal.term_id,
            "level_id": proposal.level_id, "date": date, "due_date": proposal.due_date,
            "posting_date": date, "vat_date": date, "line_ids": lines, **extra_vals,
        }

    def _rows(self, table, ids, order):
        self.env.flush_all()
        self.env.cr.execute(
            f"SELECT * FROM {table} WHERE id = ANY(%s) ORDER BY {order}", [list(ids)])
        return self.env.cr.dictfetchall()

    def test_bulk_rows_are_what_the_orm_stores(self):
        """Reminders are inserted in SQL (_reminder_rows): every stored column
        holds what create() stores for the same proposal."""
        first = self._invoice(self.customer, TODAY - timedelta(days=40), 1000)
        self._receivable(first).write({
            "collection_reminder_level": 2,
            "collection_last_reminder_date": TODAY - timedelta(days=30)})
        self._invoice(self.customer, TODAY - timedelta(days=40), 100.5)
        held = self._invoice(self.customer, TODAY - timedelta(days=40), 70)
        held.collection_on_hold = True
        self._invoice(self.customer, TODAY + timedelta(days=5), 30)
        # A currency rounding to 0.05: stored amounts follow it, not its decimals.
        nickel = self.env["res.currency"].sudo().create(
            {"name": "XNK", "symbol": "n", "rounding": 0.05})
        self.env["res.currency.rate"].sudo().create({
            "currency_id": nickel.id, "company_id": self.company_a.id,
            "name": TODAY - timedelta(days=100), "rate": 2.0})
        foreign = self._invoice(self.customer, TODAY - timedelta(days=40), 333.35,
                                currency=nickel)
        self._receivable(foreign).write({
            "collection_reminder_level": 2,
            "collection_last_reminder_date": TODAY - timedelta(days=30)})
        automation = self.env["collection.automation"].create({"name": "Bulk"})
        extra_vals = {"automation_id": automation.id}
        options = engine.ReminderOptions(
            set_highest_level=True, include_not_due=True)
        proposals = [
            decision for batch in self.Reminder._propose_reminders(
                self.customer, TODAY, options=options)
            for decision in batch if not isinstance(decision[2], engine.Skip)]
        self.assertEqual(len(proposals), 2)

        # The addon alone (the extension test module is installed elsewhere).
        self.assertTrue(self.Reminder._bulk_insert_supported())
        bulk = self.Reminder._insert_reminders(proposals, self.company_a, TODAY, extra_vals)
        orm = self.Reminder.with_context(tracking_disable=True).create([
            self._orm_reminder_vals(proposal, partner, currency, TODAY, extra_vals)
            for partner, currency, proposal in proposals])
        self.env.flush_all()  # computed totals written by this user, not a later flush's
        # The fallback when another module extends the models: batched create().
        fallback = self.Reminder._create_draft_reminders(
            proposals, self.company_a, TODAY, extra_vals)
        self.assertEqual(len(bulk), 2)
        self.assertTrue(bulk.line_ids.filtered(lambda line: line.line_type == "interest"))
        self.assertEqual(bulk.filtered(lambda r: r.currency_id == nickel).interest_amount,
                         orm.filtered(lambda r: r.currency_id == nickel).interest_amount)
        for created in (bulk, fallback):
            for bulk_row, orm_row in zip(
                    self._rows("collection_reminder", created.ids, "id"),
                    self._rows("collection_reminder", orm.ids, "id"), strict=True):
                self.assertEqual(
                    {**bulk_row, "id": None}, {**orm_row, "id": None}, "collection_reminder")
            for bulk_row, orm_row in zip(
                    self._rows("collection_reminder_line", created.line_ids.ids,
                               "reminder_id, sequence"),
                    self._rows("collection_reminder_line", orm.line_ids.ids,
                               "reminder_id, sequence"),
                    strict=True):
                self.assertEqual({**bulk_row, "id": None, "reminder_id": None},
                                 {**orm_row, "id": None, "reminder_id": None},
                                 "collection_reminder_line")
            # No chatter for drafts, as create() with tracking_disable.
            self.assertFalse(self.env["mail.message"].sudo().search_count(
                [("model", "=", "collection.reminder"), ("res_id", "in", created.ids)]))
            self.assertFalse(self.env["mail.followers"].sudo().search_count(
                [("res_model", "=", "collection.reminder"), ("res_id", "in", created.ids)]))

        # Every stored column is in _reminder_rows but those _insert_rows fills.
        partner, currency, proposal = proposals[0]
        reminder_row, line_rows = self.Reminder._reminder_rows(
            proposal, partner, currency, self.company_a, TODAY, {}, "Fee", "Interest")
        log_columns = {"id", "create_uid", "create_date", "write_uid", "write_date"}

        def columns(model):
            return {name for name, field in model._fields.items()
                    if field.store and field.column_type}

        self.assertEqual(set(reminder_row) | log_columns, columns(self.Reminder))
        Line = self.env["collection.reminder.line"]
        for line_row in line_rows:
            self.assertEqual(set(line_row) | log_columns | {"reminder_id"}, columns(Line))
        # Nor may a stored field elsewhere depend on them: the SQL insert
        # marks nothing to recompute.
        registry = self.env.registry
        for model in (self.Reminder, Line):
            for field in model._fields.values():
                tree, stored_elsewhere = registry.get_trigger_tree([field]), set()
                subtrees = [tree]
                while subtrees:
                    subtree = subtrees.pop()
                    stored_elsewhere |= {
                        str(dependent) for dependent in subtree.root if dependent.store
                        and dependent.model_name not in (self.Reminder._name, Line._name)}
                    subtrees.extend(subtree.values())
                self.assertFalse(stored_elsewhere, f"{field} triggers stored fields elsewhere")

    def test_bulk_insert_is_all_or_nothing(self):
        """A reminder the ORM would refuse (a customer of another company) is
        refused with the ORM's error, and nothing of its batch is left."""
        self._invoice(self.customer, TODAY - timedelta(days=20), 100)
        other = self._customer("Other Customer", self.term)
        self._invoice(other, TODAY - timedelta(days=20), 100)
        proposals = [
            decision for batch in self.Reminder._propose_reminders(self.customer | other, TODAY)
            for decision in batch if not isinstance(decision[2], engine.Skip)]
        self.assertEqual(len(proposals), 2)
        other.sudo().company_id = self.company_b
        count = self.Reminder.search_count([])
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            self.Reminder._insert_reminders(proposals, self.company_a, TODAY)
        self.assertEqual(self.Reminder.search_count([]), count)
        self.assertFalse(self.env["collection.reminder.line"].search_count(
            [("move_id.partner_id", "in", (self.customer | other).ids)]))

    def test_interest_max_reminders_and_minimum(self):
        self.term.write({"max_reminders": 2, "minimum_amount": 50})
        small = self._customer("Small Customer", self.term)
        self._invoice(small, TODAY - timedelta(days=30), 40)
        self.assertFalse(self.Reminder.create_reminders(small, date=TODAY), "below minimum")

        invoice = self._invoice(self.customer, TODAY - timedelta(days=30), 1000)
        receivable = self._receivable(invoice)
        receivable.collection_reminder_level = 2
        receivable.collection_last_reminder_date = TODAY - timedelta(days=60)
        self.assertFalse(self.Reminder.create_reminders(self.customer, date=TODAY),
                         "max_reminders reached")
        self.term.max_reminders = 0
        reminder = self.Reminder.create_reminders(self.customer, date=TODAY)
        self.assertEqual(reminder.level, 3)
        # 1000 * 10% * 30 / 365 = 8.22, from the due date (the later date).
        self.assertAlmostEqual(reminder.interest_amount, 8.22)
        self.assertEqual(reminder.fee_amount, 20.0)
        self.assertAlmostEqual(reminder.total_due, 1028.22)

    def test_options_highest_level_on_hold_not_due(self):
        first = self._invoice(self.customer, TODAY - timedelta(days=40), 100)
        second = self._invoice(self.customer, TODAY - timedelta(days=40), 100)
        held = self._invoice(self.customer, TODAY - timedelta(days=40), 70)
        held.collection_on_hold = True
        upcoming = self._invoice(self.customer, TODAY + timedelta(days=5), 30)
        line = self._receivable(first)
        line.collection_reminder_level = 1
        line.collection_last_reminder_date = TODAY - timedelta(days=30)

        plain = self.Reminder.create_reminders(self.customer, date=TODAY)
        self.assertEqual(plain.line_ids.move_id, first | second)
        overdue = plain.line_ids.filtered(lambda line: line.line_type == "overdue")
        self.assertEqual(sorted(overdue.mapped("level")), [1, 2])
        plain.unlink()

        full = self.Reminder.create_reminders(
            self.customer, date=TODAY, set_highest_level=True, include_not_due=True)
        by_move = {line.move_id: line for line in full.line_ids}
        self.assertEqual(by_move[first].level, 2)
        self.assertEqual(by_move[second].level, 2, "raised to the highest level")
        # Was: with include_on_hold the invoice on hold was listed and counted
        # as owed (270). A reminder never lists an invoice on hold, disputed or
        # promised, and the option is gone.
        self.assertNotIn(held, by_move, "never listed as owed")
        self.assertEqual(by_move[upcoming].line_type, "not_due")
        self.assertEqual(full.remaining_amount, 200.0, "not-due lines are not in the total")

    def test_two_currencies_and_rates(self):
        self._invoice(self.customer, TODAY - timedelta(days=20), 100)
        eur_invoice = self._invoice(self.customer, TODAY - timedelta(days=20), 500,
                                    currency=self.foreign)
        reminders = self.Reminder.create_reminders(self.customer, date=TODAY)
        self.assertEqual(len(reminders), 2)
        foreign = reminders.filtered(lambda r: r.currency_id == self.foreign)
        self.assertEqual(foreign.remaining_amount, 500.0, "amounts in the invoice currency")
        self.assertEqual(foreign.line_ids.move_id, eur_invoice)

        # Fees in a currency without a rate are refused at issue.
        no_rate = self.env["res.currency"].sudo().create(
            {"name": "XRM", "symbol": "x", "rounding": 0.01})
        level = self.term.level_ids.filtered(lambda lv: lv.level == 1)
        level.additional_fee = 5
        foreign.currency_id = no_rate
        foreign.line_ids.filtered(lambda line: line.line_type == "overdue").amount_residual = 500
        foreign.write({"line_ids": [Command.create({"line_type": "fee", "amount": 5.0})]})
        with self.refused(UserError, "XRM has no exchange rate"):
            foreign.action_issue(TODAY)
        # A foreign fee is converted into the company currency on posting.
        foreign.currency_id = self.foreign
        foreign.action_issue(TODAY)
        receivable = foreign.fee_move_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable")
        self.assertEqual(receivable.amount_currency, 5.0)
        self.assertEqual(receivable.currency_id, self.foreign)
        self.assertAlmostEqual(receivable.debit, 2.5)

    def test_fees_converted_only_with_a_rate(self):
        no_rate = self.env["res.currency"].sudo().create(
            {"name": "XRN", "symbol": "y", "rounding": 0.01})
        self.env["res.currency.rate"].sudo().create({
            "currency_id": no_rate.id, "company_id": self.company_a.id,
            "name": TODAY + timedelta(days=30), "rate": 4.0})
        invoice = self._invoice(self.customer, TODAY - timedelta(days=20), 100, currency=no_rate)
        self._receivable(invoice).write({
            "collection_reminder_level": 1,
            "collection_last_reminder_date": TODAY - timedelta(days=15)})
        with self.refused(UserError, "XRN has no exchange rate on or before 2025-03-10"):
            self.Reminder.create_reminders(self.customer, date=TODAY)
        # The levels' own fees in that currency: no conversion needed.
        for level in self.term.level_ids.filtered(lambda lv: lv.level > 1):
            level.currency_fee_ids = [Command.create(
                {"currency_id": no_rate.id, "additional_fee": 40, "fee_per_line": 4})]
        reminder = self.Reminder.create_reminders(self.customer, date=TODAY)
        self.assertEqual(reminder.fee_amount, 44.0)
        self.assertEqual(reminder.currency_id, no_rate)

    def test_agent_creates_issues_and_cancels(self):
        agent = self.env["res.users"].sudo().create({
            "name": "Collections Agent", "login": "reminders_agent",
            "company_id": self.company_a.id, "company_ids": [Command.set(self.company_a.ids)],
            "groups_id": [Command.set([
                self.env.ref("account_collections_automation.group_collections_agent").id])],
        })
        invoice = self._invoice(self.customer, TODAY - timedelta(days=20), 100)
        self._receivable(invoice).write({
            "collection_reminder_level": 1,
            "collection_last_reminder_date": TODAY - timedelta(days=15)})
        Reminder = self.Reminder.with_user(agent)
        reminder = Reminder.create_reminders(self.customer.with_user(agent), date=TODAY)
        reminder.action_issue(TODAY)
        self.assertEqual(reminder.fee_move_id.state, "posted")
        reminder.action_cancel()
        self.assertEqual(reminder.state, "cancel")
        self.assertEqual(invoice.collection_reminder_level, 1)
        with self.refused(AccessError, "Reminder Terms"):
            self.term.with_user(agent).max_reminders = 3

    def test_cancelling_two_reminders_at_once_undoes_both(self):
        """Cancelling a level-1 and a level-2 reminder of the same invoice
        together, oldest first as the list selects them, brings the invoice
        back to level 0 (the engine's restore_levels): the level-1 reminder's
        restore waits for the level-2 one's."""
        invoice = self._invoice(self.customer, TODAY - timedelta(days=20), 300)
        first = self.Reminder.create_reminders(self.customer, date=TODAY)
        first.action_issue(TODAY)
        later = TODAY + timedelta(days=11)
        second = self.Reminder.create_reminders(self.customer, date=later)
        second.action_issue(later)
        self.assertEqual((first.level, second.level), (1, 2))
        self.assertEqual(invoice.collection_reminder_level, 2)
        (first | second).action_cancel()
        self.assertEqual((first + second).mapped("state"), ["cancel", "cancel"])
        receivable = self._receivable(invoice)
        self.assertEqual(receivable.collection_reminder_level, 0)
        self.assertFalse(receivable.collection_last_reminder_date)
        self.assertEqual(invoice.collection_reminder_level, 0)
        self.assertFalse(invoice.collection_last_reminder_date)

    def test_fee_without_account_is_refused(self):
        self.company_a.sudo().collection_fee_account_id = False
        invoice = self._invoice(self.customer, TODAY - timedelta(days=20), 100)
        self._receivable(invoice).write({
            "collection_reminder_level": 1,
            "collection_last_reminder_date": TODAY - timedelta(days=15)})
        reminder = self.Reminder.create_reminders(self.customer, date=TODAY)
        self.assertEqual(reminder.fee_amount, 11.0)
        with self.refused(UserError, "Reminder Fee Income Account"):
            reminder.action_issue(TODAY)
        self.assertEqual(reminder.state, "draft")
        self.term.post_additional_fee = False
        reminder.action_issue(TODAY)
        self.assertFalse(reminder.fee_move_id)

    def test_reminder_written_by_hand(self):
        invoice = self._invoice(self.customer, TODAY - timedelta(days=20), 100)
        level = self.term.level_ids.filtered(lambda lv: lv.level == 1)
        reminder = self.Reminder.create({
            "partner_id": self.customer.id,
            "term_id": self.term.id,
            "level_id": level.id,
            "date": TODAY,
            "due_date": TODAY + timedelta(days=10),
            "line_ids": [Command.create({
                "move_line_id": self._receivable(invoice).id, "move_id": invoice.id,
                "level": 1, "new_level": True, "amount_residual": 100.0,
                "original_amount": 100.0, "due_date": TODAY - timedelta(days=20),
            })],
        })
        self.assertEqual(reminder.currency_id, self.company_a.currency_id)
        self.assertEqual(reminder.line_ids.name, invoice.name)
        self.assertEqual(reminder.total_due, 100.0)
        reminder.action_issue(TODAY)
        self.assertEqual(invoice.collection_reminder_level, 1)
        with self.refused(UserError, "cannot be deleted"):
            reminder.unlink()

    def test_replace_posting_date_moves_due_date(self):
        self._invoice(self.customer, TODAY - timedelta(days=20), 100)
        reminder = self.Reminder.create_reminders(self.customer, date=TODAY)
        due = reminder.due_date
        reminder.action_issue(TODAY + timedelta(days=2), replace_posting_date=True)
        self.assertEqual(reminder.posting_date, TODAY + timedelta(days=2))
        self.assertEqual(reminder.vat_date, TODAY)
        self.assertEqual(reminder.due_date, due + timedelta(days=2))

    def test_two_companies(self):
        term_b = self._make_term(self.company_b, "Company B terms")
        customer_b = self._customer("Customer B", term_b, company=self.company_b)
        self._invoice(customer_b, TODAY - timedelta(days=20), 100, company=self.company_b)
        self._invoice(customer_b, TODAY - timedelta(days=20), 100)  # company A, no term there
        self.assertFalse(self.Reminder.create_reminders(customer_b, date=TODAY))
        env_b = self.env(context=dict(self.env.context, allowed_company_ids=[self.company_b.id]))
        reminder = env_b["collection.reminder"].create_reminders(customer_b, date=TODAY)
        self.assertEqual(reminder.company_id, self.company_b)
        self.assertEqual(reminder.term_id, term_b)
        self.assertEqual(reminder.line_ids.move_id.company_id, self.company_b)
        # Company A's users do not see company B's reminders.
        self.assertNotIn(reminder, self.Reminder.search([]))

    def test_send_by_hand_and_max_send_count(self):
        self._invoice(self.customer, TODAY - timedelta(days=20), 100)
        reminder = self.Reminder.create_reminders(self.customer, date=TODAY)
        with self.refused(UserError, "only issued reminders"):
            reminder.action_send()
        reminder.action_issue(TODAY)
        reminder.action_send(max_send_count=1)
        self.assertEqual(reminder.send_count, 1)
        mail = self.env["mail.mail"].sudo().search(
            [("model", "=", "collection.reminder"), ("res_id", "=", reminder.id)])
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn(reminder.name, mail.subject)
        self.assertTrue(mail.attachment_ids, "the reminder's PDF goes with the e-mail")
        self.assertIn("Reminder sent", reminder.message_ids[0].body)
        sent, skipped, failed = reminder._send_reminders(max_send_count=1)
        self.assertFalse(sent)
        self.assertEqual(len(skipped), 1)
        self.assertIn("maximum is 1", skipped[0][1])

    def test_attach_invoices_and_failures(self):
        invoice = self._invoice(self.customer, TODAY - timedelta(days=20), 100)
        reminder = self.Reminder.create_reminders(self.customer, date=TODAY)
        reminder.action_issue(TODAY)
        reminder.action_send(attach_invoices="overdue")
        mail = self.env["mail.mail"].sudo().search(
            [("model", "=", "collection.reminder"), ("res_id", "=", reminder.id)])
        names = mail.attachment_ids.mapped("name")
        self.assertEqual(len(names), 2, names)
        self.assertTrue(any(invoice.name in name for name in names), names)

        # A template that cannot be rendered: by hand an error, in a run a log line.
        self.term.level_ids.mail_template_id.sudo().subject = "{{ object.no_such_field }}"
        with self.refused(UserError, "no_such_field"):
            reminder.action_send()
        self.assertEqual(reminder.send_count, 1)

    def test_report_in_the_customers_language(self):
        self._activate_french()
        self.customer.lang = "fr_FR"
        level = self.term.level_ids.filtered(lambda lv: lv.level == 1)
        level.with_context(lang="fr_FR").beginning_text = "<p>Premier rappel amical</p>"
        self._invoice(self.customer, TODAY - timedelta(days=20), 100)
        reminder = self.Reminder.create_reminders(self.customer, date=TODAY)
        html = self.env["ir.actions.report"]._render_qweb_html(REPORT, reminder.ids)[0]
        html = html.decode() if isinstance(html, bytes) else html
        self.assertIn("Premier rappel amical", html)
        self.assertNotIn("Friendly first reminder text", html)

    def test_issue_in_french_tracks_the_state(self):
        """Selections from the vocabulary are reflected, so tracking works in any language."""
        self._activate_french()
        env = self.env(context=dict(
            self.env.context, lang="fr_FR", tracking_disable=False, mail_notrack=False))
        selection = env["collection.reminder"].fields_get(["state"])["state"]["selection"]
        self.assertEqual([key for key, _label in selection], ["draft", "issued", "cancel"])
        self._invoice(self.customer, TODAY - timedelta(days=20), 100)
        reminder = env["collection.reminder"].create_reminders(self.customer, date=TODAY)
        with self.env.cr.savepoint():  # runs the tracking, as a commit would
            reminder.action_issue(TODAY)
        tracked = reminder.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "state")
        self.assertTrue(tracked)
        self.assertTrue(env["account.move"].fields_get(
            ["collection_status"])["collection_status"]["selection"])

    def test_report_renders_pdf_and_text(self):
        invoice = self._invoice(self.customer, TODAY - timedelta(days=20), 100)
        upcoming = self._invoice(self.customer, TODAY + timedelta(days=20), 40)
        reminder = self.Reminder.create_reminders(self.customer, date=TODAY, include_not_due=True)
        html = self.env["ir.actions.report"]._render_qweb_html(REPORT, reminder.ids)[0]
        html = html.decode() if isinstance(html, bytes) else html
        self.assertIn("Friendly first reminder text", html)
        self.assertIn("Thank you for paying soon", html)
        self.assertIn(invoice.name, html)
        self.assertIn(upcoming.name, html)
        self.assertIn("Open Entries Not Yet Due", html)
        self.assertIn("Total Due", html)
        # wkhtmltopdf fetches the styles from report.url: not from this
        # process's own server (odoo-bin --test-enable runs one), whose request
        # would wait for this test's uncommitted transaction, forever.
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        pdf, kind = self.env["ir.actions.report"].with_context(
            force_report_rendering=True)._render_qweb_pdf(REPORT, reminder.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))


@tagged("post_install", "-at_install")
class TestReminderAutomation(ReminderCommon):
    def _automation(self, actions, **values):
        return self.env["collection.automation"].create({
            "name": "Automation",
            "term_ids": [Command.set(self.term.ids)],
            "action_ids": [Command.create(vals) for vals in actions],
            **values,
        })

    def test_run_creates_issues_sends_once_per_day(self):
        self._invoice(self.customer, TODAY - timedelta(days=20), 100)
        quiet = self._customer("No Mail Customer", self.term, email=False)
        self._invoice(quiet, TODAY - timedelta(days=20), 100)
        other_terms = self._customer("Other Terms", self._make_term(self.company_a, "Other"))
        self._invoice(other_terms, TODAY - timedelta(days=20), 100)
        automation = self._automation([
            {"sequence": 1, "action_type": "create"},
            {"sequence": 2, "action_type": "issue"},
            {"sequence": 3, "action_type": "send", "max_send_count": 1},
        ])
        preview = self.env["collection.reminder.preview"].browse(
            automation.action_preview()["res_id"])
        self.assertFalse(self.env["collection.reminder"].search_count(
            [("partner_id", "in", (self.customer | quiet).ids)]), "a preview writes nothing")
        logs = automation.run(TODAY)
        created = self.env["collection.reminder"].search([("automation_id", "=", automation.id)])
        self.assertEqual(
            sorted((line.partner_id.id, line.level, line.total_due) for line in preview.line_ids),
            sorted((r.partner_id.id, r.level, r.total_due) for r in created),
            "the preview shows what the run creates")
        self.assertEqual(logs.mapped("action_type"), ["create", "issue", "send"])
        create_log, issue_log, send_log = logs
        self.assertEqual(create_log.created_count, 2, "only customers with the filtered terms")
        self.assertEqual(issue_log.issued_count, 2)
        self.assertEqual((send_log.sent_count, send_log.failed_count), (1, 1))
        error = send_log.line_ids
        self.assertEqual(error.partner_id, quiet)
        self.assertIn("no e-mail address", error.message)
        self.assertTrue(error.reminder_id)
        self.assertEqual(send_log.state, "done", "without stop on error the run goes on")

        again = automation.run(TODAY)
        self.assertEqual(again[0].created_count, 0, "no second reminder on the same day")
        self.assertEqual(self.env["collection.reminder"].search_count(
            [("automation_id", "=", automation.id)]), 2)
        self.assertEqual(automation.log_count, 6)

    def test_stop_on_error(self):
        self.company_a.sudo().collection_fee_account_id = False
        invoice = self._invoice(self.customer, TODAY - timedelta(days=20), 100)
        self._receivable(invoice).write({
            "collection_reminder_level": 1,
            "collection_last_reminder_date": TODAY - timedelta(days=15)})
        automation = self._automation([
            {"sequence": 1, "action_type": "create"},
            {"sequence": 2, "action_type": "issue", "stop_on_error": True},
            {"sequence": 3, "action_type": "send"},
        ])
        logs = automation.run(TODAY)
        self.assertEqual(logs[1].failed_count, 1)
        self.assertIn("Reminder Fee Income Account", logs[1].line_ids.message)
        self.assertEqual(logs[1].line_ids.partner_id, self.customer)
        self.assertEqual(logs[1].state, "failed")
        self.assertEqual(logs[2].state, "stopped")
        self.assertEqual(logs[2].sent_count, 0)
        # Cleared: the send action runs (and finds nothing issued).
        automation.action_ids[1].action_clear_stop_on_error()
        logs = automation.run(TODAY + timedelta(days=1))
        self.assertEqual(logs[2].state, "done")

    def test_move_up_down(self):
        automation = self._automation([
            {"sequence": 1, "action_type": "create"},
            {"sequence": 2, "action_type": "issue"},
        ])
        issue = automation.action_ids.filtered(lambda a: a.action_type == "issue")
        issue.action_move_up()
        ordered = automation.action_ids.sorted("sequence").mapped("action_type")
        self.assertEqual(ordered, ["issue", "create"])
        issue.action_move_down()
        ordered = automation.action_ids.sorted("sequence").mapped("action_type")
        self.assertEqual(ordered, ["create", "issue"])

    def test_start_pause_cron_and_cadence(self):
        manual = self._automation([{"action_type": "create"}])
        self._invoice(self.customer, TODAY - timedelta(days=20), 100)
        manual.action_start()
        self.assertEqual(manual.log_count, 1)
        self.assertFalse(manual.cron_id)

        weekly = self._automation([{"action_type": "create"}], cadence="weekly")
        weekly.action_start()
        self.assertEqual(weekly.state, "active")
        cron = weekly.cron_id.sudo()
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "weeks"))
        self.assertIn(f"_cron_run_automation({weekly.id})", cron.code)
        self.assertEqual(weekly.action_open_cron()["res_id"], cron.id)
        weekly.run(TODAY)
        self.assertEqual(weekly.next_run_date, TODAY + timedelta(days=7))
        weekly.action_pause()
        self.assertEqual(weekly.state, "paused")
        self.assertFalse(cron.active)

        custom = self._automation(
            [{"action_type": "create"}], cadence="custom", date_formula="CM+10D")
        custom.run(date(2025, 1, 17))
        self.assertEqual(custom.next_run_date, date(2025, 2, 10))
        monthly = self._automation([{"action_type": "create"}], cadence="monthly")
        monthly.run(date(2025, 1, 31))
        self.assertEqual(monthly.next_run_date, date(2025, 2, 28))

    def test_start_schedules_the_first_run_from_the_cadence(self):
        today = fields.Date.context_today(self.env.user)
        custom = self._automation(
            [{"action_type": "create"}], cadence="custom", date_formula="CM+10D")
        custom.action_start()
        expected = (today.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        self.assertEqual(custom.next_run_date, expected + timedelta(days=10),
                         "CM+10D: ten days after the end of the month, not today")
        cron = custom.cron_id.sudo()
        self.assertEqual(cron.nextcall.date(), custom.next_run_date)
        # Odoo's scheduler runs the job as an administrator; the run acts as the responsible.
        self.assertEqual(cron.user_id, self.env.ref("base.user_root"))
        self.assertEqual(custom.user_id, self.manager)
        weekly = self._automation([{"action_type": "create"}], cadence="weekly")
        weekly.action_start()
        self.assertEqual(weekly.next_run_date, today)
        # A planned date that is not past is kept when started again.
        custom.action_pause()
        custom.next_run_date = today + timedelta(days=3)
        custom.action_start()
        self.assertEqual(custom.next_run_date, today + timedelta(days=3))

    def test_cron_entry_point_skips_until_next_run(self):
        custom = self._automation(
            [{"action_type": "create"}], cadence="custom", date_formula="1M")
        custom.action_start()
        custom.next_run_date = date.today() + timedelta(days=3)
        self.env["collection.automation"]._cron_run_automation(custom.id)
        self.assertEqual(custom.log_count, 0)
        custom.next_run_date = date.today() - timedelta(days=1)
        self.env["collection.automation"]._cron_run_automation(custom.id)
        custom.invalidate_recordset(["log_count"])
        self.assertEqual(custom.log_count, 1)

    def test_concurrent_runs_are_refused(self):
        """A run locks its automation's row: a second one meanwhile is refused.

        Needs committed data seen from separate connections, so it works with
        its own cursors on the main company and removes what it made.
        """
        database = sql_db.db_connect(self.env.cr.dbname)
        company_id = self.env.ref("base.main_company").id
        with database.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            automation_id = env["collection.automation"].create({
                "name": "Concurrency check", "company_id": company_id,
                "action_ids": [Command.create({"action_type": "issue"})],
            }).id
        try:
            with database.cursor() as locking_cr, database.cursor() as running_cr:
                locking_cr.execute(
                    "SELECT id FROM collection_automation WHERE id = %s FOR UPDATE",
                    [automation_id])
                env = api.Environment(running_cr, SUPERUSER_ID, {"lang": "en_US"})
                # PostgreSQL's refusal of the lock is logged by sql_db: expected here
                # (odoo-bin --test-enable counts an unexpected error log as a failure).
                with self.assertRaisesRegex(UserError, "Concurrency check is already running"), \
                        mute_logger("odoo.sql_db"):
                    env["collection.automation"].browse(automation_id).run()
                running_cr.rollback()
                locking_cr.rollback()
                # Once the first run is over, the next one goes.
                logs = env["collection.automation"].browse(automation_id).run()
                self.assertEqual(logs.state, "done")
                running_cr.rollback()
        finally:
            with database.cursor() as cr:
                cr.execute("DELETE FROM collection_automation WHERE id = %s", [automation_id])

    def test_create_queries_do_not_grow_with_customers(self):
        def count_queries(number):
            partners = self.env["res.partner"]
            for index in range(number):
                partner = self._customer(f"Bulk {number} {index}", self.term)
                self._invoice(partner, TODAY - timedelta(days=20), 100)
                partners |= partner
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            reminders = self.Reminder.create_reminders(partners, date=TODAY)
            self.assertEqual(len(reminders), number)
            return self.env.cr.sql_log_count - before

        count_queries(1)  # warm the caches up
        small, large = count_queries(3), count_queries(12)
        # A batch is a fixed set of queries (its open items, one INSERT of its
        # reminders, one of their lines, the checks): four times the
        # customers, the same queries (some twenty).
        self.assertEqual(large, small)
        self.assertLessEqual(small, 25)


@tagged("post_install", "-at_install")
class TestReminderDemo(ReminderCommon):
    def setUp(self):
        super().setUp()
        if not self.env.ref("account_collections_automation.demo_automation_manual",
                            raise_if_not_found=False):
            self.skipTest("installed without demo data")

    def test_demo_terms_and_automations(self):
        env = self.env(user=self.env.ref("base.user_admin"),
                       context=dict(self.env.context, allowed_company_ids=[
                           self.env.ref("base.main_company").id]))
        terms = env.ref("account_collections_automation.demo_reminder_term_standard") \
            | env.ref("account_collections_automation.demo_reminder_term_export")
        for term in terms:
            self.assertEqual(term.level_ids.mapped("level"), [1, 2, 3])
            self.assertTrue(term.level_ids.filtered(lambda lv: lv.level == 3).calculate_interest)
            self.assertTrue(term.partner_count)
        # One terms per fee calculation type, with tiers for the dynamic ones.
        by_type = {}
        for term in env["collection.reminder.term"].search([]):
            for level in term.level_ids:
                by_type.setdefault(level.fee_calculation, term)
        self.assertEqual(set(by_type), {"fixed", "single_dynamic", "accumulated_dynamic"})
        for calculation in ("single_dynamic", "accumulated_dynamic"):
            self.assertTrue(by_type[calculation].level_ids.fee_tier_ids)
            self.assertTrue(by_type[calculation].partner_count)
        automations = env["collection.automation"].search([("name", "!=", False)])
        self.assertLessEqual({"manual", "weekly", "monthly", "custom"},
                             set(automations.mapped("cadence")))
        manual = env.ref("account_collections_automation.demo_automation_manual")
        logs = manual.run()
        self.assertGreater(logs[0].created_count, 5)
        self.assertEqual(logs[1].issued_count, logs[0].created_count)
        self.assertFalse(logs.filtered("failed_count"), logs.line_ids.mapped("message"))
