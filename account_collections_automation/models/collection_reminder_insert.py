# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Reminders: writing many draft reminders and their lines at once (bulk
insert, then the ORM's checks on what was written)."""

from odoo import api, models
from odoo.osv import expression
from odoo.tools import SQL

MODULE = "account_collections_automation"

class CollectionReminder(models.Model):
    _inherit = "collection.reminder"  # pylint: disable=consider-merging-classes-inherited

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
        line_names = {}  # the fee and interest lines' names per customer language
        # The levels' texts, read once per language of the batch's customers.
        text_sources = self._text_sources(
            self.env["collection.reminder.level"].browse(
                {proposal.level_id for _p, _c, proposal in proposals}),
            {self._text_lang(partner) for partner, _c, _p in proposals})
        text_formats = {}  # LanguageFormats by language, made once for the batch
        reminder_rows, line_rows = [], []
        for partner, currency, proposal in proposals:
            fee_name, interest_name = self._fee_line_names(self._text_lang(partner), line_names)
            reminder_row, lines = self._reminder_rows(
                proposal, partner, currency, company, date, move_names, fee_name, interest_name,
                text_sources, text_formats)
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
