# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The receivables ledger facts: the only code of the addon that reads the
receivables ledger (posted journal items on receivable accounts, their
reconciliations, customer payments and their reversals). The process,
reminders, workspace and collection letter read the ledger through it.

Call order, as OCA's mis_builder does it (parse, query, evaluate):

1. *parse*: the caller says what it asks for: a company, the customers (a list
   of commercial partner ids, or a SQL subquery of them such as a pool's
   members) and the date ``as_of``;
2. *query*: one SQL statement per fact family, parameterized by those:

   - open items, at line level (each installment is its own item, with its own
     due date), with their invoice and customer: ``_open_lines_sql`` /
     ``_open_lines``; aged balances per customer on top of them:
     ``_aged_balances``;
   - the open items (installments) of the open invoices, for the process run
     (on ``account_move_collection_open_invoice_hold_index`` and
     ``account_move_line_collection_open_item_status_index``): ``_open_invoices``;
   - settlements (each receivable line, whether it is paid in full and when):
     ``_settlements``, from which ``_paid_dates`` and ``_days_late``;
   - customer payments, with whether they bounced (were reversed):
     ``_payments``, from which ``_last_payments`` and ``_bounced_counts``;

3. *evaluate*: plain rows (named tuples or dicts, amounts as ``Decimal``) out;
   the rules deciding from them (aging bucket, days overdue, risk) are in
   ``engine/``.

As-of rules (those of Odoo's aged receivable report):

- a line counts when its accounting date is on or before ``as_of``;
- its residual as of ``as_of`` is its balance minus the partial
  reconciliations (``account_partial_reconcile``) whose ``max_date`` is on or
  before ``as_of``: on the debit side they lower it, on the credit side they
  raise it; in company currency with ``amount``, in the transaction currency
  with ``debit_amount_currency`` / ``credit_amount_currency``;
- a line without a due date (an imported opening balance, a miscellaneous
  entry) ages from its accounting date (``engine.aging.aging_date``).

``as_of=None`` asks for the ledger as it stands now (every posted line, the
stored residual): what reminders are created from.

The advisory locks and the snapshot-conflict check that keep two runs apart
are here too, with their keys defined once (``LOCK_KEYS``).
"""

from collections import namedtuple
from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL

from ..engine import aging
from ..engine.amounts import to_decimal

# First keys of the advisory locks (pg_advisory_xact_lock(key, id)).
LOCK_KEYS = {
    "process": 1543575239,  # one run of a process at a time (id: the process)
    "reminder": 1543575240,  # one reminder creation per company (id: the company)
}

# An open customer invoice, as the process reads it. The partial index of
# account_move.init has this predicate: keep them the same text.
OPEN_INVOICE_WHERE = """move_type = 'out_invoice'
               AND state = 'posted'
               AND payment_state IN ('not_paid', 'partial')"""

OpenLine = namedtuple("OpenLine", [
    "line_id", "move_id", "customer_id", "partner_id", "currency_id", "date",
    "date_maturity", "aging_date", "balance", "amount_currency", "residual",
    "residual_currency",
])
OpenInvoice = namedtuple("OpenInvoice", [
    "customer_id", "move_id", "due_date", "residual", "total", "on_hold", "status",
    "promise_date", "line_id"])
Settlement = namedtuple("Settlement", [
    "line_id", "move_id", "customer_id", "move_type", "date_maturity", "balance",
    "reconciled", "paid_date"])
Payment = namedtuple("Payment", [
    "move_id", "payment_id", "customer_id", "date", "amount", "amount_currency",
    "currency_id", "bounced_on"])

DAYS_LATE_WINDOW = 365  # days late and bounced payments count over the last year


class CollectionLedger(models.AbstractModel):
    _name = "collection.ledger"
    _description = "Collections: Receivables Ledger Facts"

    # ------------------------------------------------------------------ parse
    @api.model
    def _customer_condition(self, customers):
        """SQL restricting the commercial partner (alias ``partner``) to
        ``customers``: None (all), ids, or a SQL subquery."""
        column = SQL("partner.commercial_partner_id")
        if customers is None:
            return SQL("TRUE")
        if isinstance(customers, SQL):
            return SQL("%s IN %s", column, customers)
        return SQL("%s = ANY(%s)", column, list(customers))

    @api.model
    def _receivable_where(self, company):
        """A posted receivable journal item of ``company`` (aliases aml, account)."""
        return SQL(
            """aml.parent_state = 'posted'
               AND aml.company_id = %s
               AND account.account_type = 'asset_receivable'""",
            company.id,
        )

    @api.model
    def _open_lines_domain(self, partners):
        """The ORM domain of the partners' open receivable items as they stand
        (the form of ``_open_lines_sql(as_of=None)`` for list views)."""
        return [
            ("partner_id", "child_of", partners.ids),
            ("parent_state", "=", "posted"),
            ("account_id.account_type", "=", "asset_receivable"),
            ("reconciled", "=", False),
        ]

    @api.model
    def _line_partials(self):
        """FROM and WHERE of the partial reconciliations of the line ``aml``, on
        either side."""
        return SQL("""account_partial_reconcile part
                      WHERE (part.debit_move_id = aml.id OR part.credit_move_id = aml.id)""")

    def _flush_ledger(self):
        self.env["account.move.line"].flush_model()
        self.env["account.move"].flush_model()
        self.env["account.partial.reconcile"].flush_model()

    # ------------------------------------------------------------------ open items
    @api.model
    def _open_lines_sql(self, company, as_of=None, customers=None, partner_ids=None):
        """The SELECT of the open receivable items (columns of ``OpenLine``):
        as of ``as_of`` (see the module's rules), or as the ledger stands when
        ``as_of`` is None. ``customers`` filters on the commercial partner,
        ``partner_ids`` on the line's own partner."""
        where = SQL("%s AND %s", self._receivable_where(company),
                    self._customer_condition(customers))
        if partner_ids is not None:
            where = SQL("%s AND aml.partner_id = ANY(%s)", where, list(partner_ids))
        columns = SQL(
            """aml.id AS line_id, aml.move_id, partner.commercial_partner_id AS customer_id,
               aml.partner_id, aml.currency_id, aml.date, aml.date_maturity,
               COALESCE(aml.date_maturity, aml.date) AS aging_date,
               aml.balance, aml.amount_currency""")
        if as_of is None:
            return SQL(
                """SELECT %(columns)s, aml.amount_residual AS residual,
                          aml.amount_residual_currency AS residual_currency
                     FROM account_move_line aml
                     JOIN account_account account ON account.id = aml.account_id
                     JOIN res_partner partner ON partner.id = aml.partner_id
                    WHERE %(where)s AND NOT aml.reconciled""",
                columns=columns, where=where)
        # Lines open now, or settled by a reconciliation dated after as_of: the
        # others were settled on or before as_of (their residual then was 0).
        return SQL(
            """SELECT * FROM (
                   SELECT %(columns)s,
                          aml.balance + COALESCE(settled.amount, 0) AS residual,
                          aml.amount_currency + COALESCE(settled.amount_currency, 0)
                              AS residual_currency
                     FROM account_move_line aml
                     JOIN account_account account ON account.id = aml.account_id
                     JOIN res_partner partner ON partner.id = aml.partner_id
                     LEFT JOIN LATERAL (
                          -- debit side: the partials lower the line; credit side: raise it
                          SELECT SUM(CASE WHEN part.debit_move_id = aml.id THEN -part.amount
                                          ELSE part.amount END) AS amount,
                                 SUM(CASE WHEN part.debit_move_id = aml.id
                                          THEN -part.debit_amount_currency
                                          ELSE part.credit_amount_currency END) AS amount_currency
                            FROM %(partials)s AND part.max_date <= %(as_of)s
                     ) settled ON TRUE
                    WHERE %(where)s
                      AND aml.date <= %(as_of)s
                      AND (NOT aml.reconciled
                           OR aml.id IN (  -- one hashed scan, not a probe per line
                               SELECT late.debit_move_id FROM account_partial_reconcile late
                                WHERE late.max_date > %(as_of)s
                               UNION ALL
                               SELECT late.credit_move_id FROM account_partial_reconcile late
                                WHERE late.max_date > %(as_of)s))
               ) open_line
               WHERE open_line.residual != 0 OR open_line.residual_currency != 0""",
            columns=columns, where=where, as_of=as_of, partials=self._line_partials())

    @api.model
    def _open_lines(self, company, as_of=None, customers=None, partner_ids=None):
        """The open receivable items, as ``OpenLine`` rows (Decimal amounts),
        by aging date."""
        self._flush_ledger()
        self.env.cr.execute(SQL(
            """SELECT line_id, move_id, customer_id, partner_id, currency_id, date,
                      date_maturity, aging_date, balance::text, amount_currency::text,
                      residual::text, residual_currency::text
                 FROM (%s) item ORDER BY aging_date, line_id""",
            self._open_lines_sql(company, as_of, customers, partner_ids)))
        return [
            OpenLine(*row[:8], *(to_decimal(amount) for amount in row[8:]))
            for row in self.env.cr.fetchall()
        ]

    @api.model
    def _aged_balances(self, company, as_of, customers=None, limit=None, order="balance",
                       only_owing=True):
        """Per customer, in company currency as of ``as_of``: balance, overdue,
        the amount in each aging bucket, the oldest overdue aging date and the
        count of overdue items; one query. ``order``: "balance" (highest
        first; with ``only_owing``, customers owing something) or "oldest"
        (oldest overdue first; with ``only_owing``, customers with something
        overdue)."""
        boundaries = company._collection_aging_boundaries()
        bucket_count = len(boundaries) + 2
        # The engine's bucket CASE, so that SQL and Python place an item alike.
        case = SQL(aging.sql_bucket_case("item.aging_date", "%(as_of)s", boundaries),
                   as_of=as_of)
        bucket_sums = SQL(", ").join(
            SQL("SUM(CASE WHEN lines.bucket = %s THEN lines.residual ELSE 0 END)::text", index)
            for index in range(bucket_count)
        )
        order_sql = {
            "balance": SQL("balance DESC, customer_id"),
            "oldest": SQL("oldest_overdue ASC NULLS LAST, overdue DESC, customer_id"),
        }[order]
        having = SQL("")
        if only_owing:
            having = SQL("HAVING SUM(lines.residual) > 0") if order == "balance" else SQL(
                "HAVING SUM(CASE WHEN lines.bucket > 0 THEN lines.residual ELSE 0 END) > 0")
        self._flush_ledger()
        self.env.cr.execute(SQL(
            """
            SELECT lines.customer_id,
                   SUM(lines.residual) AS balance,
                   SUM(CASE WHEN lines.bucket > 0 THEN lines.residual ELSE 0 END) AS overdue,
                   MIN(CASE WHEN lines.bucket > 0 AND lines.residual > 0
                            THEN lines.aging_date END) AS oldest_overdue,
                   COUNT(*) FILTER (WHERE lines.bucket > 0 AND lines.residual > 0)
                        AS overdue_count,
                   %(bucket_sums)s
              FROM (SELECT item.customer_id, item.residual, item.aging_date,
                           %(case)s AS bucket
                      FROM (%(open_lines)s) item) lines
          GROUP BY lines.customer_id
            %(having)s
          ORDER BY %(order)s
            %(limit)s
            """,
            bucket_sums=bucket_sums,
            case=case,
            open_lines=self._open_lines_sql(company, as_of, customers),
            having=having,
            order=order_sql,
            limit=SQL("LIMIT %s", limit) if limit else SQL(""),
        ))
        return [{
            "customer_id": row[0],
            "balance": to_decimal(row[1]),
            "overdue": to_decimal(row[2]),
            "oldest_overdue": row[3],
            "overdue_count": row[4],
            "buckets": [to_decimal(amount) for amount in row[5:5 + bucket_count]],
        } for row in self.env.cr.fetchall()]

    # ------------------------------------------------------------------ open invoices
    @api.model
    def _open_invoices(self, company, customer_ids):
        """The open items of the open customer invoices of ``customer_ids``, as
        they stand now, as ``OpenInvoice`` rows: one per installment (the
        invoice's receivable line with a due date), with its own due date,
        residual and collections status; the invoice's hold. The open invoices
        by the partial index of ``account_move.init``, their open items by the
        one of ``account_move_line.init`` (the process run's read)."""
        self.env["account.move"].flush_model([
            "move_type", "state", "payment_state", "company_id", "commercial_partner_id",
            "invoice_date_due", "collection_on_hold"])
        self.env["account.move.line"].flush_model([
            "move_id", "display_type", "reconciled", "date_maturity", "amount_residual",
            "balance", "collection_status", "collection_promise_date"])
        self.env.cr.execute(SQL(
            """
            SELECT move.commercial_partner_id, move.id,
                   COALESCE(item.date_maturity, move.invoice_date_due),
                   item.amount_residual::text, item.balance::text,
                   COALESCE(move.collection_on_hold, FALSE),
                   item.collection_status, item.collection_promise_date, item.id
              FROM account_move move
              JOIN account_move_line item ON item.move_id = move.id
                                         AND item.display_type = 'payment_term'
                                         AND NOT item.reconciled
             WHERE %s
               AND move.company_id = %s
               AND move.commercial_partner_id = ANY(%s)
            """, SQL(OPEN_INVOICE_WHERE), company.id, list(customer_ids)))
        # Amounts as text: Odoo's cursor turns numeric into float, the engine counts in Decimal.
        return [
            OpenInvoice(customer, move, due, to_decimal(residual), to_decimal(total), on_hold,
                        status or "none", promise_date, line)
            for customer, move, due, residual, total, on_hold, status, promise_date, line
            in self.env.cr.fetchall()
        ]

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
                   (SELECT MAX(part.max_date) FROM %s)
              FROM account_move_line aml
              JOIN account_move move ON move.id = aml.move_id
              JOIN account_account account ON account.id = aml.account_id
              JOIN res_partner partner ON partner.id = aml.partner_id
             WHERE %s
          ORDER BY aml.id
            """, self._line_partials(), where))
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
              FROM account_move_line aml
              JOIN account_move move ON move.id = aml.move_id
              JOIN account_account account ON account.id = aml.account_id
              JOIN res_partner partner ON partner.id = aml.partner_id
             WHERE %(where)s
               AND aml.balance < 0
               AND aml.date <= %(as_of)s
               AND (move.origin_payment_id IS NOT NULL OR move.statement_line_id IS NOT NULL)
          GROUP BY move.id, partner.commercial_partner_id
          ORDER BY MIN(aml.date) DESC, move.id DESC
            """, where=where, as_of=as_of))
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

    # ------------------------------------------------------------------ concurrency
    @api.model
    def _try_lock(self, kind, key):
        """Take the ``kind`` lock on ``key`` for this transaction; False if another has it."""
        self.env.cr.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [LOCK_KEYS[kind], key])
        return self.env.cr.fetchone()[0]

    @api.model
    def _lock(self, kind, key):
        """Wait for the ``kind`` lock on ``key`` and take it for this transaction."""
        self.env.cr.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_KEYS[kind], key])

    @api.model
    def _snapshot_changed(self, model, where):
        """Whether another transaction committed ``model`` rows matching
        ``where`` (SQL on the model's table) that this transaction cannot see:
        its snapshot is older than that commit."""
        if not self.env.registry.ready:
            return False  # installing: no other transaction can see the tables yet
        table = SQL.identifier(self.env[model]._table)
        with self.env.registry.cursor() as fresh:
            fresh.execute(SQL("SELECT id FROM %s WHERE %s", table, where))
            committed = [row[0] for row in fresh.fetchall()]
        if not committed:
            return False
        self.env[model].flush_model()
        self.env.cr.execute(SQL("SELECT count(*) FROM %s WHERE id = ANY(%s)", table, committed))
        return self.env.cr.fetchone()[0] < len(committed)
