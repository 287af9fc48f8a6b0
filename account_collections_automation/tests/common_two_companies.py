# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The two-company fixture the process, status and communication tests share:
company A (the test company) and company B (the generic chart), a pool per
company, a Collections Agent and a Collections Manager who work in both;
``TwoCompaniesStatusCase`` adds a two-installment payment term, the price
dispute reason, one process per company and the Change status wizard."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import TransactionCase

MODULE = "account_collections_automation"


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

    @classmethod
    def _company_processes(cls, name, steps):
        """One process ``name`` per company, on the company's pool, rank 1."""
        return {
            company: cls._process(f"{name} {company.name}", pool, 1, steps, company=company)
            for company, pool in ((cls.company_a, cls.pool_a), (cls.company_b, cls.pool_b))
        }

    def _step(self, process, name):
        return process.step_ids.filtered(lambda s: s.name == name)

    @staticmethod
    def _keys(actions):
        return sorted((a.partner_id.id, a.step_id.id, a.move_id.id, a.action_type) for a in actions)


class TwoCompaniesStatusCase(CollectionProcessCase):
    """Adds what the status and communication tests use: an invoice on two
    installments, the price dispute reason, the Change status wizard."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.two_installments = cls.env["account.payment.term"].create({
            "name": "Half now, half in 30 days",
            "line_ids": [
                Command.create({"value": "percent", "value_amount": 50, "nb_days": 0}),
                Command.create({"value": "percent", "value_amount": 50, "nb_days": 30}),
            ],
        })
        cls.price = cls.env.ref(f"{MODULE}.dispute_reason_price")

    def _installment_invoice(self, partner, days_ago, amount=200.0, company=None):
        """Invoiced ``days_ago`` days ago on the two-installment term: the first
        half due that day, the second 30 days later."""
        company = company or self.company_a
        move = self.env["account.move"].with_company(company).create({
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_date": self.today - timedelta(days=days_ago),
            "invoice_payment_term_id": self.two_installments.id,
            "invoice_line_ids": [Command.create({
                "name": "Service", "quantity": 1, "price_unit": amount, "tax_ids": []})],
        })
        move.action_post()
        return move

    @staticmethod
    def _items(move):
        """The invoice's receivable items, one per installment, by due date."""
        return move.collection_item_ids.sorted("date_maturity")

    def _wizard(self, user, company, values, moves=None, lines=None):
        """The Change status wizard, as ``user`` working in ``company``."""
        env = self.env(user=user, context=dict(self.env.context,
                                               allowed_company_ids=company.ids))
        if lines is not None:
            context = {"active_model": "account.move.line", "active_ids": lines.ids}
        else:
            context = moves.with_env(env).action_collection_change_status()["context"]
        return env["collection.status.wizard"].with_context(**context).create(values)

    def _dispute(self, move, company):
        """The agent disputes ``move`` for its price, in ``company``."""
        self._wizard(self.agent, company, {
            "collection_status": "disputed", "dispute_reason_id": self.price.id,
        }, moves=move).action_apply()
