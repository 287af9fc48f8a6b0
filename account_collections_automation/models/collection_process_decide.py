# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Collections process: which process takes which customer (assignment), and
the facts the engine decides from, gathered in bulk one batch of customers at a
time. ``simulate`` and ``run`` share ``_collection_decisions`` so that a
simulation shows exactly what a run would do."""

from collections import defaultdict
from decimal import Decimal

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import split_every

from ..engine import prediction as prediction_engine
from ..engine import process as process_engine
from ..engine.amounts import to_decimal as _decimal
from . import collection_process
from .collection_ledger import open_invoice


class CollectionProcess(models.Model):
    _inherit = "collection.process"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Assignment
    # ------------------------------------------------------------------
    @api.model
    def _collection_assignments(self, partner_ids=None):
        """The engine's ``Assignment`` of each customer in the current company.

        Customers of the pools of active processes and customers assigned by
        hand; ``partner_ids`` restricts to those customers (and gives each of
        them an assignment, possibly to none). One search per process.
        """
        company = self.env.company
        processes = self.search([("company_id", "=", company.id)])
        Partner = self.env["res.partner"]
        restrict = [("id", "in", list(partner_ids))] if partner_ids is not None else []
        pool_matches = defaultdict(list)
        for process in processes.filtered("pool_id"):
            domain = expression.AND([process.pool_id._partner_search_domain(), restrict])
            match = (process.rank, process.id)
            for partner_id in Partner.search(domain).ids:
                pool_matches[partner_id].append(match)
        manual_partners = Partner.search(expression.AND([
            [("collection_process_id", "in", processes.ids)], restrict]))
        manual = {partner.id: partner.collection_process_id.id for partner in manual_partners}
        idle_pools = defaultdict(list)
        if partner_ids is not None:
            # Said of the given customers only (the preview): a run needs not know.
            for pool in self.env["collection.pool"].search(
                    [("company_id", "=", company.id), ("id", "not in", processes.pool_id.ids)]):
                domain = expression.AND([pool._partner_search_domain(), restrict])
                for partner_id in Partner.search(domain).ids:
                    idle_pools[partner_id].append(pool.display_name)
        for partner_id in partner_ids or ():
            pool_matches.setdefault(partner_id, [])
        return process_engine.assign(pool_matches, manual, idle_pools)

    def _collection_plan(self):
        """{process id: [partner ids]} the processes of ``self`` (one company) take."""
        plan = {process.id: [] for process in self}
        for assignment in self._collection_assignments().values():
            if assignment.process_id in plan:
                plan[assignment.process_id].append(assignment.partner_id)
        return plan

    def collection_preview_partners(self):
        """Preview process assignment: the customers this process would take."""
        self.ensure_one()
        process = self.with_company(self.company_id)
        return self.env["res.partner"].browse(process._collection_plan()[self.id])

    # ------------------------------------------------------------------
    # Facts and decisions (shared by simulate and run)
    # ------------------------------------------------------------------
    def _collection_targets(self):
        if self:
            return self.filtered("active")
        return self.search([("company_id", "=", self.env.company.id)])

    def _collection_batches(self, processes=None):
        """Yield ``(process, partner ids)`` batches, each process in its company."""
        processes = processes if processes is not None else self._collection_targets()
        for company, company_processes in processes.grouped("company_id").items():
            company_processes = company_processes.with_company(company)
            plan = company_processes._collection_plan()
            for process in company_processes:
                # BATCH_SIZE is read from collection_process at call time (tests tune it).
                for batch in split_every(collection_process.BATCH_SIZE, sorted(plan[process.id]),
                                         list):
                    yield process, batch

    def _collection_engine_config(self):
        self.ensure_one()
        return process_engine.ProcessConfig(
            id=self.id,
            rank=self.rank,
            quiet_days=self.quiet_days,
            exclude_mode=self.exclude_mode,
            exclude_amount=_decimal(self.exclude_amount),
            use_prediction=self.use_prediction,
            prediction_days_before=self.company_id.collection_prediction_days_before,
            very_late_days=self.company_id.collection_prediction_very_late_days or 30,
            prediction_late_threshold=self.prediction_late_threshold,
            prediction_very_late_threshold=self.prediction_very_late_threshold,
            track_step=self.track_step,
            exclude_after_last_step=self.exclude_after_last_step,
            reply_pause_days=self.reply_pause_days,
            steps=tuple(step._collection_step_config() for step in self.step_ids),
        )

    def _collection_customer_facts(self, partner_ids, today):
        """The engine's ``CustomerFacts`` of a batch of customers, as a list
        (``_collection_iter_customer_facts``)."""
        return list(self._collection_iter_customer_facts(partner_ids, today))

    def _collection_iter_customer_facts(self, partner_ids, today):
        """Yield the engine's ``CustomerFacts`` of a batch of customers, in
        order: one query for the open invoices, one for the history, one more
        for each optional fact the process uses (aged balance, payment
        prediction), whatever the size of the batch. Plain SQL rows feed the
        engine: no recordset per invoice. A customer's facts are made as the
        engine comes to the customer and are gone once it has decided (see
        ``collection.ledger._open_invoice_rows``)."""
        self.ensure_one()
        company = self.company_id
        partner_ids = list(partner_ids)
        # The ledger's read of the open invoices' open items, one per installment
        # with its own status, as plain rows.
        invoice_rows = self.env["collection.ledger"]._open_invoice_rows(company, partner_ids)
        # The aged balance (credit notes and unmatched payments included) only
        # matters to a process that excludes customers on it.
        balances = self._collection_balances(partner_ids, today) \
            if self.exclude_mode == "aged_balance" else {}
        # The history, with the pauses of the customers who replied to the
        # process's e-mails (engine.channels), in one query.
        done, last_contact, pauses = self.env["collection.action"]._collection_history(
            partner_ids, company, self)
        history = self._collection_payment_history(partner_ids) if self.use_prediction else {}
        predictions = {partner_id: prediction_engine.predict(records)
                       for partner_id, records in history.items()}
        CustomerFacts = process_engine.CustomerFacts
        no_history = frozenset()
        zero = Decimal(0)
        no_rows = ()
        for partner_id in partner_ids:
            yield CustomerFacts(
                partner_id,
                tuple(map(open_invoice, invoice_rows.get(partner_id, no_rows))),
                balances.get(partner_id, zero),
                last_contact.get(partner_id),
                frozenset(done[partner_id]) if partner_id in done else no_history,
                predictions.get(partner_id),
                payment_history=tuple(history.get(partner_id, ())),
                paused_until=pauses.get(partner_id),
            )

    def _collection_balances(self, partner_ids, today=None):
        """{customer id: receivable balance in company currency as of ``today``}:
        the ledger's aged balances, in one query."""
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        rows = self.env["collection.ledger"]._aged_balances(
            self.company_id, today, list(partner_ids), only_owing=False)
        return {row["customer_id"]: row["balance"] for row in rows}

    def _collection_payment_history(self, partner_ids):
        """{customer id: [PaymentRecord]}: each paid invoice installment, its
        due date and the date it was paid in full, from the ledger."""
        self.ensure_one()
        history = defaultdict(list)
        for line in self.env["collection.ledger"]._paid_items(
                self.company_id, list(partner_ids), move_type="out_invoice"):
            if line.date_maturity:
                history[line.customer_id].append(prediction_engine.PaymentRecord(
                    line.date_maturity, line.paid_date, line.balance))
        return history

    def _collection_predictions(self, partner_ids):
        history = self._collection_payment_history(partner_ids)
        return {partner_id: prediction_engine.predict(records)
                for partner_id, records in history.items()}

    def _collection_decisions(self, partner_ids, today):
        """The engine's decisions for a batch of this process's customers."""
        self.ensure_one()
        config = self._collection_engine_config()
        facts = self._collection_iter_customer_facts(partner_ids, today)
        return process_engine.decide_many(config, facts, today)
