# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The receivables ledger facts a statement of account reads: balances
before a date and the transactions of a period, per customer and currency
(see ``collection_ledger`` for the call order; the open items as of a date
are ``_open_lines``)."""

from collections import namedtuple

from odoo import api, models
from odoo.tools import SQL

from ..engine.amounts import to_decimal

StatementMovement = namedtuple("StatementMovement", [
    "customer_id", "currency_id", "move_id", "date", "due_date", "move_type", "is_payment",
    "amount"])


class CollectionLedger(models.AbstractModel):
    _inherit = "collection.ledger"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _statement_balances(self, company, customer_ids, before):
        """{(customer id, currency id): balance}: the sum, in each transaction
        currency, of the customers' posted receivable lines dated before
        ``before`` (a statement's opening balance); one query."""
        self._flush_ledger()
        self.env.cr.execute(SQL(
            """
            SELECT partner.commercial_partner_id, aml.currency_id, SUM(aml.amount_currency)::text
              FROM %(receivable_lines)s
             WHERE %(where)s AND %(customers)s
               AND aml.date < %(before)s
          GROUP BY 1, 2
            """, receivable_lines=self._receivable_lines(), where=self._receivable_where(company),
            customers=self._customer_condition(customer_ids), before=before))
        return {(customer, currency): to_decimal(amount)
                for customer, currency, amount in self.env.cr.fetchall()}

    @api.model
    def _statement_movements(self, company, customer_ids, date_from, date_to):
        """The transactions of the period: per customer, currency and entry,
        the sum of its posted receivable lines dated from ``date_from`` to
        ``date_to`` (in the transaction currency), with the entry's date,
        earliest due date, type and whether it is a customer payment, as
        ``StatementMovement`` rows by date; one query."""
        self._flush_ledger()
        self.env.cr.execute(SQL(
            """
            SELECT partner.commercial_partner_id, aml.currency_id, move.id, MIN(aml.date),
                   MIN(aml.date_maturity), move.move_type,
                   (move.origin_payment_id IS NOT NULL OR move.statement_line_id IS NOT NULL),
                   SUM(aml.amount_currency)::text
              FROM %(receivable_lines)s
             WHERE %(where)s AND %(customers)s
               AND aml.date BETWEEN %(date_from)s AND %(date_to)s
          GROUP BY 1, 2, 3
          ORDER BY 4, 3
            """, receivable_lines=self._receivable_lines(), where=self._receivable_where(company),
            customers=self._customer_condition(customer_ids), date_from=date_from,
            date_to=date_to))
        return [StatementMovement(*row[:7], to_decimal(row[7]))
                for row in self.env.cr.fetchall()]
