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
     ``_aged_balances``, or ranked several ways at once: ``_aged_balance_rankings``;
   - the open items as reminders read them (level reached, last reminder date,
     status): ``_reminder_open_items``;
   - the open items (installments) of the open invoices, for the process run
     (on the partial indexes ``account_move_line_collection_open_invoice_item_index``
     and ``account_move_collection_flagged_invoice_index``): ``_open_invoices``;
   - settlements (each receivable line, whether it is paid in full and when):
     ``_settlements``, from which ``_paid_dates`` and ``_days_late``
     (``collection_ledger_payments.py``);
   - customer payments, with whether they bounced (were reversed):
     ``_payments``, from which ``_last_payments`` and ``_bounced_counts``
     (``collection_ledger_payments.py``);
   - the KPI snapshots' credit sales, first posting date and payments of a
     period (``collection_ledger_kpi.py``);

3. *evaluate*: plain rows (named tuples or dicts, amounts as ``Decimal``) out;
   the rules deciding from them (aging bucket, days overdue, risk) are in
   ``engine/``.

As-of rules (those of Odoo's aged receivable report):

- a line counts when its accounting date is on or before ``as_of``;
- its residual as of ``as_of`` is its balance minus the partial
  reconciliations (``account_partial_reconcile``) whose ``max_date`` is on or
  before ``as_of``: on the debit side they lower it, on the credit side they
  raise it; in company currency with ``amount``, in the transaction currency
  with ``debit_amount_currency`` / ``credit_amount_currency``. It is read as
  the stored residual (the balance net of every partial) plus the partials
  dated after ``as_of``: the same figure, with only the later partials read;
- a line without a due date (an imported opening balance, a miscellaneous
  entry) ages from its accounting date (``engine.aging.aging_date``).

``as_of=None`` asks for the ledger as it stands now (every posted line, the
stored residual): what reminders are created from.

The advisory locks and the snapshot-conflict check that keep two runs apart
are in ``collection_ledger_locks.py``, their keys defined once here (``LOCK_KEYS``).
"""

from collections import defaultdict, namedtuple
from decimal import Decimal

from odoo import api, models
from odoo.tools import SQL

from ..engine import aging
from ..engine.amounts import to_decimal
from ..engine.process import OpenInvoice

# First keys of the advisory locks (pg_advisory_xact_lock(key, id)).
LOCK_KEYS = {
    "process": 1543575239,  # one run of a process at a time (id: the process)
    "reminder": 1543575240,  # one reminder creation per company (id: the company)
}

# An open item of a customer invoice, on its journal item alone (what the
# process run reads): an unreconciled installment line of a posted invoice,
# with a debit balance (a credit note's is a credit); the sale journal (a
# vendor refund's installment is a debit too) and the invoice's payment state
# ``invoicing_legacy`` (paid outside Odoo, set by SQL) are checked beside it.
# The partial index of account_move_line.init has this predicate: keep them
# the same text.
OPEN_INVOICE_ITEM_WHERE = """display_type = 'payment_term'
               AND NOT reconciled
               AND parent_state = 'posted'
               AND balance > 0"""

# An open journal item as the ledger stands (any account: the receivable one
# is joined beside it): posted, not reconciled, with something left in the
# company's currency or its own (an exchange difference can leave one). The
# partial index of account_move_line.init has this predicate (keep the same
# text): a batch of customers reads its open items from it, not from a scan
# of every journal item (a scan per batch made create_reminders grow faster
# than the ledger).
OPEN_LINE_WHERE = """NOT reconciled
               AND parent_state = 'posted'
               AND (amount_residual != 0 OR amount_residual_currency != 0)"""

# The invoices whose items the process reads with a flag: on hold, or paid
# outside Odoo. The partial index of account_move.init has this predicate.
FLAGGED_INVOICE_WHERE = """collection_on_hold OR payment_state = 'invoicing_legacy'"""

def open_invoice(row, new=tuple.__new__, decimal=Decimal):
    """The engine's ``OpenInvoice`` of a row of ``_open_invoice_rows``: made
    by ``tuple.__new__``, its fields in order (``OpenInvoice(...)`` goes
    through a Python ``__new__``, and a run makes one per open item)."""
    (_customer, move, due, residual, total, on_hold, status, promise_date, line) = row
    return new(OpenInvoice, (move, due, decimal(residual), decimal(total), on_hold,
                             status or "none", promise_date, line))


OpenLine = namedtuple("OpenLine", [
    "line_id", "move_id", "customer_id", "partner_id", "currency_id", "date",
    "date_maturity", "aging_date", "balance", "amount_currency", "residual",
    "residual_currency",
])
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
    def _receivable_lines(self):
        """FROM the journal items with their entry, account and partner (the
        aliases aml, move, account, partner the other clauses use)."""
        return SQL("""account_move_line aml
              JOIN account_move move ON move.id = aml.move_id
              JOIN account_account account ON account.id = aml.account_id
              JOIN res_partner partner ON partner.id = aml.partner_id""")

    @api.model
    def _open_lines_domain(self, partners):
        """The ORM domain of the partners' open receivable items as they stand
        (the form of ``_open_lines_sql(as_of=None)`` for list views)."""
        return [
            ("partner_id", "child_of", partners.ids),
            ("parent_state", "=", "posted"),
            ("account_id.account_type", "=", "asset_receivable"),
            ("reconciled", "=", False),
            "|", ("amount_residual", "!=", 0), ("amount_residual_currency", "!=", 0),
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
                     FROM (SELECT * FROM account_move_line WHERE %(open_line)s) aml
                     JOIN account_account account ON account.id = aml.account_id
                     JOIN res_partner partner ON partner.id = aml.partner_id
                    WHERE %(where)s""",
                columns=columns, where=where, open_line=SQL(OPEN_LINE_WHERE))
        # As of a date: today's residual plus what the reconciliations dated
        # after it took off (Odoo's residual is the balance net of every partial
        # reconciliation). Those later partials are few for a recent date: one
        # hashed aggregate of them, not a probe of the partials per open line.
        # The lines open then are those open now and those settled after it.
        return SQL(
            """SELECT * FROM (
                   SELECT %(columns)s,
                          aml.amount_residual + COALESCE(late.amount, 0) AS residual,
                          aml.amount_residual_currency + COALESCE(late.amount_currency, 0)
                              AS residual_currency
                     FROM account_move_line aml
                     JOIN account_account account ON account.id = aml.account_id
                     JOIN res_partner partner ON partner.id = aml.partner_id
                     LEFT JOIN (
                          -- debit side: the partial had lowered the line; credit side: raised it
                          SELECT late_part.line_id, SUM(late_part.amount) AS amount,
                                 SUM(late_part.amount_currency) AS amount_currency
                            FROM (SELECT part.debit_move_id AS line_id, part.amount,
                                         part.debit_amount_currency AS amount_currency
                                    FROM account_partial_reconcile part
                                   WHERE part.max_date > %(as_of)s
                                  UNION ALL
                                  SELECT part.credit_move_id, -part.amount,
                                         -part.credit_amount_currency
                                    FROM account_partial_reconcile part
                                   WHERE part.max_date > %(as_of)s) late_part
                        GROUP BY late_part.line_id
                     ) late ON late.line_id = aml.id
                    WHERE %(where)s
                      AND aml.date <= %(as_of)s
                      AND (NOT aml.reconciled OR late.line_id IS NOT NULL)
               ) open_line
               WHERE open_line.residual != 0 OR open_line.residual_currency != 0""",
            columns=columns, where=where, as_of=as_of)

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
        return self._aged_balance_rankings(
            company, as_of, customers, limit, (order,), only_owing)[order]

    @api.model
    def _aged_balance_rankings(self, company, as_of, customers=None, limit=None,
                               orders=("balance", "oldest"), only_owing=True):
        """``{order: rows}``: the aged balances of ``_aged_balances`` ranked by
        each of ``orders``, each list cut at ``limit``; one query, the open
        items aggregated once (the overview shows two rankings of them)."""
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
        }
        owing = {"balance": SQL("balance > 0"), "oldest": SQL("overdue > 0")}
        rankings = SQL(" UNION ALL ").join(
            SQL("(SELECT %(index)s, * FROM aged WHERE %(owing)s ORDER BY %(order)s %(limit)s)",
                index=index, owing=owing[order] if only_owing else SQL("TRUE"),
                order=order_sql[order], limit=SQL("LIMIT %s", limit) if limit else SQL(""))
            for index, order in enumerate(orders)
        )
        self._flush_ledger()
        self.env.cr.execute(SQL(
            """
            WITH aged AS MATERIALIZED (
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
            )
            %(rankings)s
            """,
            bucket_sums=bucket_sums,
            case=case,
            open_lines=self._open_lines_sql(company, as_of, customers),
            rankings=rankings,
        ))
        result = {order: [] for order in orders}
        for row in self.env.cr.fetchall():
            result[orders[row[0]]].append({
                "customer_id": row[1],
                "balance": to_decimal(row[2]),
                "overdue": to_decimal(row[3]),
                "oldest_overdue": row[4],
                "overdue_count": row[5],
                "buckets": [to_decimal(amount) for amount in row[6:6 + bucket_count]],
            })
        return result

    # ------------------------------------------------------------------ open invoices
    @api.model
    def _open_invoice_rows(self, company, customer_ids):
        """{customer id: [row]}: the open items of the
        open customer invoices of ``customer_ids``, as they stand now: one per
        installment (the invoice's receivable line with a due date; without
        one, it ages from its accounting date), with its own due date,
        residual and collections status; the invoice's hold.

        Read from the journal items alone (``OPEN_INVOICE_ITEM_WHERE``, an
        index-only scan of ``account_move_line.init``'s partial index): an
        invoice's installment lines carry its customer, the commercial
        partner, whoever of its contacts it was made out to
        (``account.move.line._compute_partner_id``). The few invoices on hold
        or paid outside Odoo (``invoicing_legacy``) come from
        ``account_move.init``'s partial index. A batch reads a few pages of
        the index, not one invoice row and one line probe per open invoice.

        A row is a plain tuple, amounts as text (Odoo's cursor turns numeric
        into float, the engine counts in Decimal): ``open_invoice(row)`` makes
        the engine's ``OpenInvoice`` of it, when the customer is decided.
        Plain tuples of plain values leave the garbage collector's watch;
        a batch's thousands of named tuples, alive through the batch, were
        promoted to its oldest generation and brought its full collections
        forward (a tenth of a second each, in a server's heap)."""
        self.env["account.move"].flush_model(["payment_state", "collection_on_hold"])
        self.env["account.move.line"].flush_model([
            "move_id", "display_type", "reconciled", "parent_state", "balance", "company_id",
            "partner_id", "journal_id", "date", "date_maturity", "amount_residual",
            "collection_status", "collection_promise_date"])
        self.env.cr.execute(SQL(
            """
            SELECT item.partner_id, item.move_id,
                   COALESCE(item.date_maturity, item.date),
                   item.amount_residual::text, item.balance::text,
                   COALESCE(flagged.collection_on_hold, FALSE),
                   item.collection_status, item.collection_promise_date, item.id
              FROM (SELECT * FROM account_move_line WHERE %(open_item)s) item
              LEFT JOIN (SELECT id, collection_on_hold, payment_state
                           FROM account_move
                          WHERE %(flagged)s) flagged ON flagged.id = item.move_id
             WHERE item.company_id = %(company)s
               AND item.partner_id = ANY(%(customers)s)
               AND item.journal_id = ANY(ARRAY(
                       SELECT id FROM account_journal
                        WHERE type = 'sale' AND company_id = %(company)s))
               AND flagged.payment_state IS DISTINCT FROM 'invoicing_legacy'
            """, flagged=SQL(FLAGGED_INVOICE_WHERE), open_item=SQL(OPEN_INVOICE_ITEM_WHERE),
            company=company.id, customers=list(customer_ids)))
        rows = defaultdict(list)
        for row in self.env.cr.fetchall():
            rows[row[0]].append(row)
        return rows

    @api.model
    def _open_invoices(self, company, customer_ids):
        """{customer id: [the engine's ``OpenInvoice``]}: ``_open_invoice_rows``
        made into the engine's rows."""
        return defaultdict(list, {
            customer: [open_invoice(row) for row in rows]
            for customer, rows in self._open_invoice_rows(company, customer_ids).items()})

    @api.model
    def _open_invoice_domain(self):
        """An open customer invoice, as an ORM domain on ``account.move``."""
        return [("move_type", "=", "out_invoice"), ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial"))]

    @api.model
    def _reminder_open_items(self, company, partner_ids, date):
        """The open receivable items of ``partner_ids`` as reminders read them,
        by partner, currency and due date: as the ledger stands (reminders work
        on today's residuals), in the item's currency, with the reminder level
        reached, the last reminder date, the invoice's hold and the item's
        collections status; the items reminded on ``date`` already left out.
        Rows: (line, move, partner, currency, due date, original amount,
        residual, level reached, last reminder date, on hold, status, promise
        date), amounts as Odoo's cursor reads them."""
        self.env["account.move.line"].flush_model()
        self.env["account.move"].flush_model(["collection_on_hold"])
        self.env.cr.execute(SQL(
            """
            SELECT item.line_id, item.move_id, item.partner_id, item.currency_id,
                   COALESCE(item.date_maturity, move.invoice_date_due, item.date) AS due_date,
                   CASE WHEN item.currency_id = %(company_currency)s
                        THEN item.balance ELSE item.amount_currency END AS original_amount,
                   CASE WHEN item.currency_id = %(company_currency)s
                        THEN item.residual ELSE item.residual_currency END
                        AS residual,
                   COALESCE(aml.collection_reminder_level, 0) AS reached_level,
                   aml.collection_last_reminder_date,
                   COALESCE(move.collection_on_hold, FALSE) AS on_hold,
                   aml.collection_status, aml.collection_promise_date
              FROM (%(open_lines)s) item
              JOIN account_move_line aml ON aml.id = item.line_id
              JOIN account_move move ON move.id = item.move_id
             WHERE aml.collection_last_reminder_date IS NULL
                OR aml.collection_last_reminder_date < %(date)s
             ORDER BY item.partner_id, item.currency_id, due_date, item.line_id
            """,
            company_currency=company.currency_id.id,
            open_lines=self._open_lines_sql(company, partner_ids=partner_ids),
            date=date,
        ))
        return self.env.cr.fetchall()
