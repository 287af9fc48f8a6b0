# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The collections coordinator workspace's data, as plain dicts for the OWL client actions:
access and the helpers the overview, the customer page and the timeline share
(``collection_workspace_overview.py``, ``collection_workspace_customer.py``,
``collection_workspace_timeline.py``).

Every grid comes from one aggregate SQL query over the receivable journal items of
the active company (no per-customer loop), so the overview stays fast on large
books. Figures are in the company currency.

Hooks for the other features (override them, call ``super()``):

- ``_timeline_sources()``: the list of methods feeding the customer timeline;
  each takes ``(partner, date_from)`` and returns entries
  ``{kind, date, title, amount, currency, res_model, res_id, details}``;
- ``_timeline_kinds()``: the ``(key, label)`` kinds offered by the timeline filter;
- ``_customer_process(partner)``: the assigned collections process and its next
  step, or False;
- ``_customer_reminder_level(partner)``: the reminder level reached, or False;
- ``_customer_last_reminder_date(partner)``: for the summary, or False.
"""

from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_amount

from ..engine import risk
from ..engine.amounts import to_decimal as _decimal
from .res_partner import COLLECTIONS_AGENT

TIMELINE_DAYS = 365


class CollectionWorkspace(models.AbstractModel):
    _name = "collection.workspace"
    _description = "Collections Coordinator Workspace"

    # ------------------------------------------------------------------ access
    def _check_collections_access(self):
        if not self.env.user.has_group(COLLECTIONS_AGENT):
            raise AccessError(
                _("Only Collections Agents and Managers may open the collections workspace.")
            )

    def _today(self):
        return fields.Date.context_today(self)

    def _as_of(self, as_of):
        """The date the workspace shows the ledger as of: ``as_of`` (a date or
        'YYYY-MM-DD'), today when empty."""
        if not as_of:
            return self._today()
        try:
            return fields.Date.to_date(as_of)
        except (TypeError, ValueError):
            raise UserError(_("As of: %s is not a date (YYYY-MM-DD).", as_of)) from None

    # ------------------------------------------------------------------ ledger facts
    def _pool_partner_filter(self, pool):
        """A SQL subquery of the pool's customers, or None for all customers."""
        if not pool:
            return None
        query = self.env["res.partner"].with_context(active_test=False)._search(
            pool._partner_search_domain()
        )
        return SQL("(%s)", query.subselect())

    def _aging_sql(self, company, as_of, partner_filter=None, partner_ids=None, limit=None,
                   order="balance"):
        """Per customer as of ``as_of``: balance, overdue, bucket amounts, oldest
        overdue date (floats, for the client): the ledger's aged balances."""
        customers = partner_ids if partner_ids is not None else partner_filter
        rows = self.env["collection.ledger"]._aged_balances(
            company, as_of, customers, limit=limit, order=order,
            only_owing=partner_ids is None)
        return self._aging_for_client(rows)

    def _aging_rankings(self, company, as_of, partner_filter=None, limit=None):
        """The customers owing most and those overdue longest (``_aging_sql``'s
        rows, ranked both ways from one aggregate of the ledger)."""
        rankings = self.env["collection.ledger"]._aged_balance_rankings(
            company, as_of, partner_filter, limit=limit, orders=("balance", "oldest"))
        return (self._aging_for_client(rankings["balance"]),
                self._aging_for_client(rankings["oldest"]))

    def _aging_for_client(self, rows):
        for row in rows:
            row.update(balance=float(row["balance"]), overdue=float(row["overdue"]),
                       buckets=[float(amount) for amount in row["buckets"]])
        return rows

    def _days_late_by_customer(self, company, customer_ids, as_of):
        """Average days late (payment date - due date) of the items paid in the last year."""
        return self.env["collection.ledger"]._days_late(company, customer_ids, as_of)

    # ------------------------------------------------------------------ risk
    def _risk(self, balance, overdue, credit_limit, days_late, currency, bounced=0):
        """The engine's risk score with translated hover text for its parts."""
        score = risk.risk_score(_decimal(balance), _decimal(overdue), _decimal(credit_limit),
                                float(days_late or 0.0), bounced_payments=int(bounced or 0))
        parts = score.parts
        lines = [
            _("Overdue share: %(points)s points (%(overdue)s of %(balance)s overdue)",
              points=parts["overdue_share"],
              overdue=format_amount(self.env, overdue, currency),
              balance=format_amount(self.env, balance, currency)),
            _("Days late: %(points)s points (%(days).1f days late on average over the last year)",
              points=parts["days_late"], days=float(days_late or 0.0)),
            _("Credit use: %(points)s points (credit limit %(limit)s)",
              points=parts["credit_use"], limit=format_amount(self.env, credit_limit, currency))
            if credit_limit else
            _("Credit use: %(points)s points (no credit limit)", points=parts["credit_use"]),
            _("Bounced payments: %(points)s points (%(count)s in the last year)",
              points=parts["bounced_payments"], count=int(bounced or 0)),
        ]
        return {"score": score.score, "parts": parts, "tooltip": "\n".join(lines)}
