# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The receivables ledger facts finance charges read: the customers' open
debit items as of a date (their residual then, hold and collections status,
whether they are a reminder's fee entry), and the payments that lowered each
item after its due date (the residual history of the average daily balance)."""

from collections import defaultdict, namedtuple

from odoo import api, models
from odoo.tools import SQL

from ..engine.amounts import to_decimal

InterestLine = namedtuple("InterestLine", [
    "line_id", "move_id", "customer_id", "currency_id", "due_date", "original_amount",
    "residual", "on_hold", "status", "line_fee"])


class CollectionLedger(models.AbstractModel):
    _inherit = "collection.ledger"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _interest_open_items(self, company, customer_ids, as_of):
        """The open receivable debit items of ``customer_ids`` (commercial
        partners) on ``as_of``, as ``InterestLine`` rows: amounts in the item's
        currency, the residual as of ``as_of``; ``line_fee`` for the entry of
        a reminder's fees; the finance charge memos' own entries left out
        (no interest on interest)."""
        self._flush_ledger()
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env["collection.reminder"].flush_model(["fee_move_id"])
        self.env["collection.finance.charge.memo"].flush_model(["move_id"])
        self.env.cr.execute(SQL(
            """
            SELECT item.line_id, item.move_id, item.customer_id, item.currency_id,
                   COALESCE(item.date_maturity, move.invoice_date_due, item.date),
                   (CASE WHEN item.currency_id = %(company_currency)s
                         THEN item.balance ELSE item.amount_currency END)::text,
                   (CASE WHEN item.currency_id = %(company_currency)s
                         THEN item.residual ELSE item.residual_currency END)::text,
                   COALESCE(move.collection_on_hold, FALSE),
                   COALESCE(aml.collection_status, 'none'),
                   EXISTS(SELECT 1 FROM collection_reminder reminder
                           WHERE reminder.fee_move_id = item.move_id)
              FROM (%(open_lines)s) item
              JOIN account_move_line aml ON aml.id = item.line_id
              JOIN account_move move ON move.id = item.move_id
             WHERE item.balance > 0
               AND NOT EXISTS(SELECT 1 FROM collection_finance_charge_memo memo
                               WHERE memo.move_id = item.move_id)
             ORDER BY item.customer_id, item.currency_id, 5, item.line_id
            """,
            company_currency=company.currency_id.id,
            open_lines=self._open_lines_sql(company, as_of=as_of, customers=list(customer_ids)),
        ))
        return [InterestLine(*row[:5], to_decimal(row[5]), to_decimal(row[6]), *row[7:])
                for row in self.env.cr.fetchall()]

    @api.model
    def _interest_payments(self, company, line_ids, as_of):
        """``{line id: [(date, amount), ...]}``: what lowered each item (its
        partial reconciliations, payments and credit notes) up to ``as_of``,
        in the item's currency, by date."""
        if not line_ids:
            return {}
        self._flush_ledger()
        self.env.cr.execute(SQL(
            """
            SELECT part.debit_move_id, part.max_date,
                   (CASE WHEN aml.currency_id = %(company_currency)s
                         THEN part.amount ELSE part.debit_amount_currency END)::text
              FROM account_partial_reconcile part
              JOIN account_move_line aml ON aml.id = part.debit_move_id
             WHERE part.debit_move_id = ANY(%(line_ids)s)
               AND part.max_date <= %(as_of)s
             ORDER BY part.debit_move_id, part.max_date, part.id
            """,
            company_currency=company.currency_id.id, line_ids=list(line_ids), as_of=as_of))
        payments = defaultdict(list)
        for line_id, day, amount in self.env.cr.fetchall():
            payments[line_id].append((day, to_decimal(amount)))
        return dict(payments)
