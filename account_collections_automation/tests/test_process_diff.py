# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The difference between two strategies (collection.process.simulate_diff)
on two processes and on an unsaved edit; it writes nothing; the wizard on the
process form."""

from datetime import timedelta
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.sql_db import Cursor
from odoo.tests import tagged

from .test_collection_process import STEPS, CollectionProcessCase

WRITES = ("insert", "update", "delete")


@tagged("post_install", "-at_install")
class TestProcessDiff(CollectionProcessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        steps = [dict(step) for step in STEPS]
        steps[1]["mail_template_id"] = cls.template.id
        cls.process = cls._process("Diff A", cls.pool_a, 1, steps)
        cls.call = cls.process.step_ids.filtered(lambda s: s.name == "Call")
        cls.vip = cls._process("Diff VIP", cls.pool_a_vip, 2, [
            {"sequence": 1, "name": "Phone call", "action_type": "activity", "timing": "after",
             "days": 2, "activity_summary": "Phone call"},
            {"sequence": 2, "name": "Final letter", "action_type": "letter", "timing": "after",
             "days": 20},
        ])
        # c1 6 days overdue, c2 20 days, c4 3 days (process A's pool); c3 3
        # days (VIP pool).
        cls.c1, cls.c2 = cls._customer("Diff One"), cls._customer("Diff Two")
        cls.c3 = cls._customer("Diff Three", ref="COLLVIP")
        cls.c4 = cls._customer("Diff Four")
        cls.inv4 = cls._invoice(cls.c4, due_in=-3)
        cls.inv1 = cls._invoice(cls.c1, due_in=-6)
        cls.inv2 = cls._invoice(cls.c2, due_in=-20)
        cls.inv3 = cls._invoice(cls.c3, due_in=-3)

    def diff(self, other, user=None):
        """simulate_diff, asserting it sends no INSERT, UPDATE or DELETE."""
        queries = []
        execute = Cursor.execute

        def spy(cursor, query, params=None, log_exceptions=None):
            queries.append(str(getattr(query, "code", query)))
            return execute(cursor, query, params, log_exceptions)

        self.env.flush_all()
        process = self.process.with_user(user or self.agent)
        with patch.object(Cursor, "execute", spy):
            rows = process.simulate_diff(other, self.today)
            self.env.flush_all()
        self.assertTrue(queries, "it read the ledger")
        written = [q for q in queries if q.strip().lower().startswith(WRITES)]
        self.assertFalse(written, "simulate_diff writes nothing")
        return {row["partner_id"]: row for row in rows}

    def test_two_processes(self):
        rows = self.diff(self.vip)
        self.assertEqual(set(rows), {self.c1.id, self.c2.id, self.c3.id, self.c4.id})
        # c1: A calls (5 days reached), VIP phones (2 days): another step, same action.
        self.assertEqual(rows[self.c1.id]["this"], {
            "step": "Call", "action_type": "activity", "date": self.today,
            "move_ids": [self.inv1.id]})
        self.assertEqual(rows[self.c1.id]["other"]["step"], "Phone call")
        self.assertEqual(rows[self.c1.id]["changes"], ["step"])
        # c2: A mails (15 days), VIP writes its final letter (20 days).
        self.assertEqual((rows[self.c2.id]["this"]["action_type"],
                          rows[self.c2.id]["other"]["action_type"]), ("email", "letter"))
        self.assertEqual(rows[self.c2.id]["changes"], ["step", "action_type"])
        # c3: A calls in 2 days (5 days after the due date), VIP phones today.
        self.assertEqual(rows[self.c3.id]["this"]["date"], self.today + timedelta(days=2))
        self.assertEqual(rows[self.c3.id]["changes"], ["step", "date"])
        self.assertEqual(rows[self.c4.id]["changes"], ["step", "date"])

    def test_unsaved_edit_of_a_step(self):
        rows = self.diff({"step_ids": [Command.update(self.call.id, {"days": 3})]})
        # Only c4 changes: called today (3 days) rather than in 2 days.
        self.assertEqual(list(rows), [self.c4.id])
        self.assertEqual(rows[self.c4.id]["changes"], ["date"])
        self.assertEqual(rows[self.c4.id]["this"]["date"], self.today + timedelta(days=2))
        self.assertEqual(rows[self.c4.id]["other"], {
            "step": "Call", "action_type": "activity", "date": self.today,
            "move_ids": [self.inv4.id]})
        self.assertEqual(self.call.days, 5, "the process is unchanged")

    def test_unsaved_edit_of_the_pool_moves_customers(self):
        rows = self.diff({"pool_id": self.pool_a_vip.id})
        # With the VIP pool and rank 1, A takes c3 from VIP and leaves c1, c2, c4.
        self.assertEqual({partner: row["changes"] for partner, row in rows.items()}, {
            self.c1.id: ["only_this"], self.c2.id: ["only_this"], self.c4.id: ["only_this"],
            self.c3.id: ["only_other"]})
        self.assertEqual(self.process.pool_id, self.pool_a)

    def test_bad_input_is_refused_naming_field_and_value(self):
        other = self._process("Diff B", self.pool_b, 1, [dict(STEPS[0])], company=self.company_b)
        with self.assertRaisesRegex(ValidationError, r"Other Process: Diff B belongs to "):
            self.process.simulate_diff(other)
        with self.assertRaisesRegex(ValidationError, r"Company: Collections Test B is not "):
            self.process.simulate_diff({"company_id": self.company_b.id})
        with self.assertRaisesRegex(ValidationError, r"Quiet days: -1 is negative"):
            self.process.simulate_diff({"quiet_days": -1})

    def test_wizard_on_the_process_form(self):
        action = self.process.with_user(self.agent).action_compare_strategies()
        wizard = self.env["collection.process.diff"].with_user(self.agent).browse(
            action["res_id"])
        self.assertEqual(wizard.step_ids.mapped("days"), [5, 15, 30])
        wizard.step_ids.filtered(lambda s: s.step_id == self.call).days = 3
        wizard.action_compare()
        self.assertEqual(wizard.line_ids.partner_id, self.c4)
        self.assertTrue(wizard.line_ids.change_date)
        self.assertEqual((wizard.count_date, wizard.count_step, wizard.count_only_this),
                         (1, 0, 0))
        self.assertEqual(self.call.days, 5, "nothing saved")
        wizard.write({"compare_with": "process", "other_process_id": self.vip.id})
        wizard.action_compare()
        self.assertEqual(len(wizard.line_ids), 4)
        self.assertEqual((wizard.count_step, wizard.count_action_type, wizard.count_date),
                         (4, 1, 2))
