# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Collections workspace: the ranked worklist ("work next") of the overview:
the customers of the agent's pool to contact today, by the priority score of
``engine.worklist``, each with its top factors in words.

The facts are read for all the pool's overdue customers at once (a fixed
number of queries, whatever their number): aged balances, days late, bounced
payments and paid items from the ledger facts, the last contact from the
history and the logged calls, activities due and broken promises through the
ORM."""

from collections import Counter, defaultdict
from datetime import timedelta

from odoo import api, fields, models

from ..engine import prediction, risk, worklist
from ..engine.amounts import to_decimal
from .collection_reason import reason_renderer

PROMISE_WINDOW = 365  # broken promises count over the last year


class CollectionWorkspace(models.AbstractModel):
    _inherit = "collection.workspace"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def get_worklist(self, pool_id=None, as_of=None, limit=50):
        """The customers to contact today, ranked: ``pool_id`` None = the
        user's default pool, False/0 = all customers; as of ``as_of`` (default
        today); at most ``limit`` rows, each with its rank, score, overdue,
        oldest overdue date and its top factors in the user's language."""
        self._check_collections_access()
        company = self.env.company
        pool = self._resolve_pool(pool_id)
        as_of = self._as_of(as_of)
        ledger = self.env["collection.ledger"]
        aged = ledger._aged_balances(company, as_of, self._pool_partner_filter(pool),
                                     order="oldest")
        aged = {row["customer_id"]: row for row in aged if row["overdue"] > 0}
        customer_ids = list(aged)
        facts = self._worklist_facts(company, aged, as_of) if customer_ids else []
        rows = worklist.worklist(facts, company._collection_worklist_weights(), limit=limit)
        partners = self.env["res.partner"].browse([row.customer_id for row in rows])
        names = {partner.id: partner.display_name for partner in partners}
        render = reason_renderer(self.env)
        result = []
        for rank, row in enumerate(rows, start=1):
            balance = aged[row.customer_id]
            reasons = [render(reason) for reason in row.reasons]
            result.append({
                "id": row.customer_id,
                "rank": rank,
                "name": names[row.customer_id],
                "score": float(row.score),
                "points": {name: float(points) for name, points in row.points.items()},
                "overdue": float(balance["overdue"]),
                "balance": float(balance["balance"]),
                "oldest_overdue": fields.Date.to_string(balance["oldest_overdue"]),
                "reasons": reasons,
                "reason_text": "; ".join(reasons),
            })
        return {"as_of": fields.Date.to_string(as_of), "pool_id": pool.id or False,
                "currency_id": company.currency_id.id, "rows": result}

    def _worklist_facts(self, company, aged, as_of):
        """The engine's ``CustomerFacts`` of the customers of ``aged``
        ({customer id: aged balance row})."""
        customer_ids = list(aged)
        ledger = self.env["collection.ledger"]
        partners = self.env["res.partner"].browse(customer_ids).with_company(company)
        limits = {partner.id: partner.credit_limit for partner in partners}
        days_late = self._days_late_by_customer(company, customer_ids, as_of)
        bounced = ledger._bounced_counts(company, customer_ids, as_of)
        history = defaultdict(list)
        for line in ledger._paid_items(company, customer_ids, move_type="out_invoice"):
            if line.date_maturity and line.paid_date <= as_of:
                history[line.customer_id].append(prediction.PaymentRecord(
                    line.date_maturity, line.paid_date, line.balance))
        last_contact = self._worklist_last_contacts(company, customer_ids)
        activities = self._worklist_activities_due(customer_ids, as_of)
        broken = self._worklist_broken_promises(company, customer_ids, as_of)
        facts = []
        for customer_id, row in aged.items():
            score = risk.risk_score(
                row["balance"], row["overdue"], to_decimal(limits.get(customer_id) or 0),
                float(days_late.get(customer_id, 0.0)),
                bounced_payments=int(bounced.get(customer_id, 0)))
            predicted = prediction.predict(history.get(customer_id, ()))
            contact = last_contact.get(customer_id)
            facts.append(worklist.CustomerFacts(
                customer_id=customer_id,
                overdue=row["overdue"],
                oldest_overdue_days=max((as_of - row["oldest_overdue"]).days, 0)
                if row["oldest_overdue"] else 0,
                risk_score=score.score,
                broken_promises=broken.get(customer_id, 0),
                days_since_contact=max((as_of - contact).days, 0) if contact else None,
                activities_due=activities.get(customer_id, 0),
                predicted_days_late=max(predicted.expected_days_late, 0.0)
                if predicted.likely_late else 0.0,
            ))
        return facts

    def _worklist_last_contacts(self, company, customer_ids):
        """{customer id: the date of the last contact}: the last action the
        processes took (the history) or the last call or other activity done
        on the customer (a message of an activity marked done)."""
        _done, last_contact, _pauses = self.env["collection.action"]._collection_history(
            customer_ids, company)
        # The dates only, of customers the user sees in the workspace: read as
        # superuser (mail.message's access rules read each message's document).
        messages = self.env["mail.message"].sudo()._read_group(
            [("model", "=", "res.partner"), ("res_id", "in", customer_ids),
             ("mail_activity_type_id", "!=", False)],
            ["res_id"], ["date:max"])
        for customer_id, last in messages:
            day = fields.Date.context_today(self, last)
            if customer_id not in last_contact or day > last_contact[customer_id]:
                last_contact[customer_id] = day
        return last_contact

    def _worklist_activities_due(self, customer_ids, as_of):
        """{customer id: activities due on or before ``as_of``} on the customer
        or on their invoices (the collections activity models)."""
        counts = Counter()
        Activity = self.env["mail.activity"]
        for customer_id, count in Activity._read_group(
                [("res_model", "=", "res.partner"), ("res_id", "in", customer_ids),
                 ("date_deadline", "<=", as_of)], ["res_id"], ["__count"]):
            counts[customer_id] += count
        moves = self.env["account.move"].search(
            [("commercial_partner_id", "in", customer_ids), ("move_type", "in",
             ("out_invoice", "out_refund")), ("activity_ids.date_deadline", "<=", as_of)])
        if moves:
            customer_of = {move.id: move.commercial_partner_id.id for move in moves}
            for move_id, count in Activity._read_group(
                    [("res_model", "=", "account.move"), ("res_id", "in", moves.ids),
                     ("date_deadline", "<=", as_of)], ["res_id"], ["__count"]):
                counts[customer_of[move_id]] += count
        return counts

    def _worklist_broken_promises(self, company, customer_ids, as_of):
        """{customer id: promises to pay broken in the year up to ``as_of``}:
        the open items (each installment) whose promise the daily job found
        broken (``account.move.line.collection_promise_state``)."""
        lines = self.env["account.move.line"].sudo().search([
            ("company_id", "=", company.id),
            ("move_id.commercial_partner_id", "in", customer_ids),
            ("collection_promise_state", "=", "broken"),
            ("collection_promise_date", ">", as_of - timedelta(days=PROMISE_WINDOW)),
            ("collection_promise_date", "<=", as_of)])
        return Counter(line.move_id.commercial_partner_id.id for line in lines)
