# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The receivables ledger facts, settlements and payments: each receivable
line's paid-in-full date, days late, the customers' payments and whether they
bounced (see ``collection_ledger`` for the call order and the as-of rules)."""

from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL

from ..engine import aging
from ..engine.amounts import to_decimal
from .collection_ledger import DAYS_LATE_WINDOW, Payment, Settlement


class CollectionLedger(models.AbstractModel):
    _inherit = "collection.ledger"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _payment_line_where(self):
        """A customer payment's receivable line (aliases aml, move): the credit
        line of a payment or of a bank statement line."""
        return SQL("""aml.balance < 0
               AND (move.origin_payment_id IS NOT NULL OR move.statement_line_id IS NOT NULL)""")

    # ------------------------------------------------------------------ settlements
    @api.model
    def _settlements(self, company, customers=None, move_ids=None, move_type=None,
                     debit_only=False):
        """Each posted receivable line (of ``customers`` or of ``move_ids``) as a
        ``Settlement``: whether it is reconciled and the date of its last
        partial reconciliation (its paid-in-full date when reconciled)."""
        where = SQL("%s AND %s", self._receivable_where(company),
                    self._customer_condition(customers))
        if move_ids is not None:
            where = SQL("%s AND aml.move_id = ANY(%s)", where, list(move_ids))
        if move_type:
            where = SQL("%s AND move.move_type = %s", where, move_type)
        if debit_only:
            where = SQL("%s AND aml.balance > 0", where)
        self._flush_ledger()
        self.env.cr.execute(SQL(
            """
            SELECT aml.id, aml.move_id, partner.commercial_partner_id, move.move_type,
                   aml.date_maturity, aml.balance::text, aml.reconciled,
                   (SELECT MAX(part.max_date) FROM %(partials)s)
              FROM %(receivable_lines)s
             WHERE %(where)s
          ORDER BY aml.id
            """, partials=self._line_partials(), receivable_lines=self._receivable_lines(),
            where=where))
        return [Settlement(*row[:5], to_decimal(row[5]), *row[6:])
                for row in self.env.cr.fetchall()]

    @api.model
    def _paid_dates(self, moves):
        """{move id: the date it was paid in full (its last reconciliation), or
        False while one of its receivable lines is open}; one query."""
        result = dict.fromkeys(moves.ids, False)
        for company, company_moves in moves.grouped("company_id").items():
            lines = self._settlements(company, move_ids=company_moves.ids)
            by_move = {}
            for line in lines:
                by_move.setdefault(line.move_id, []).append(line)
            for move_id, move_lines in by_move.items():
                if all(line.reconciled for line in move_lines):
                    result[move_id] = max(
                        (line.paid_date for line in move_lines if line.paid_date), default=False)
        return result

    @api.model
    def _paid_items(self, company, customers, move_type=None):
        """The customers' receivable debit lines paid in full, as Settlements."""
        return [line for line in self._settlements(company, customers, move_type=move_type,
                                                   debit_only=True)
                if line.reconciled and line.paid_date]

    @api.model
    def _days_late(self, company, customer_ids, as_of):
        """{customer id: average days late (paid date - due date) of the items
        paid in full in the year up to ``as_of``}."""
        if not customer_ids:
            return {}
        since = as_of - timedelta(days=DAYS_LATE_WINDOW)
        days = {}
        for line in self._paid_items(company, customer_ids):
            if line.date_maturity and since < line.paid_date <= as_of:
                days.setdefault(line.customer_id, []).append(
                    aging.days_overdue(line.date_maturity, line.paid_date))
        return {customer: sum(values) / len(values) for customer, values in days.items()}

    # ------------------------------------------------------------------ payments
    @api.model
    def _payments(self, company, customer_ids, as_of):
        """The customers' payments received on or before ``as_of`` (their
        receivable credit lines, summed per journal entry), newest first, as
        ``Payment`` rows; ``bounced_on``: the date of the entry reversing it
        (an NSF payment), if reversed on or before ``as_of``."""
        where = SQL("%s AND %s", self._receivable_where(company),
                    self._customer_condition(customer_ids))
        self._flush_ledger()
        self.env.cr.execute(SQL(
            """
            SELECT move.id, move.origin_payment_id, partner.commercial_partner_id,
                   MIN(aml.date), (-SUM(aml.balance))::text, (-SUM(aml.amount_currency))::text,
                   MIN(aml.currency_id),
                   (SELECT MIN(reversal.date) FROM account_move reversal
                     WHERE reversal.reversed_entry_id = move.id
                       AND reversal.state = 'posted'
                       AND reversal.date <= %(as_of)s)
              FROM %(receivable_lines)s
             WHERE %(where)s
               AND %(payment)s
               AND aml.date <= %(as_of)s
          GROUP BY move.id, partner.commercial_partner_id
          ORDER BY MIN(aml.date) DESC, move.id DESC
            """, receivable_lines=self._receivable_lines(), where=where,
            payment=self._payment_line_where(), as_of=as_of))
        return [Payment(*row[:4], to_decimal(row[4]), to_decimal(row[5]), *row[6:])
                for row in self.env.cr.fetchall()]

    @api.model
    def _last_payments(self, company, customer_ids, as_of):
        """{customer id: their last payment (a Payment) that did not bounce}."""
        result = {}
        for payment in self._payments(company, customer_ids, as_of):
            if not payment.bounced_on:
                result.setdefault(payment.customer_id, payment)
        return result

    @api.model
    def _bounced_counts(self, company, customer_ids, as_of):
        """{customer id: payments bounced (reversed) in the year up to ``as_of``}."""
        since = as_of - timedelta(days=DAYS_LATE_WINDOW)
        counts = {}
        for payment in self._payments(company, customer_ids, as_of):
            if payment.bounced_on and payment.bounced_on > since:
                counts[payment.customer_id] = counts.get(payment.customer_id, 0) + 1
        return counts
