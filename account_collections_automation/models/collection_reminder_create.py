# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Reminders: proposing them (the engine's decisions on the customers' open
items) and the values of the draft reminders and their lines."""

import functools
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby
from operator import itemgetter

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_repr, float_round, split_every

from ..engine import reminders as engine
from ..engine import vocabulary
from . import collection_reminder

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
    _inherit = "collection.reminder"  # pylint: disable=consider-merging-classes-inherited

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
    def _propose_reminders(self, partners, date=None, terms=None, options=None, term=None,
                           progress=None):
        """The engine's decisions for ``partners``, one batch at a time.

        ``term`` applies those reminder terms to every customer whatever their
        own (a process's letter step issues at a level of its chosen terms).

        Yields, per batch of customers, a list of ``(partner, currency,
        proposal_or_skip)``; each batch's customers are appended to the list
        ``progress`` when given, before its decisions. Nothing is written: the
        preview and the creation share this one computation.
        """
        date = date or fields.Date.context_today(self)
        options = options or engine.ReminderOptions()
        company = self.env.company
        customers = partners.commercial_partner_id.with_company(company)
        term_configs = {}
        # PARTNER_BATCH is read from collection_reminder at call time (tests tune it).
        for batch_ids in split_every(collection_reminder.PARTNER_BATCH, customers.ids):
            batch = customers.browse(batch_ids)
            if progress is not None:
                progress.append(batch)
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
            for (partner_id, currency_id), partner_items in self._open_items(
                    company, list(term_by_partner), date):
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
                          batch_callback=None, term=None, progress_callback=None):
        """Shared by the Create button, the automation and the process letter step.

        Returns ``(reminders, skips)`` where ``skips`` is a list of
        ``(partner, currency, engine.Skip)``. ``batch_callback(reminders)`` is
        called after each batch (the automation commits there when it runs as a cron);
        ``progress_callback(customers)`` before it, with the customers gone
        through since its last call, in order (the automation's log counts them).
        """
        date = date or fields.Date.context_today(self)
        company = self.env.company
        created = self.browse()
        skips = []
        progress = []

        def report_progress():
            if progress_callback and progress:
                progress_callback(self.env["res.partner"].union(*progress))
            progress.clear()

        for decisions in self._propose_reminders(partners, date, terms, options, term=term,
                                                 progress=progress):
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
            report_progress()
            if batch_callback:
                batch_callback(batch_created)
        report_progress()  # the last batches, without customers with these terms
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
        """Yield ``((partner, currency), [OpenItem])``: the open receivable
        items of ``partner_ids``, one customer and currency at a time.

        Two queries for the batch. Lines already on a draft reminder, or reminded
        on ``date`` already, are left out: running twice on a day creates no
        second reminder for the same lines.
        """
        self.env["collection.reminder.line"].flush_model()
        self.env["collection.reminder"].flush_model(["state"])
        rows = self.env["collection.ledger"]._reminder_open_items(company, partner_ids, date)
        # Leave out the lines on a draft reminder: looked up by their ids, not
        # as a NOT EXISTS in the ledger's query. As an anti-join the planner goes
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
        # The rows come by customer and currency: each customer's items are
        # made when proposed and gone after (a batch's thousands of items, all
        # alive at once, were promoted to the collector's oldest generation and
        # made it run its full collections more often). Odoo's cursor reads
        # numeric columns as floats (None when empty); OpenItem turns them
        # into Decimals from their shortest repr.
        OpenItem = engine.OpenItem
        for key, group in groupby(rows, key=itemgetter(2, 3)):
            items = [
                OpenItem(line_id, move_id, due_date,
                         original_amount if original_amount is not None else ZERO,
                         residual if residual is not None else ZERO,
                         reached_level, last_reminder_date, on_hold, status or "none",
                         promise_date)
                for (line_id, move_id, _partner, _currency, due_date, original_amount,
                     residual, reached_level, last_reminder_date, on_hold, status,
                     promise_date) in group
                if line_id not in drafted
            ]
            if items:
                yield key, items

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
        line_names = {}  # the fee and interest lines' names per customer language
        vals_list = []
        for partner, currency, proposal in proposals:
            fee_name, interest_name = self._fee_line_names(self._text_lang(partner), line_names)
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
    def _fee_line_names(self, lang, cache=None):
        """(fee line name, interest line name) in ``lang``, the customer's: the
        reminder prints them. ``cache``: a dict kept for a batch."""
        cache = {} if cache is None else cache
        names = cache.get(lang)
        if names is None:
            env = self.with_context(lang=lang).env
            names = cache[lang] = (env._("Additional fee"), env._("Interest"))
        return names

    @api.model
    def _reminder_rows(self, proposal, partner, currency, company, date, move_names,
                       fee_name, interest_name, text_sources=None, text_formats=None):
        """The column values of the draft reminder ``proposal`` and of its lines.

        Exactly what the ORM would store on ``create`` (defaults, related and
        computed stored fields included), for :meth:`_insert_reminders` to
        insert without it. Every stored column but ``id``, ``reminder_id`` and
        the log columns is here: a stored field added to either model must be
        added too (``test_bulk_rows_are_what_the_orm_stores`` fails until it is).

        ``move_names`` are the documents' numbers by id; ``fee_name`` and
        ``interest_name`` the names of the fee and interest lines (translated
        once for the batch); ``text_sources`` the levels' texts of the batch
        (``_text_sources``; None: read for this one), ``text_formats`` their
        ``LanguageFormats`` by language (made as needed). Returns ``(reminder_row,
        line_rows)``, dicts by column name.
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
            "email_sent_count": None,
            "level_email_sent_count": None,
            "last_email_level": None,
            "last_email_at": None,
            "last_send_failure": None,
            "last_send_failure_at": None,
            "remaining_amount": remaining,
            "fee_amount": fee,
            "interest_amount": interest,
            "total_due": amount(remaining + fee + interest),
            "fee_move_id": None,
            "automation_id": None,
        }
        reminder.update(self._proposal_text_rows(
            proposal, partner, currency, company, date, text_sources,
            (remaining, fee, interest, reminder["total_due"]), text_formats))
        return reminder, lines


    @api.model
    def action_create_from_terms(self):
        """The Create Reminders menu: the wizard with the options and a preview,
        which creates nothing until confirmed."""
        return self.env["ir.actions.act_window"]._for_xml_id(
            "account_collections_automation.collection_reminder_create_wizard_action")
