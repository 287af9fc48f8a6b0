# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""A pool's customers, one definition for the pool list, the pool form and
the processes; the assignment preview of a customer in a pool no process
works; the engine's reasons in the reader's language."""

import importlib.util
import os

from lxml import etree

from odoo.modules.module import get_module_path
from odoo.tools.safe_eval import safe_eval

from . import test_collection_process as base

MODULE = base.MODULE


class TestPoolsAndReasons(base.CollectionProcessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        steps = [dict(step) for step in base.STEPS]
        steps[1]["mail_template_id"] = cls.template.id
        cls.process = cls._process("Process A", cls.pool_a, 1, steps)

    def _form_count(self, pool):
        """What the pool form's filter widget counts: the field's context from
        the form view, then ``search_count`` on the filter as the widget does."""
        arch = self.env["collection.pool"].with_user(self.manager).get_views(
            [(False, "form")])["views"]["form"]["arch"]
        node = etree.fromstring(arch).xpath("//field[@name='partner_domain']")[0]
        context = safe_eval(node.get("context"), {"company_id": pool.company_id.id})
        return self.env["res.partner"].with_user(self.manager).with_context(
            **context).search_count(safe_eval(pool.partner_domain))

    def test_pool_form_and_list_count_the_same_customers(self):
        """Customers with contacts (which share the customer's country): the
        list's count, the form's count and the customers button agree, on the
        commercial entities only."""
        customers = self.env["res.partner"]
        for name in ("Pool Customer One", "Pool Customer Two"):
            customer = self._customer(name, ref="POOLCOUNT")
            # A contact matches the filter too (as contacts share their
            # company's country): it is not a customer of the pool.
            self.env["res.partner"].create({"name": f"Contact of {name}", "ref": "POOLCOUNT",
                                            "parent_id": customer.id, "type": "contact"})
            customers |= customer
        self.assertEqual(self.env["res.partner"].search_count([("ref", "=", "POOLCOUNT")]), 4)
        pool = self.env["collection.pool"].with_user(self.manager).create({
            "name": "Counted", "partner_domain": "[('ref', '=', 'POOLCOUNT')]",
            "company_id": self.company_a.id})
        listed = pool.search_read([("id", "=", pool.id)], ["partner_count"])[0]
        self.assertEqual(listed["partner_count"], 2)
        self.assertEqual(self._form_count(pool), 2)
        opened = pool.action_view_partners()
        self.assertEqual(self.env["res.partner"].search(opened["domain"]), customers)

    def test_preview_says_the_pool_no_process_works(self):
        idle = self.env["collection.pool"].create({
            "name": "Idle pool", "partner_domain": "[('ref', '=', 'IDLE')]",
            "company_id": self.company_a.id})
        customer = self._customer("Idle Customer", ref="IDLE")
        nowhere = self._customer("Nowhere Customer", ref="NOWHERE")
        Preview = self.env["collection.assignment.preview"].with_user(self.agent)
        preview = Preview.browse(Preview._open_for_partners(customer | nowhere)["res_id"])
        lines = {line.partner_id: line for line in preview.line_ids}
        self.assertEqual(lines[customer].reason, "in pool Idle pool, which no process works")
        self.assertEqual(lines[customer].source, "none")
        self.assertEqual(lines[nowhere].reason, "in no pool")
        # Translated, with the pool's name in the user's language.
        self._activate_french()
        idle.with_context(lang="fr_FR").name = "Groupe inactif"
        preview = Preview.with_context(lang="fr_FR").browse(
            Preview.with_context(lang="fr_FR")._open_for_partners(customer)["res_id"])
        self.assertEqual(preview.line_ids.reason,
                         "dans le regroupement Groupe inactif, qu'aucun processus ne traite")

    def _activate_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms([MODULE], ["fr_FR"], overwrite=True)

    def test_reason_in_a_french_ui_with_a_french_date(self):
        """The history's reason is stored as a message id and parameters, and
        shown in the reader's language, its dates in the reader's format."""
        self._activate_french()
        pre = self._process("Pre", self.pool_a_vip, 2, [
            {"sequence": 1, "name": "Heads-up", "action_type": "activity", "timing": "before",
             "days": 5, "pre_reminder": True}])
        customer = self._customer("Early Customer", ref="COLLVIP")
        invoice = self._invoice(customer, 3)
        actions = pre.with_user(self.manager).run(self.today)
        self.assertEqual(len(actions), 1)
        self.assertEqual(actions.reason_data["params"]["date"],
                         {"date": invoice.invoice_date_due.isoformat()})
        due = invoice.invoice_date_due
        self.assertEqual(
            actions.with_context(lang="en_US").reason,
            f"invoice due on {due.strftime('%m/%d/%Y')}, due in 3 days; "
            "pre-reminder 'Heads-up' at -5")
        french = actions.with_user(self.agent).with_context(lang="fr_FR")
        self.assertEqual(
            french.reason,
            f"facture à échéance le {due.strftime('%d/%m/%Y')}, échéance dans 3 jours ; "
            "prérelance 'Heads-up' à -5")
        # The activity's note reads in the language of whoever does it.
        self.manager.lang = "fr_FR"
        other = self._customer("Early Customer Two", ref="COLLVIP")
        self._invoice(other, 3)
        activity = pre.with_user(self.manager).run(self.today).activity_id
        self.assertIn("échéance dans 3 jours", str(activity.note))

    def test_upgrade_keeps_the_reasons_written_as_text(self):
        """Before 18.0.1.1.0 the history stored its reason as English text in a
        ``reason`` column; the migration keeps that text as the reason."""
        pre = self._process("Pre", self.pool_a_vip, 2, [
            {"sequence": 1, "name": "Heads-up", "action_type": "activity", "timing": "before",
             "days": 5, "pre_reminder": True}])
        self._invoice(self._customer("Old Customer", ref="COLLVIP"), 3)
        old = pre.with_user(self.manager).run(self.today)
        self._invoice(self._customer("New Customer", ref="COLLVIP"), 3)
        new = pre.with_user(self.manager).run(self.today)
        rendered = new.reason
        # The table as an older version left it: the text column, no data.
        self.env.cr.execute("ALTER TABLE collection_action ADD COLUMN reason varchar")
        self.env.cr.execute("UPDATE collection_action SET reason = 'old text reason', "
                            "reason_data = NULL WHERE id = %s", [old.id])
        self.env.cr.execute("UPDATE collection_action SET reason = 'stale' WHERE id = %s",
                            [new.id])
        path = os.path.join(get_module_path(MODULE), "migrations", "18.0.1.1.0",
                            "post-migrate.py")
        spec = importlib.util.spec_from_file_location("aca_post_migrate_18_0_1_1_0", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        self.assertEqual(migration.keep_text_reasons(self.env.cr), 1)
        self.env.invalidate_all()
        self.assertEqual(old.reason, "old text reason")
        self.assertEqual(new.reason, rendered, "a reason kept as data is not overwritten")
