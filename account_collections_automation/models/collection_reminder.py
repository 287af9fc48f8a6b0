# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import base64
import functools
import logging
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL, float_repr, float_round, split_every

from ..engine import recipients as recipient_engine
from ..engine import reminders as engine
from ..engine import vocabulary

_logger = logging.getLogger(__name__)

MODULE = "account_collections_automation"
REPORT_XMLID = "account_collections_automation.action_report_collection_reminder"
INVOICE_REPORT_XMLID = "account.account_invoices"
PARTNER_BATCH = 500
ZERO = Decimal(0)


@functools.lru_cache(maxsize=32)
def _monetary_rounding(decimal_places, rounding):
    """A function rounding amounts as a Monetary field of a currency stores
    them (half away from zero), None staying None."""
    quantum = Decimal(1).scaleb(-decimal_places)
    if Decimal(repr(rounding)) == quantum:
        def round_amount(value):
            return None if value is None else Decimal(value).quantize(quantum, ROUND_HALF_UP)
    else:  # a rounding such as 0.05: as the ORM does it (currency.round), on floats
        def round_amount(value):
            return None if value is None else Decimal(float_repr(
                float_round(float(value), precision_rounding=rounding), decimal_places))
    return round_amount


class CollectionReminder(models.Model):
    """A reminder (collection letter) to one customer, in one currency."""

    _name = "collection.reminder"
    _description = "Reminder"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    state = fields.Selection(
        vocabulary.REMINDER_STATES, default="draft", required=True, readonly=True, copy=False,
        tracking=True, index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company,
        readonly=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True,
        check_company=True,
    )
    recipient_partner_id = fields.Many2one(
        "res.partner", compute="_compute_recipient_partner_id", string="Recipient",
        help="The customer's collections contact, else the customer.",
    )
    lang = fields.Selection(related="partner_id.lang")
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.company.currency_id
    )
    term_id = fields.Many2one(
        "collection.reminder.term", string="Reminder Terms", required=True, check_company=True,
        index=True,
    )
    level_id = fields.Many2one(
        "collection.reminder.level", string="Reminder Level", required=True,
        domain="[('term_id', '=', term_id)]",
    )
    level = fields.Integer(related="level_id.level", store=True, string="Level")
    date = fields.Date(
        string="Document Date", required=True, default=fields.Date.context_today, tracking=True
    )
    due_date = fields.Date(required=True, tracking=True)
    posting_date = fields.Date(copy=False)
    vat_date = fields.Date(string="VAT Date", copy=False)
    issued_date = fields.Date(string="Issued On", copy=False, readonly=True)
    send_count = fields.Integer(string="Times Sent", copy=False, readonly=True)
    last_sent_date = fields.Date(string="Last Sent", copy=False, readonly=True)
    line_ids = fields.One2many("collection.reminder.line", "reminder_id", string="Lines", copy=True)
    remaining_amount = fields.Monetary(
        compute="_compute_totals", store=True,
        help="What the overdue invoices listed still owe.",
    )
    fee_amount = fields.Monetary(string="Additional Fee", compute="_compute_totals", store=True)
    interest_amount = fields.Monetary(string="Interest", compute="_compute_totals", store=True)
    total_due = fields.Monetary(compute="_compute_totals", store=True)
    fee_move_id = fields.Many2one(
        "account.move", string="Fee Entry", copy=False, readonly=True, check_company=True,
        help="The journal entry posting this reminder's fees and interest on the receivable.",
    )
    automation_id = fields.Many2one(
        "collection.automation", string="Created by Automation", copy=False, readonly=True,
        index="btree_not_null",
    )

    @api.depends("partner_id")
    def _compute_recipient_partner_id(self):
        for reminder in self:
            contact = reminder.partner_id.sudo().collection_contact_id
            recipient_id = recipient_engine.reminder_recipient(recipient_engine.Contacts(
                customer_id=reminder.partner_id.id,
                collections_contact_id=contact.id,
                with_email=frozenset(contact.filtered("email").ids),
            ))
            reminder.recipient_partner_id = reminder.partner_id.browse(recipient_id)

    @api.depends("line_ids.line_type", "line_ids.amount_residual", "line_ids.amount")
    def _compute_totals(self):
        for reminder in self:
            lines = reminder.line_ids
            remaining = sum(lines.filtered(lambda line: line.line_type == "overdue").mapped(
                "amount_residual"))
            fees = sum(lines.filtered(lambda line: line.line_type == "fee").mapped("amount"))
            interest = sum(
                lines.filtered(lambda line: line.line_type == "interest").mapped("amount"))
            reminder.remaining_amount = remaining
            reminder.fee_amount = fees
            reminder.interest_amount = interest
            reminder.total_due = remaining + fees + interest

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        for reminder in self:
            reminder.display_name = (
                reminder.name if reminder.name != "/" else _("Draft Reminder")
            )

    def unlink(self):
        if any(reminder.state == "issued" for reminder in self):
            raise UserError(_("Issued reminders cannot be deleted: cancel them instead."))
        return super().unlink()

    # ------------------------------------------------------------------
    # Create
    # ------------------------------------------------------------------
    @api.model
    def create_reminders(self, partners, date=None, set_highest_level=False,
                         include_not_due=False, terms=None):
        """Create the draft reminders due on ``date`` for ``partners``; return them.

        One reminder per customer and currency, in the current company, for the
        customers whose reminder terms are ``terms`` (any terms when None).
        """
        created, _skips = self._create_reminders(
            partners, date=date, terms=terms,
            options=engine.ReminderOptions(
                set_highest_level=set_highest_level,
                include_not_due=include_not_due,
            ),
        )
        return created

    @api.model
    def _propose_reminders(self, partners, date=None, terms=None, options=None, term=None):
        """The engine's decisions for ``partners``, one batch at a time.

        ``term`` applies those reminder terms to every customer whatever their
        own (a process's letter step issues at a level of its chosen terms).

        Yields, per batch of customers, a list of ``(partner, currency,
        proposal_or_skip)``. Nothing is written: the preview and the creation
        share this one computation.
        """
        date = date or fields.Date.context_today(self)
        options = options or engine.ReminderOptions()
        company = self.env.company
        customers = partners.commercial_partner_id.with_company(company)
        term_configs = {}
        for batch_ids in split_every(PARTNER_BATCH, customers.ids):
            batch = customers.browse(batch_ids)
            if term:
                term_by_partner = dict.fromkeys(batch.ids, term)
            else:
                term_by_partner = {
                    partner.id: partner.collection_reminder_term_id for partner in batch
                    if partner.collection_reminder_term_id
                    and (terms is None or partner.collection_reminder_term_id in terms)
                }
            if not term_by_partner:
                continue
            decisions = []
            items = self._open_items(company, list(term_by_partner), date)
            for (partner_id, currency_id), partner_items in items.items():
                partner_term = term_by_partner[partner_id]
                currency = self.env["res.currency"].browse(currency_id)
                key = (partner_term.id, currency_id)
                if key not in term_configs:
                    term_configs[key] = partner_term._term_config(currency, date)
                proposal = engine.propose_reminder(
                    term_configs[key], partner_items, date, options,
                    rounding=currency.decimal_places,
                )
                decisions.append((self.env["res.partner"].browse(partner_id), currency, proposal))
            yield decisions

    @api.model
    def _create_reminders(self, partners, date=None, terms=None, options=None, extra_vals=None,
                          batch_callback=None, term=None):
        """Shared by the Create button, the automation and the process letter step.

        Returns ``(reminders, skips)`` where ``skips`` is a list of
        ``(partner, currency, engine.Skip)``. ``batch_callback(reminders)`` is
        called after each batch (the automation commits there when it runs as a cron).
        """
        date = date or fields.Date.context_today(self)
        company = self.env.company
        created = self.browse()
        skips = []
        for decisions in self._propose_reminders(partners, date, terms, options, term=term):
            self._lock_reminder_creation(company, [
                partner.id for partner, _currency, proposal in decisions
                if not isinstance(proposal, engine.Skip)])
            proposals = []
            for partner, currency, proposal in decisions:
                if isinstance(proposal, engine.Skip):
                    skips.append((partner, currency, proposal))
                else:
                    proposals.append((partner, currency, proposal))
            batch_created = self._insert_reminders(proposals, company, date, extra_vals)
            created |= batch_created
            if batch_callback:
                batch_callback(batch_created)
        return created, skips

    @api.model
    def _lock_reminder_creation(self, company, partner_ids):
        """Create reminders in a company one transaction at a time, from an
        up-to-date view: wait for another transaction creating reminders in
        the company to end, then refuse (UserError) if it created reminders
        for ``partner_ids`` that this transaction cannot see (its snapshot is
        older): proposing from that view would remind the same invoices twice.
        """
        if not partner_ids or not self.env.registry.ready:
            return  # installing: no other transaction can see the tables yet
        ledger = self.env["collection.ledger"]
        ledger._lock("reminder", company.id)
        if ledger._snapshot_changed("collection.reminder", SQL(
                "company_id = %s AND partner_id = ANY(%s)", company.id, list(partner_ids))):
            raise UserError(_(
                "Another run created reminders for some of the same customers in %(company)s "
                "meanwhile; nothing was created twice. Run again to finish.",
                company=company.name))

    @api.model
    def _open_items(self, company, partner_ids, date):
        """The open receivable items of ``partner_ids``, by (partner, currency).

        Two queries for the batch. Lines already on a draft reminder, or reminded
        on ``date`` already, are left out: running twice on a day creates no
        second reminder for the same lines.
        """
        self.env["account.move.line"].flush_model()
        self.env["account.move"].flush_model(["collection_on_hold", "collection_status",
                                              "collection_promise_date"])
        self.env["collection.reminder.line"].flush_model()
        self.env["collection.reminder"].flush_model(["state"])
        # The ledger's open items as they stand (reminders work on today's
        # residuals), with the reminder's own columns joined on.
        open_lines = self.env["collection.ledger"]._open_lines_sql(
            company, partner_ids=partner_ids)
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
                   move.collection_status, move.collection_promise_date
              FROM (%(open_lines)s) item
              JOIN account_move_line aml ON aml.id = item.line_id
              JOIN account_move move ON move.id = item.move_id
             WHERE aml.collection_last_reminder_date IS NULL
                OR aml.collection_last_reminder_date < %(date)s
             ORDER BY item.partner_id, item.currency_id, due_date, item.line_id
            """,
            company_currency=company.currency_id.id,
            open_lines=open_lines,
            date=date,
        ))
        rows = self.env.cr.fetchall()
        # Leave out the lines on a draft reminder: looked up by their ids, not
        # as a NOT EXISTS in the query above. As an anti-join the planner goes
        # by the statistics, which know nothing of the lines an earlier batch
        # of this transaction inserted: it then scanned them all for each item.
        self.env.cr.execute(
            """
            SELECT line.move_line_id
              FROM collection_reminder_line line
              JOIN collection_reminder reminder ON reminder.id = line.reminder_id
             WHERE line.move_line_id = ANY(%s) AND reminder.state = 'draft'
            """,
            [[row[0] for row in rows]],
        )
        drafted = {line_id for line_id, in self.env.cr.fetchall()}
        items = defaultdict(list)
        # Tuples, not dicts: thousands of rows. Odoo's cursor reads numeric
        # columns as floats (None when empty); OpenItem turns them into
        # Decimals from their shortest repr.
        for (line_id, move_id, partner_id, currency_id, due_date, original_amount, residual,
             reached_level, last_reminder_date, on_hold, status, promise_date) in rows:
            if line_id in drafted:
                continue
            items[(partner_id, currency_id)].append(engine.OpenItem(
                move_line_id=line_id,
                move_id=move_id,
                due_date=due_date,
                original_amount=original_amount if original_amount is not None else ZERO,
                residual=residual if residual is not None else ZERO,
                reached_level=reached_level,
                last_reminder_date=last_reminder_date,
                on_hold=on_hold,
                status=status or "none",
                promise_date=promise_date,
            ))
        return items

    @api.model
    def _create_draft_reminders(self, proposals, company, date, extra_vals=None):
        """Create the draft reminders of ``proposals`` (``(partner, currency,
        proposal)``) and their lines: one ``create()`` for the batch (the ORM
        creates the lines of all the reminders together), all or nothing.
        :meth:`_insert_reminders` calls it when another module extends the models.

        Through the ORM, so that what another module adds to either model
        (stored fields with a default or a compute, an override of
        ``create``) applies. No chatter for a draft: neither a "created" note
        nor followers (the chatter records what matters: issue, send).
        ``extra_vals`` are values for every reminder (``automation_id``).
        """
        if not proposals:
            return self.browse()
        Reminder = self.with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True,
            mail_notrack=True)
        fee_name, interest_name = _("Additional fee"), _("Interest")
        vals_list = []
        for partner, currency, proposal in proposals:
            lines = [{
                "sequence": index,
                "line_type": line.line_type,
                "move_line_id": line.move_line_id,
                "move_id": line.move_id,
                "due_date": line.due_date,
                "original_amount": float(line.original_amount),
                "amount_residual": float(line.amount_residual),
                "interest_amount": float(line.interest),
                "days_overdue": int(line.days_overdue),
                "level": int(line.level),
                "new_level": bool(line.new_level),
                "on_hold": bool(line.on_hold),
            } for index, line in enumerate(proposal.lines)]
            sequence = len(lines)
            if proposal.fee_amount:
                lines.append({"sequence": sequence + 1, "line_type": "fee", "name": fee_name,
                              "amount": float(proposal.fee_amount)})
            if proposal.interest_amount:
                lines.append({"sequence": sequence + 2, "line_type": "interest",
                              "name": interest_name, "amount": float(proposal.interest_amount)})
            vals_list.append({
                "company_id": company.id,
                "partner_id": partner.id,
                "currency_id": currency.id,
                "term_id": proposal.term_id,
                "level_id": proposal.level_id,
                "date": date,
                "due_date": proposal.due_date,
                "posting_date": date,
                "vat_date": date,
                # The ORM creates the lines of all the reminders in one batch.
                "line_ids": [Command.create(vals) for vals in lines],
                **(extra_vals or {}),
            })
        with self.env.cr.savepoint():
            reminders = Reminder.create(vals_list)
            reminders.env.flush_all()  # constraints and computed totals, inside the savepoint
        return reminders.with_env(self.env)

    @api.model
    def _reminder_rows(self, proposal, partner, currency, company, date, move_names,
                       fee_name, interest_name):
        """The column values of the draft reminder ``proposal`` and of its lines.

        Exactly what the ORM would store on ``create`` (defaults, related and
        computed stored fields included), for :meth:`_insert_reminders` to
        insert without it. Every stored column but ``id``, ``reminder_id`` and
        the log columns is here: a stored field added to either model must be
        added too (``test_bulk_rows_are_what_the_orm_stores`` fails until it is).

        ``move_names`` are the documents' numbers by id; ``fee_name`` and
        ``interest_name`` the names of the fee and interest lines (translated
        once for the batch). Returns ``(reminder_row, line_rows)``, dicts by
        column name.
        """
        amount = _monetary_rounding(currency.decimal_places, currency.rounding)
        labels = dict(vocabulary.REMINDER_LINE_TYPES)  # as _compute_name: untranslated
        empty_line = {
            "company_id": company.id,  # related reminder_id.company_id
            "sequence": None,
            "line_type": None,
            "name": None,
            "move_line_id": None,
            "move_id": None,
            "due_date": None,
            "original_amount": None,
            "amount_residual": None,
            "interest_amount": None,
            "amount": None,
            "days_overdue": None,
            "level": None,
            "new_level": None,
            "on_hold": None,
            "previous_level": None,  # set on issue
            "previous_reminder_date": None,  # set on issue
        }
        lines = [
            dict(
                empty_line,
                sequence=index,
                line_type=line.line_type,
                # _compute_name: the document's number, else the type
                name=move_names.get(line.move_id) or labels.get(line.line_type, ""),
                move_line_id=line.move_line_id,
                move_id=line.move_id,
                due_date=line.due_date,
                original_amount=amount(line.original_amount),
                amount_residual=amount(line.amount_residual),
                interest_amount=amount(line.interest),
                days_overdue=int(line.days_overdue),
                level=int(line.level),
                new_level=bool(line.new_level),
                on_hold=bool(line.on_hold),
            )
            for index, line in enumerate(proposal.lines)
        ]
        sequence = len(lines)
        if proposal.fee_amount:
            lines.append(dict(
                empty_line, sequence=sequence + 1, line_type="fee", name=fee_name,
                amount=amount(proposal.fee_amount)))
        if proposal.interest_amount:
            lines.append(dict(
                empty_line, sequence=sequence + 2, line_type="interest", name=interest_name,
                amount=amount(proposal.interest_amount)))

        # _compute_totals, from the lines' stored amounts.
        def total(line_type, column):
            return amount(sum(
                (line[column] for line in lines if line["line_type"] == line_type), ZERO))

        remaining = total("overdue", "amount_residual")
        fee = total("fee", "amount")
        interest = total("interest", "amount")
        reminder = {
            "name": "/",  # numbered on issue
            "state": "draft",
            "company_id": company.id,
            "partner_id": partner.id,
            "currency_id": currency.id,
            "term_id": proposal.term_id,
            "level_id": proposal.level_id,
            "level": proposal.level,  # related level_id.level
            "date": date,
            "due_date": proposal.due_date,
            "posting_date": date,
            "vat_date": date,
            "issued_date": None,
            "send_count": None,  # no default: NULL, read as 0
            "last_sent_date": None,
            "remaining_amount": remaining,
            "fee_amount": fee,
            "interest_amount": interest,
            "total_due": amount(remaining + fee + interest),
            "fee_move_id": None,
            "automation_id": None,
        }
        return reminder, lines

    @api.model
    def _bulk_insert_supported(self):
        """Whether :meth:`_insert_reminders` may insert reminders and lines in
        SQL: only while both models are this addon's alone.

        Another installed module that adds or extends a stored field of either
        model (a default, a compute), or overrides ``create`` or ``_create``
        on it (this addon included: the SQL insert would bypass it), gets
        :meth:`_create_draft_reminders` instead, through ``create()``, so that
        its extension applies. The checks read the registry (``_fields`` and
        the model's classes), no query.
        """
        for model in (self, self.env["collection.reminder.line"]):
            for field in model._fields.values():
                if field.store and field.column_type and set(field._modules) - {MODULE}:
                    return False
            for cls in type(model).__mro__:
                overrides = "create" in vars(cls) or "_create" in vars(cls)
                if overrides and cls.__module__ != "odoo.models" and not (
                        # mail.thread's create: no chatter with tracking_disable
                        cls._module == "mail" and cls._name == "mail.thread"):
                    return False
        return True

    @api.model
    def _insert_reminders(self, proposals, company, date, extra_vals=None):
        """Create the draft reminders of ``proposals`` (``(partner, currency,
        proposal)``) and their lines, all or nothing: in SQL, a few statements
        for the batch, unless another module extends the models
        (:meth:`_bulk_insert_supported`), then through ``create()``.

        Why SQL: at 300 customers with three invoices each (1,500 lines),
        ``create_reminders`` took 0.62 s with this insert and 3.3 s with
        batched ``create()`` (:meth:`_create_draft_reminders`), most of it
        the ORM converting each line's amounts (the currency of every line is
        a related field computed record by record) and its defaults; the
        issue's bar was 10%. :meth:`_reminder_rows` gives what the ORM would
        store, and :meth:`_insert_rows` refuses a row that does not fill
        every stored column of the model's ``_fields``. What ``create``
        checks is checked (access rights and rules, companies, constraints).
        Like the ORM with ``tracking_disable`` there is no chatter: no
        "created" note nor followers per draft, the chatter records what
        matters (issue, send). ``extra_vals`` are values of stored columns
        (``automation_id``) for every reminder.
        """
        if not proposals:
            return self.browse()
        if not self._bulk_insert_supported():
            return self._create_draft_reminders(proposals, company, date, extra_vals)
        Line = self.env["collection.reminder.line"]
        self.check_access("create")
        Line.check_access("create")
        extra_columns = {}
        for name, value in (extra_vals or {}).items():
            field = self._fields[name]
            if not field.column_type or field.compute:
                raise ValueError(f"{name} is not a column of {self._name}: set it after create")
            extra_columns[name] = field.convert_to_column_insert(value, self)
        move_ids = {line.move_id for _p, _c, proposal in proposals for line in proposal.lines}
        self.env.cr.execute(
            "SELECT id, name FROM account_move WHERE id = ANY(%s)", [list(move_ids)])
        move_names = dict(self.env.cr.fetchall())
        fee_name, interest_name = _("Additional fee"), _("Interest")
        reminder_rows, line_rows = [], []
        for partner, currency, proposal in proposals:
            reminder_row, lines = self._reminder_rows(
                proposal, partner, currency, company, date, move_names, fee_name, interest_name)
            reminder_row.update(extra_columns)
            reminder_rows.append(reminder_row)
            line_rows.append(lines)
        with self.env.cr.savepoint():
            reminder_ids = self._insert_rows(self, reminder_rows)
            for reminder_id, lines in zip(reminder_ids, line_rows, strict=True):
                for line in lines:
                    line["reminder_id"] = reminder_id
            line_ids = self._insert_rows(Line, [line for lines in line_rows for line in lines])
            self._invalidate_created()
            reminders, lines = self.browse(reminder_ids), Line.browse(line_ids)
            self._check_created(reminders, reminder_rows)
            self._check_created(lines, [line for lines in line_rows for line in lines])
        return reminders

    @api.model
    def _invalidate_created(self):
        """Forget, in the cache, what depends on reminders and their lines
        (one2many of other records, computed fields), as ``create`` would:
        the SQL insert bypasses it. The rest of the cache stays."""
        stale = set()
        for model in (self, self.env["collection.reminder.line"]):
            for field in model._fields.values():
                stale.update(self.pool.field_inverses[field])
                trees = [self.pool.get_trigger_tree([field])]
                while trees:
                    tree = trees.pop()
                    stale.update(tree.root)
                    trees.extend(tree.values())
        for field in stale:
            self.env[field.model_name].invalidate_model([field.name])

    @api.model
    def _insert_rows(self, model, rows):
        """Insert ``rows`` (dicts by column name) in ``model``'s table in one
        statement; return their ids, in order.

        The columns are the stored fields of ``model._fields``: each row gives
        a value for every one of them but ``id`` and the log columns (filled
        as the ORM fills them), else ValueError: a column left out would stay
        NULL whatever its default or compute.
        """
        columns = [name for name, field in model._fields.items()
                   if field.store and field.column_type and name not in models.MAGIC_COLUMNS]
        for row in rows:
            if set(row) != set(columns):
                raise ValueError(
                    f"{model._name}: a bulk-inserted row must fill exactly the stored columns; "
                    f"missing {sorted(set(columns) - set(row))}, "
                    f"unknown {sorted(set(row) - set(columns))}")
        cr = self.env.cr
        cr.execute(SQL(
            "SELECT nextval(%s) FROM generate_series(1, %s)",
            f"{model._table}_id_seq", len(rows)))
        ids = [row[0] for row in cr.fetchall()]
        arrays = [SQL("%s::int4[]", ids)]
        for column in columns:
            column_type = model._fields[column].column_type[1]
            arrays.append(SQL(f"%s::{column_type}[]", [row[column] for row in rows]))
        cr.execute(SQL(
            "INSERT INTO %s (id, %s, create_uid, create_date, write_uid, write_date) "
            "SELECT *, %s, %s, %s, %s FROM unnest(%s)",
            SQL.identifier(model._table),
            SQL(", ").join(map(SQL.identifier, columns)),
            self.env.uid, cr.now(), self.env.uid, cr.now(),
            SQL(", ").join(arrays),
        ))
        return ids

    @api.model
    def _check_created(self, records, rows):
        """What ``create`` checks on ``records``, inserted from ``rows``: access
        rules, the companies of linked records, constraints. Once for the
        batch: a rule or a linked record is checked once, not per record.
        """
        domain = self.env["ir.rule"]._compute_domain(records._name, "create")
        if domain and records.sudo().search_count(
                expression.AND([domain, [("id", "in", records.ids)]])) != len(records):
            records.check_access("create")  # raises the ORM's own error
        if records._check_company_auto:
            company_ids = list({row["company_id"] for row in rows})
            for name, field in records._fields.items():
                if not (field.relational and field.check_company) or field.company_dependent:
                    continue
                linked = self.env[field.comodel_name].sudo().with_context(
                    active_test=False).browse({row[name] for row in rows if row[name]})
                domain = linked._check_company_domain(company_ids)
                # (a batch is in one company; else the check per record)
                if linked and (len(company_ids) > 1 or domain and linked.search_count(
                        expression.AND([domain, [("id", "in", linked.ids)]])) != len(linked)):
                    records._check_company([name])  # raises the ORM's own error
        records._validate_fields(rows[0])

    # ------------------------------------------------------------------
    # Issue
    # ------------------------------------------------------------------
    def action_issue(self, date=None, replace_posting_date=False, replace_vat_date=False):
        """Issue draft reminders on ``date`` (default: today).

        They get their number, the invoices remember their reached level and
        date, and the fees and interest to post are posted on the customer's
        receivable. Nothing is issued when one of them cannot be.
        """
        not_draft = self.filtered(lambda r: r.state != "draft")
        if not_draft:
            raise UserError(_(
                "Only draft reminders can be issued: %(names)s.",
                names=", ".join(not_draft.mapped("display_name")),
            ))
        issue_date = date or fields.Date.context_today(self)
        self._check_posting_setup(issue_date)
        for reminder in self:
            posting_date, vat_date, due_date = engine.issue_dates(
                reminder.date, reminder.due_date, issue_date,
                replace_posting_date, replace_vat_date,
            )
            sequence = self.env["ir.sequence"].sudo().with_company(reminder.company_id)
            reminder.write({
                "name": sequence.next_by_code("collection.reminder", sequence_date=posting_date)
                or "/",
                "posting_date": posting_date,
                "vat_date": vat_date,
                "due_date": due_date,
                "issued_date": issue_date,
                "state": "issued",
            })
        self._raise_invoice_levels()
        self._post_fee_moves()
        return True

    def _amounts_to_post(self):
        """(fee, interest) this issued reminder posts, per its terms."""
        self.ensure_one()
        fee = self.fee_amount if self.term_id.post_additional_fee else 0.0
        interest = self.interest_amount if self.term_id.post_interest else 0.0
        return fee, interest

    def _check_posting_setup(self, date):
        for reminder in self:
            fee, interest = reminder._amounts_to_post()
            if not (fee or interest):
                continue
            company = reminder.company_id
            missing = []
            if not company.collection_reminder_journal_id:
                missing.append(_("Reminder Journal"))
            if fee and not company.collection_fee_account_id:
                missing.append(_("Reminder Fee Income Account"))
            if interest and not company.collection_interest_account_id:
                missing.append(_("Reminder Interest Income Account"))
            if missing:
                raise UserError(_(
                    "Reminder %(reminder)s posts fees or interest but %(company)s has no "
                    "%(settings)s: set them in Settings > Invoicing > Credit and Collections.",
                    reminder=reminder.display_name, company=company.name,
                    settings=", ".join(missing),
                ))
            reminder._check_currency_rate(reminder.currency_id, company, date)

    @api.model
    def _check_currency_rate(self, currency, company, date):
        """Refuse to convert with a currency that has no rate (Odoo would use 1)."""
        if currency == company.currency_id:
            return
        has_rate = self.env["res.currency.rate"].sudo().search_count([
            ("currency_id", "=", currency.id),
            ("company_id", "in", [False, company.root_id.id, company.id]),
            ("name", "<=", date),
        ], limit=1)
        if not has_rate:
            raise UserError(_(
                "Currency: %(currency)s has no exchange rate on or before %(date)s in "
                "%(company)s; add one before reminding customers in it.",
                currency=currency.name, date=date, company=company.name,
            ))

    def _raise_invoice_levels(self):
        """Write the reached level and date on the receivable lines and invoices."""
        lines = self.line_ids.filtered(
            lambda line: line.line_type == "overdue" and line.new_level and line.move_line_id)
        # Remember what was there, so that cancelling restores it (one write per value).
        previous = defaultdict(lambda: self.env["collection.reminder.line"])
        for line in lines:
            move_line = line.move_line_id
            key = (move_line.collection_reminder_level, move_line.collection_last_reminder_date)
            previous[key] |= line
        for (level, date), reminder_lines in previous.items():
            reminder_lines.write({"previous_level": level, "previous_reminder_date": date})
        groups = defaultdict(lambda: self.env["account.move.line"])
        for line in lines:
            groups[(line.level, line.reminder_id.posting_date)] |= line.move_line_id
        for (level, date), move_lines in groups.items():
            move_lines.sudo().write({
                "collection_reminder_level": level,
                "collection_last_reminder_date": date,
            })
        lines.move_id._collection_sync_reminder_level()

    def _post_fee_moves(self):
        vals_list, reminders = [], self.browse()
        for reminder in self:
            fee, interest = reminder._amounts_to_post()
            if fee or interest:
                vals_list.append(reminder._fee_move_vals(fee, interest))
                reminders |= reminder
        if not vals_list:
            return
        moves = self.env["account.move"].create(vals_list)
        moves.action_post()
        for reminder, move in zip(reminders, moves, strict=True):
            reminder.fee_move_id = move

    def _fee_move_vals(self, fee, interest):
        self.ensure_one()
        company = self.company_id
        partner = self.partner_id.with_company(company)
        receivable = partner.property_account_receivable_id
        date = self.posting_date

        def line(name, account, amount, **extra):
            balance = self.currency_id._convert(amount, company.currency_id, company, date)
            return Command.create({
                "name": name,
                "account_id": account.id,
                "partner_id": partner.id,
                "currency_id": self.currency_id.id,
                "amount_currency": amount,
                "balance": balance,
                **extra,
            })

        lines = [line(_("Reminder %s", self.name), receivable, fee + interest,
                      date_maturity=self.due_date)]
        if fee:
            lines.append(line(_("Reminder %s: additional fee", self.name),
                              company.collection_fee_account_id, -fee))
        if interest:
            lines.append(line(_("Reminder %s: interest", self.name),
                              company.collection_interest_account_id, -interest))
        return {
            "move_type": "entry",
            "journal_id": company.collection_reminder_journal_id.id,
            "company_id": company.id,
            "date": date,
            "partner_id": partner.id,
            "currency_id": self.currency_id.id,
            "ref": _("Reminder %s", self.name),
            "line_ids": lines,
        }

    # ------------------------------------------------------------------
    # Cancel
    # ------------------------------------------------------------------
    def action_cancel(self):
        """Cancel reminders; an issued one's fee entry is reversed and its invoices
        get back the level they had before it."""
        issued = self.filtered(lambda r: r.state == "issued")
        moves = issued.fee_move_id.filtered(lambda m: m.state == "posted")
        if moves:
            moves._reverse_moves(
                [{"date": fields.Date.context_today(self),
                  "ref": _("Reversal of %s", move.ref)} for move in moves],
                cancel=True,
            )
        lines = issued.line_ids.filtered(
            lambda line: line.line_type == "overdue" and line.new_level and line.move_line_id)
        # The engine says which lines get back their previous level and date:
        # those no later reminder raised again.
        restore = engine.restore_levels(
            [engine.RaisedLine(line.move_line_id.id, line.level, line.reminder_id.posting_date
                               or None, line.previous_level, line.previous_reminder_date or None)
             for line in lines],
            {move_line.id: (move_line.collection_reminder_level,
                            move_line.collection_last_reminder_date or None)
             for move_line in lines.move_line_id},
        )
        by_values = defaultdict(list)
        for move_line_id, values in restore.items():
            by_values[values].append(move_line_id)
        restored = self.env["account.move.line"]
        for (level, date), move_line_ids in by_values.items():
            move_lines = restored.browse(move_line_ids)
            move_lines.sudo().write({
                "collection_reminder_level": level,
                "collection_last_reminder_date": date or False,
            })
            restored |= move_lines
        restored.move_id._collection_sync_reminder_level()
        self.write({"state": "cancel"})
        return True

    def action_draft(self):
        if any(reminder.state != "cancel" or reminder.name != "/" for reminder in self):
            raise UserError(_("Only cancelled reminders that were never issued go back to draft."))
        self.write({"state": "draft"})
        return True

    # ------------------------------------------------------------------
    # Send / print
    # ------------------------------------------------------------------
    def action_send(self, send_method="email", attach_invoices="none", max_send_count=0,
                    log_interaction=True, description=None):
        """Send issued reminders (e-mail through the mail queue, or print).

        By hand a failure is an error (nothing is sent); the automation goes
        through :meth:`_send_reminders` and logs failures instead.
        """
        sent, skipped, failed = self._send_reminders(
            send_method=send_method, attach_invoices=attach_invoices,
            max_send_count=max_send_count, log_interaction=log_interaction,
            description=description,
        )
        if failed:
            raise UserError("\n".join(
                f"{reminder.display_name} ({reminder.partner_id.display_name}): {message}"
                for reminder, message in failed))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if sent else "warning",
                "message": _("%(sent)s reminder(s) sent, %(skipped)s skipped.",
                             sent=len(sent), skipped=len(skipped)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _send_reminders(self, send_method="email", attach_invoices="none", max_send_count=0,
                        log_interaction=True, description=None, once_a_day=False):
        """Send each reminder the engine allows (``send_refusal``) in its own savepoint.

        Returns ``(sent, skipped, failed)``: ``sent`` a recordset, ``skipped``
        and ``failed`` lists of ``(reminder, message)``. ``once_a_day`` skips
        the reminders already sent today (the automation's send action).
        """
        sent = self.browse()
        skipped, failed = [], []
        today = fields.Date.context_today(self)
        by_email = send_method in ("email", "both")
        for reminder in self:
            refusal = engine.send_refusal(
                reminder.state, reminder.send_count, reminder.last_sent_date or None, today,
                max_send_count=max_send_count, once_a_day=once_a_day, by_email=by_email,
                has_template=bool(reminder.level_id.mail_template_id),
                has_email=bool(reminder.recipient_partner_id.email),
            )
            if refusal:
                message = reminder._send_refusal_message(refusal, max_send_count)
                (skipped if refusal in engine.SEND_SKIPS else failed).append((reminder, message))
                continue
            try:
                with self.env.cr.savepoint():
                    reminder._send_one(send_method, attach_invoices, log_interaction,
                                       description, today)
            except Exception as error:  # noqa: BLE001 -- logged with the reminder
                _logger.info("Reminder %s not sent: %s", reminder.display_name, error)
                failed.append((reminder, str(error) or error.__class__.__name__))
                continue
            sent |= reminder
        return sent, skipped, failed

    def _send_refusal_message(self, refusal, max_send_count):
        """The engine's reason for not sending the reminder, in the user's language."""
        self.ensure_one()
        if refusal == "not_issued":
            return _("only issued reminders are sent")
        if refusal == "max_sent":
            return _("already sent %(count)s time(s), the maximum is %(max)s",
                     count=self.send_count, max=max_send_count)
        if refusal == "sent_today":
            return _("already sent today")
        if refusal == "no_template":
            return _("%(level)s has no e-mail template", level=self.level_id.display_name)
        return _("%(partner)s has no e-mail address",
                 partner=self.recipient_partner_id.display_name)

    def _send_one(self, send_method, attach_invoices, log_interaction, description, today):
        """Send one reminder the engine allows (see :meth:`_send_reminders`)."""
        self.ensure_one()
        report_attachment = None
        attachments = self._invoice_attachments(attach_invoices)
        recipient = self.recipient_partner_id
        if send_method in ("email", "both"):
            self.level_id.mail_template_id.send_mail(
                self.id,
                email_layout_xmlid="mail.mail_notification_light",
                email_values={"attachment_ids": [Command.link(a.id) for a in attachments]},
            )
        if send_method in ("print", "both"):
            report_attachment = self._print_attachment()
        method_label = dict(self.env["collection.automation.action"]._fields[
            "send_method"]._description_selection(self.env))[send_method]
        body = _(
            "Reminder sent (%(method)s) to %(recipient)s.",
            method=method_label, recipient=recipient.display_name,
        )
        if description:
            body = f"{description}: {body}"
        message_attachments = attachments | (report_attachment or attachments.browse())
        self.message_post(body=body, attachment_ids=message_attachments.ids)
        if log_interaction:
            self.partner_id.message_post(body=_(
                "%(reminder)s (level %(level)s, %(amount)s %(currency)s due) sent (%(method)s).",
                reminder=self.name, level=self.level, amount=self.total_due,
                currency=self.currency_id.name, method=method_label,
            ))
        self.write({"send_count": self.send_count + 1, "last_sent_date": today})

    def _print_attachment(self):
        self.ensure_one()
        pdf, _type = self.env["ir.actions.report"]._render_qweb_pdf(REPORT_XMLID, self.ids)
        return self.env["ir.attachment"].create({
            "name": f"{self._report_filename()}.pdf",
            "type": "binary",
            "datas": base64.b64encode(pdf),
            "res_model": self._name,
            "res_id": self.id,
            "mimetype": "application/pdf",
        })

    def _report_filename(self):
        return _("Reminder %s", self.name).replace("/", "_")

    def _invoice_attachments(self, attach_invoices):
        """The invoices' PDFs, as ``attach_invoices`` says (none / overdue / all)."""
        self.ensure_one()
        if attach_invoices in (None, False, "none"):
            return self.env["ir.attachment"]
        types = ("overdue",) if attach_invoices == "overdue" else ("overdue", "not_due")
        invoices = self.line_ids.filtered(lambda line: line.line_type in types).move_id.filtered(
            lambda m: m.is_invoice(include_receipts=True))
        attachments = self.env["ir.attachment"]
        for invoice in invoices:
            pdf, _type = self.env["ir.actions.report"]._render_qweb_pdf(
                INVOICE_REPORT_XMLID, invoice.ids)
            attachments |= self.env["ir.attachment"].create({
                "name": f"{invoice._get_report_base_filename()}.pdf",
                "type": "binary",
                "datas": base64.b64encode(pdf),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/pdf",
            })
        return attachments

    def action_print(self):
        return self.env.ref(REPORT_XMLID).report_action(self)

    def action_view_fee_move(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.fee_move_id.id,
            "view_mode": "form",
        }

    @api.model
    def action_create_from_terms(self):
        """The Create Reminders menu: the wizard with the options and a preview,
        which creates nothing until confirmed."""
        return self.env["ir.actions.act_window"]._for_xml_id(
            "account_collections_automation.collection_reminder_create_wizard_action")

    # Report helpers ------------------------------------------------------
    def _report_lines(self, line_type):
        return self.line_ids.filtered(lambda line: line.line_type == line_type).sorted(
            lambda line: (line.due_date or fields.Date.today(), line.id))


class CollectionReminderLine(models.Model):
    _name = "collection.reminder.line"
    _description = "Reminder Line"
    _order = "reminder_id, sequence, id"

    reminder_id = fields.Many2one(
        "collection.reminder", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="reminder_id.company_id", store=True)
    currency_id = fields.Many2one(related="reminder_id.currency_id")
    sequence = fields.Integer(default=10)
    line_type = fields.Selection(
        vocabulary.REMINDER_LINE_TYPES, string="Type", required=True, default="overdue"
    )
    name = fields.Char(string="Description", compute="_compute_name", store=True, readonly=False)
    move_line_id = fields.Many2one("account.move.line", string="Journal Item", index=True)
    move_id = fields.Many2one("account.move", string="Document", index=True)
    due_date = fields.Date()
    original_amount = fields.Monetary()
    amount_residual = fields.Monetary(string="Remaining Amount")
    interest_amount = fields.Monetary(string="Interest")
    amount = fields.Monetary(
        help="The amount of a fee or interest line.",
    )
    days_overdue = fields.Integer()
    level = fields.Integer()
    new_level = fields.Boolean(
        help="This reminder raises the invoice to its level."
    )
    on_hold = fields.Boolean()
    previous_level = fields.Integer(readonly=True, help="The level before this reminder.")
    previous_reminder_date = fields.Date(readonly=True)

    @api.depends("move_id", "line_type")
    def _compute_name(self):
        labels = dict(vocabulary.REMINDER_LINE_TYPES)
        for line in self:
            if line.name:
                continue
            line.name = line.move_id.name or labels.get(line.line_type, "")
