# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Access rights: each operation as a Collections Agent, a Collections
Manager, a plain internal user, a portal user and a manager of another
company; multi-company rules on every model with a company."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_collection_process import MODULE, STEPS, CollectionProcessCase

# What each group may do: model -> (agent, manager) permissions among "rwcu".
EXPECTED_ACL = {
    "collection.pool": ("r", "rwcu"),
    "collection.process": ("r", "rwcu"),
    "collection.process.step": ("r", "rwcu"),
    "collection.action": ("rw", "rwcu"),
    "collection.credit.group": ("r", "rwcu"),
    "collection.reminder.term": ("r", "rwcu"),
    "collection.reminder.level": ("r", "rwcu"),
    "collection.reminder.fee.tier": ("r", "rwcu"),
    "collection.reminder": ("rwc", "rwcu"),
    "collection.automation": ("r", "rwcu"),
    "collection.automation.action": ("r", "rwcu"),
    "collection.automation.log": ("r", "rwcu"),
    "collection.finance.charge.term": ("r", "rwcu"),
    "collection.finance.charge.rate": ("r", "rwcu"),
    "collection.finance.charge.memo": ("rwc", "rwcu"),
    # The customer page's links and answers: portal users and the public
    # never read them; the page reads them as superuser for its customer only.
    "collection.portal.access": ("r", "rwc"),
    "collection.portal.request": ("r", "r"),
}
OPERATIONS = {"r": "read", "w": "write", "c": "create", "u": "unlink"}


@tagged("post_install", "-at_install")
class TestAccessCollections(CollectionProcessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Users = cls.env["res.users"].with_context(no_reset_password=True)
        cls.internal = Users.create({
            "name": "Plain Internal", "login": "coll_plain_internal",
            "groups_id": [Command.set([cls.env.ref("base.group_user").id])]})
        cls.portal = Users.create({
            "name": "Portal Customer", "login": "coll_portal",
            "groups_id": [Command.set([cls.env.ref("base.group_portal").id])]})
        cls.manager_b = Users.create({
            "name": "Manager B", "login": "coll_manager_b",
            "company_id": cls.company_b.id, "company_ids": [Command.set(cls.company_b.ids)],
            "groups_id": [Command.set([cls.env.ref("base.group_user").id,
                                       cls.env.ref(f"{MODULE}.group_collections_manager").id])]})
        steps = [dict(step) for step in STEPS]
        steps[1]["mail_template_id"] = cls.template.id
        cls.process_a = cls._process("Access A", cls.pool_a, 1, steps)
        cls.process_b = cls._process("Access B", cls.pool_b, 1, [dict(STEPS[0])],
                                     company=cls.company_b)
        cls.customer = cls._customer("Access Customer")
        cls.invoice_a = cls._invoice(cls.customer, due_in=-16)
        cls.invoice_b = cls._invoice(cls.customer, due_in=-6, company=cls.company_b)

    def test_model_access_per_group(self):
        for model, (agent_perms, manager_perms) in EXPECTED_ACL.items():
            for user, perms in ((self.agent, agent_perms), (self.manager, manager_perms),
                                (self.internal, ""), (self.portal, "")):
                for letter, operation in OPERATIONS.items():
                    with self.subTest(model=model, user=user.login, operation=operation):
                        self.assertEqual(
                            self.env[model].with_user(user).has_access(operation),
                            letter in perms)

    def test_every_model_with_a_company_has_a_company_rule(self):
        Rule = self.env["ir.rule"].sudo()
        for name, model in self.env.registry.items():
            field = model._fields.get("company_id")
            if not name.startswith("collection.") or model._transient or model._abstract \
                    or not field or not field.store:
                continue
            with self.subTest(model=name):
                rules = Rule.search([("model_id.model", "=", name)])
                self.assertTrue(any("company_ids" in (rule.domain_force or "") for rule in rules),
                                f"{name} has no multi-company rule")

    def test_runs_and_simulations_per_group(self):
        today = self.today
        self.assertTrue(self.process_a.with_user(self.agent).simulate(today),
                        "agents run simulations")
        for user in (self.agent, self.internal, self.portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.process_a.with_user(user).run(today)
        for user in (self.internal, self.portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.process_a.with_user(user).simulate(today)
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["collection.process"].with_user(user).run(today)
        actions = self.process_a.with_user(self.manager).run(today)
        self.assertEqual(actions.move_id, self.invoice_a)
        for user in (self.internal, self.portal, self.manager_b):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                actions.with_user(user).action_retry()

    def test_a_run_in_one_company_stays_in_it(self):
        actions = self.env["collection.process"].with_user(self.manager).run(self.today)
        self.assertEqual(actions.company_id, self.company_a)
        self.assertEqual(actions.move_id, self.invoice_a, "company B's invoice is not touched")
        self.assertFalse(self.invoice_b.activity_ids)
        actions_b = self.env["collection.process"].with_user(self.manager_b).with_company(
            self.company_b).run(self.today)
        self.assertEqual((actions_b.company_id, actions_b.move_id),
                         (self.company_b, self.invoice_b))

    def test_other_company_sees_nothing_of_company_a(self):
        actions = self.process_a.with_user(self.manager).run(self.today)
        term = self.env["collection.reminder.term"].create({
            "name": "Access terms A", "company_id": self.company_a.id,
            "level_ids": [Command.create({"level": 1, "grace_period": "0D",
                                          "due_date_formula": "10D"})]})
        automation = self.env["collection.automation"].create({
            "name": "Access automation A", "company_id": self.company_a.id,
            "action_ids": [Command.create({"action_type": "issue"})]})
        logs = automation.with_user(self.manager).run(self.today)
        records = [self.process_a, self.process_a.step_ids[:1], self.pool_a, actions[:1],
                   term, term.level_ids[:1], automation, automation.action_ids, logs[:1]]
        env_b = self.env(user=self.manager_b, context={})
        for record in records:
            as_b = env_b[record._name].browse(record.id)
            with self.subTest(model=record._name):
                self.assertFalse(as_b.search([("id", "=", record.id)]))
                with self.assertRaises(AccessError):
                    as_b.read(["display_name"])
                with self.assertRaises(AccessError):
                    as_b.check_access("write")
        self.assertFalse(env_b["collection.action"].search(
            [("company_id", "=", self.company_a.id)]))
        decisions = env_b["collection.process"].simulate(self.today)
        self.assertFalse([d for d in decisions if d["move_id"] == self.invoice_a.id])

    def test_automations_per_group(self):
        automation = self.env["collection.automation"].create({
            "name": "Access automation", "company_id": self.company_a.id,
            "action_ids": [Command.create({"action_type": "issue"})]})
        self.assertTrue(automation.with_user(self.manager).run(self.today))
        for user in (self.agent, self.internal, self.portal):
            # (an AccessError is a UserError)
            with self.subTest(user=user.login), \
                    self.assertRaises(UserError, msg=f"{user.login} ran an automation"):
                automation.with_user(user).run(self.today)
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                automation.with_user(user).write({"name": "Renamed"})

    def test_uploaded_html_is_sanitized(self):
        import base64

        step = self._step(self.process_a, "Mail")
        # Odoo lets employees edit the templates they created: the upload widens nothing.
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            step.mail_template_id = self.template
            step.with_user(self.manager).write({
                "mail_template_upload": base64.b64encode(b"<p>Mine now</p>")})
        self.manager.groups_id += self.env.ref("mail.group_mail_template_editor")
        template = self.template.with_user(self.manager).copy()
        step.mail_template_id = template
        html = ('<p onclick="steal()">Dear customer</p><script>alert(1)</script>'
                '<a href="javascript:alert(2)">pay</a>')
        step.with_user(self.manager).write({
            "mail_template_upload": base64.b64encode(html.encode())})
        body = str(template.body_html)
        self.assertIn("Dear customer", body)
        for unsafe in ("<script", "onclick", "javascript:"):
            self.assertNotIn(unsafe, body)


@tagged("post_install", "-at_install")
class TestAccessWorkspace(CollectionProcessCase):
    """The coordinator workspace's RPC methods check access and stay in the
    user's company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Users = cls.env["res.users"].with_context(no_reset_password=True)
        cls.internal = Users.create({
            "name": "Plain Internal W", "login": "coll_ws_internal",
            "groups_id": [Command.set([cls.env.ref("base.group_user").id])]})
        cls.portal = Users.create({
            "name": "Portal W", "login": "coll_ws_portal",
            "groups_id": [Command.set([cls.env.ref("base.group_portal").id])]})
        cls.agent_b = Users.create({
            "name": "Agent B", "login": "coll_ws_agent_b",
            "company_id": cls.company_b.id, "company_ids": [Command.set(cls.company_b.ids)],
            "groups_id": [Command.set([cls.env.ref("base.group_user").id,
                                       cls.env.ref(f"{MODULE}.group_collections_agent").id])]})
        cls.customer = cls._customer("Workspace Customer")
        cls.invoice_a = cls._invoice(cls.customer, due_in=-16, amount=123.0)
        cls.invoice_b = cls._invoice(cls.customer, due_in=-16, amount=777.0,
                                     company=cls.company_b)
        cls.customer_a_only = cls._customer("Company A Only", company_id=cls.company_a.id)

    def _workspace(self, user, company=None):
        env = self.env(user=user, context={})
        if company:
            env = env(context={"allowed_company_ids": company.ids})
        return env["collection.workspace"]

    def test_only_collections_users_open_the_workspace(self):
        for user in (self.internal, self.portal):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self._workspace(user).get_overview(False)
                with self.assertRaises(AccessError):
                    self._workspace(user).get_customer(self.customer.id)
                with self.assertRaises(AccessError):
                    self._workspace(user).close_activities([])
        self.assertTrue(self._workspace(self.agent).get_overview(False))

    def test_a_customer_is_shown_with_its_company_items_only(self):
        data_a = self._workspace(self.agent, self.company_a).get_customer(self.customer.id)
        self.assertEqual([item["move_id"] for item in data_a["open_items"]],
                         [self.invoice_a.id])
        self.assertAlmostEqual(data_a["header"]["balance"], 123.0)
        data_b = self._workspace(self.agent_b).get_customer(self.customer.id)
        self.assertEqual([item["move_id"] for item in data_b["open_items"]],
                         [self.invoice_b.id])

    def test_other_company_data_is_refused(self):
        workspace_b = self._workspace(self.agent_b)
        with self.assertRaises(AccessError):
            workspace_b.get_customer(self.customer_a_only.id)
        with self.assertRaises(AccessError):
            workspace_b.get_overview(self.pool_a.id)
        overview = workspace_b.get_overview(False)
        self.assertNotIn("123.0", str(overview), "company A's amounts never show in B")
