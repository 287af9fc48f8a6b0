# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The receivables ledger facts the KPI snapshots read: credit sales per
month, the first posting date, and the payments of a period (see
``collection_ledger`` for the call order)."""

from odoo import api, models
from odoo.tools import SQL

from ..engine.amounts import to_decimal


class CollectionLedger(models.AbstractModel):
    _inherit = "collection.ledger"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------ KPI snapshots
    @api.model
    def _kpi_credit_sales(self, company, date_from, date_to):
        """{customer id: {first day of the month: credit sales}}: the
        receivable lines of customer invoices and credit notes (net) dated
        from ``date_from`` to ``date_to``, in company currency; one query."""
        self._flush_ledger()
        self.env.cr.execute(SQL(
            """
            SELECT partner.commercial_partner_id, date_trunc('month', aml.date)::date,
                   SUM(aml.balance)::text
              FROM %(receivable_lines)s
             WHERE %(where)s
               AND move.move_type IN ('out_invoice', 'out_refund')
               AND aml.date BETWEEN %(date_from)s AND %(date_to)s
          GROUP BY 1, 2
            """, receivable_lines=self._receivable_lines(), where=self._receivable_where(company),
            date_from=date_from, date_to=date_to))
        result = {}
        for customer, month, amount in self.env.cr.fetchall():
            result.setdefault(customer, {})[month] = to_decimal(amount)
        return result

    @api.model
    def _kpi_first_date(self, company):
        """The accounting date of the company's first posted receivable line, or None."""
        self._flush_ledger()
        self.env.cr.execute(SQL(
            """SELECT MIN(aml.date) FROM account_move_line aml
                 JOIN account_account account ON account.id = aml.account_id
                WHERE %s""", self._receivable_where(company)))
        return self.env.cr.fetchone()[0]

    @api.model
    def _kpi_payments(self, company, date_from, date_to):
        """``[(customer id, date, amount)]``: the customer payments received
        from ``date_from`` to ``date_to`` (as ``_payments`` reads them) that
        were not reversed (bounced) by ``date_to``; one query."""
        self._flush_ledger()
        self.env.cr.execute(SQL(
            """
            SELECT partner.commercial_partner_id, MIN(aml.date), (-SUM(aml.balance))::text
              FROM %(receivable_lines)s
             WHERE %(where)s
               AND %(payment)s
               AND aml.date BETWEEN %(date_from)s AND %(date_to)s
               AND NOT EXISTS (SELECT 1 FROM account_move reversal
                                WHERE reversal.reversed_entry_id = move.id
                                  AND reversal.state = 'posted'
                                  AND reversal.date <= %(date_to)s)
          GROUP BY move.id, partner.commercial_partner_id
            """, receivable_lines=self._receivable_lines(), where=self._receivable_where(company),
            payment=self._payment_line_where(), date_from=date_from, date_to=date_to))
        return [(customer, day, to_decimal(amount))
                for customer, day, amount in self.env.cr.fetchall()]
