# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Collections performance over time: one snapshot per company and date, for
the company total and by customer pool, collections agent and process.

The ledger figures are read through ``collection.ledger`` as of the
snapshot's date (one query per fact family for the whole company, then summed
per dimension here); the KPIs are computed by ``engine/kpi.py``. Who belongs to
a pool, an agent or a process is read as it stands when the snapshot is
computed (the addon keeps no history of it), so a back-filled month puts its
customers where they are today.
"""

from collections import Counter, defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..engine import aging, kpi, vocabulary
from ..engine import promises as promise_engine
from ..engine.amounts import ZERO

DSO_MONTHS = 12  # the countback looks this many months back at most
BACKFILL_MONTHS = 12  # month-ends the back-fill computes at most
MANAGER = "account_collections_automation.group_collections_manager"
STATUS_COUNTS = ("promises_made", "promises_kept", "promises_broken",
                 "disputes_opened", "disputes_resolved")


class CollectionKpiSnapshot(models.Model):
    _name = "collection.kpi.snapshot"
    _description = "Collections Performance Snapshot"
    _order = "date desc, company_id, dimension, id"
    _rec_name = "date"

    date = fields.Date(required=True, index=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", store=True,
                                  string="Currency")
    dimension = fields.Selection(vocabulary.KPI_DIMENSIONS, required=True, index=True,
                                 readonly=True)
    pool_id = fields.Many2one("collection.pool", string="Customer Pool", readonly=True,
                              index="btree_not_null", ondelete="cascade")
    agent_id = fields.Many2one("res.users", string="Collections Agent", readonly=True,
                               index="btree_not_null", ondelete="cascade")
    process_id = fields.Many2one("collection.process", string="Process", readonly=True,
                                 index="btree_not_null", ondelete="cascade")
    customer_count = fields.Integer(string="Customers", readonly=True,
                                    help="Customers with open receivables on the date.")
    receivable_total = fields.Monetary(string="Receivables", readonly=True)
    receivable_current = fields.Monetary(string="Current", readonly=True)
    receivable_overdue = fields.Monetary(string="Overdue", readonly=True)
    overdue_bucket_1 = fields.Monetary(string="Overdue, 1st Bucket", readonly=True)
    overdue_bucket_2 = fields.Monetary(string="Overdue, 2nd Bucket", readonly=True)
    overdue_bucket_3 = fields.Monetary(string="Overdue, 3rd Bucket", readonly=True)
    overdue_bucket_4 = fields.Monetary(string="Overdue, 4th Bucket", readonly=True)
    overdue_bucket_5 = fields.Monetary(string="Overdue, Oldest Bucket", readonly=True,
                                       help="The oldest aging bucket, and any older one.")
    aging_labels = fields.Char(string="Aging Buckets", readonly=True,
                               help="The overdue buckets of the company on the date.")
    opening_receivable = fields.Monetary(
        string="Opening Receivables", readonly=True,
        help="Receivables at the end of the previous month.")
    credit_sales = fields.Monetary(
        readonly=True, help="Customer invoices less credit notes from the first of the "
        "month to the date.")
    dso = fields.Float(string="DSO", readonly=True, aggregator="avg", digits=(16, 2),
                       help="Days sales outstanding, by the countback method; empty "
                       "when a year of sales does not account for the receivables.")
    best_dso = fields.Float(string="Best Possible DSO", readonly=True, aggregator="avg",
                            digits=(16, 2),
                            help="The countback DSO of the current receivables only.")
    cei = fields.Float(string="CEI (%)", readonly=True, aggregator="avg", digits=(16, 2),
                       help="Collection effectiveness index of the month to the date: "
                       "(opening + credit sales - closing receivables) / (opening + "
                       "credit sales - closing current receivables) x 100; empty when "
                       "nothing could be collected.")
    avg_days_delinquent = fields.Float(
        string="Average Days Delinquent", readonly=True, aggregator="avg", digits=(16, 2),
        help="DSO minus best possible DSO.")
    promises_made = fields.Integer(readonly=True, help="Promises to pay recorded in the month.")
    promises_kept = fields.Integer(
        readonly=True, help="Promises falling due in the month, paid in full by their date.")
    promises_broken = fields.Integer(
        readonly=True, help="Promises falling due in the month, not paid in full by their date.")
    disputes_opened = fields.Integer(readonly=True, help="Invoices disputed in the month.")
    disputes_resolved = fields.Integer(
        readonly=True, help="Invoices no longer disputed, changed in the month.")
    collected_amount = fields.Monetary(
        string="Collected", readonly=True,
        help="Customer payments received in the month to the date, not bounced.")
    collected_ids = fields.One2many(
        "collection.kpi.collected", "snapshot_id", string="Collected After", readonly=True,
        help="The month's payments by the last process step taken and by the last "
        "reminder level issued for the customer before each.")

    @api.depends("date", "dimension", "pool_id", "agent_id", "process_id")
    def _compute_display_name(self):
        labels = dict(self._fields["dimension"]._description_selection(self.env))
        for snapshot in self:
            member = snapshot.pool_id or snapshot.agent_id or snapshot.process_id
            snapshot.display_name = "%s, %s%s" % (
                fields.Date.to_string(snapshot.date), labels.get(snapshot.dimension, ""),
                f": {member.display_name}" if member else "")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:  # before anything is written
            self._kpi_check_date(fields.Date.to_date(vals.get("date")))
        return super().create(vals_list)

    @api.constrains("date")
    def _check_date(self):
        for snapshot in self:
            self._kpi_check_date(snapshot.date)

    @api.model
    def _kpi_check_date(self, day):
        if day and day > fields.Date.context_today(self):
            raise ValidationError(_(
                "Date: %(value)s is in the future; a snapshot is taken on a past date "
                "or today.", value=fields.Date.to_string(day)))

    # ------------------------------------------------------------------ public
    @api.model
    def compute_snapshots(self, date=None, companies=None):
        """Compute (replace) the snapshots of ``date`` (today by default) of
        ``companies`` (the current one by default); returns them."""
        day = fields.Date.to_date(date) or fields.Date.context_today(self)
        self._kpi_check_date(day)
        companies = companies or self.env.company
        result = self.browse()
        for company in companies:
            self.search([("company_id", "=", company.id), ("date", "=", day)]).unlink()
            result |= self.create(self.with_company(company)._kpi_values(company, day))
        return result

    @api.model
    def _cron_snapshot(self):
        """Daily: today's snapshot of every company."""
        companies = self.env["res.company"].sudo().search([])
        self.sudo().compute_snapshots(companies=companies)

    @api.model
    def action_backfill(self):
        """The month-end snapshots of the past months (up to a year, from the
        first month of the ledger) of the current company: managers only."""
        if not self.env.user.has_group(MANAGER):
            raise AccessError(_("Only a Collections Manager can compute past snapshots."))
        snapshots = self.sudo()._kpi_backfill(self.env.company)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("%(count)s month-end snapshots computed.",
                             count=len(set(snapshots.mapped("date")))),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _kpi_backfill(self, company, months=BACKFILL_MONTHS):
        today = fields.Date.context_today(self)
        first = self.env["collection.ledger"]._kpi_first_date(company)
        if not first:
            return self.browse()
        ends = [kpi.month_end(start - timedelta(days=1))
                for start, _end in kpi.month_periods(today, months)]
        ends = [end for end in ends if end >= kpi.month_end(first)]
        result = self.browse()
        for end in sorted(ends):
            result |= self.compute_snapshots(end, companies=company)
        return result

    @api.model
    def _demo_backfill(self):
        company = self.env.company
        self._kpi_backfill(company)
        self.compute_snapshots(companies=company)

    # ------------------------------------------------------------------ computation
    @api.model
    def _kpi_values(self, company, day):
        """The create values of ``company``'s snapshots of ``day``: one per dimension member."""
        ledger = self.env["collection.ledger"]
        boundaries = company._collection_aging_boundaries()
        periods = kpi.month_periods(day, DSO_MONTHS)
        month_start = periods[0][0]
        closing = {row["customer_id"]: row for row in ledger._aged_balances(
            company, day, only_owing=False)}
        opening = {row["customer_id"]: row["balance"] for row in ledger._aged_balances(
            company, month_start - timedelta(days=1), only_owing=False)}
        sales = ledger._kpi_credit_sales(company, periods[-1][0], day)
        statuses = self._kpi_status_counts(company, month_start, day)
        payments = ledger._kpi_payments(company, month_start, day)
        touches = self._kpi_touches(company, {payment[0] for payment in payments}, day)
        labels = ", ".join(bucket.label for bucket in aging.buckets(boundaries)[1:])
        vals_list = []
        for key, customers in self._kpi_dimensions(company):
            vals = self._kpi_figures(customers, closing, opening, sales, statuses, periods)
            vals.update(self._kpi_collected(customers, payments, touches))
            vals.update(key, date=day, company_id=company.id, aging_labels=labels)
            vals_list.append(vals)
        return vals_list

    @api.model
    def _kpi_touches(self, company, customer_ids, day):
        """{"step"|"reminder": {customer id: [(date, step id | level)]}}: the
        process steps taken and reminder levels issued for the customers up to ``day``."""
        steps, levels = defaultdict(list), defaultdict(list)
        if not customer_ids:
            return {"step": steps, "reminder": levels}
        actions = self.env["collection.action"].sudo().search_read([
            ("company_id", "=", company.id), ("partner_id", "in", list(customer_ids)),
            ("kind", "=", "step"), ("state", "!=", "failed"), ("date", "<=", day)],
            ["partner_id", "date", "step_id"], order="date, id")
        for action in actions:
            steps[action["partner_id"][0]].append(
                (action["date"], action["step_id"] and action["step_id"][0]))
        reminders = self.env["collection.reminder"].sudo().search_read([
            ("company_id", "=", company.id), ("partner_id", "in", list(customer_ids)),
            ("state", "=", "issued"), ("issued_date", "<=", day)],
            ["partner_id", "issued_date", "level"], order="issued_date, id")
        for reminder in reminders:
            levels[reminder["partner_id"][0]].append((reminder["issued_date"], reminder["level"]))
        return {"step": steps, "reminder": levels}

    @api.model
    def _kpi_collected(self, customers, payments, touches):
        """The collected amount and its rows by step and by level, of ``customers``."""
        payments = [payment for payment in payments
                    if customers is None or payment[0] in customers]
        commands = []
        for source, by_customer in touches.items():
            for key, amount in sorted(kpi.attribute_collected(payments, by_customer).items(),
                                      key=lambda item: item[0] or 0):
                commands.append(Command.create({
                    "source": source, "amount": float(amount),
                    "step_id" if source == "step" else "reminder_level": key or False}))
        return {"collected_amount": float(sum((payment[2] for payment in payments), ZERO)),
                "collected_ids": commands}

    @api.model
    def _kpi_dimensions(self, company):
        """``(values naming the member, its customer ids or None for all)`` of
        each dimension member: the company, each pool, agent and process."""
        Partner = self.env["res.partner"].sudo()
        members = [({"dimension": "company"}, None)]
        for pool in self.env["collection.pool"].sudo().search([("company_id", "=", company.id)]):
            members.append(({"dimension": "pool", "pool_id": pool.id},
                            set(Partner.search(pool._partner_search_domain()).ids)))
        by_agent = Partner.with_context(active_test=False)._read_group(
            [("collection_agent_id", "!=", False)], ["collection_agent_id"], ["id:array_agg"])
        for agent, partner_ids in by_agent:
            members.append(({"dimension": "agent", "agent_id": agent.id}, set(partner_ids)))
        by_process = defaultdict(set)
        assignments = self.env["collection.process"].sudo().with_company(
            company)._collection_assignments()
        for assignment in assignments.values():
            if assignment.process_id:
                by_process[assignment.process_id].add(assignment.partner_id)
        for process_id, partner_ids in sorted(by_process.items()):
            members.append(({"dimension": "process", "process_id": process_id}, partner_ids))
        return members

    @api.model
    def _kpi_figures(self, customers, closing, opening, sales, statuses, periods):
        """The figures of the customers ``customers`` (None: all) from the
        company's per-customer facts."""
        def keep(mapping):
            return [value for customer, value in mapping.items()
                    if customers is None or customer in customers]

        rows = keep(closing)
        buckets = [sum((row["buckets"][index] for row in rows), ZERO)
                   for index in range(len(rows[0]["buckets"]) if rows else 2)]
        total = sum(buckets, ZERO)
        month_sales = Counter()
        for by_month in keep(sales):
            month_sales.update(by_month)
        countback = [((end - start).days + 1, month_sales.get(start, ZERO))
                     for start, end in periods]
        dso = kpi.countback_dso(total, countback)
        best = kpi.best_possible_dso(buckets[0], countback)
        credit_sales = month_sales.get(periods[0][0], ZERO)
        opening_total = sum(keep(opening), ZERO)
        status = Counter()
        for counts in keep(statuses):
            status.update(counts)
        folded = kpi.fold_buckets(buckets)
        vals = {
            "customer_count": sum(1 for row in rows if any(row["buckets"])),
            "receivable_total": float(total),
            "receivable_current": float(buckets[0]),
            "receivable_overdue": float(total - buckets[0]),
            "opening_receivable": float(opening_total),
            "credit_sales": float(credit_sales),
        }
        # A figure that cannot be computed is left out: its column stays NULL
        # (empty), which the pivot's and graph's averages skip.
        kpis = {
            "dso": dso,
            "best_dso": best,
            "avg_days_delinquent": kpi.average_days_delinquent(dso, best),
            "cei": kpi.cei(opening_total, credit_sales, total, buckets[0]),
        }
        vals.update({name: float(value) for name, value in kpis.items() if value is not None})
        vals.update({f"overdue_bucket_{index}": float(amount)
                     for index, amount in enumerate(folded, start=1)})
        vals.update({name: status.get(name, 0) for name in STATUS_COUNTS})
        return vals

    @api.model
    def _kpi_day_start(self, day):
        """The UTC time (naive, as stored) ``day`` begins at, in the time zone
        the days are counted in: ``context_today``'s (the context's, else the
        user's). A change at 23:30 UTC is the next day's in Brussels."""
        zone = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")
        start = zone.localize(datetime.combine(day, time.min))
        return start.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _kpi_status_counts(self, company, date_from, date_to):
        """{customer id: Counter of STATUS_COUNTS} for the period: the one place
        reading the collections statuses of the open items (each installment)
        and their history (``collection.status.change``). Promises kept or
        broken: those falling due in the period, as the daily job decided them."""
        result = defaultdict(Counter)
        decided = self.env["account.move.line"].sudo().search([
            ("company_id", "=", company.id),
            ("collection_promise_date", ">=", date_from),
            ("collection_promise_date", "<=", date_to),
            ("collection_promise_state", "in", (promise_engine.KEPT, promise_engine.BROKEN))])
        for line in decided:
            result[line.move_id.commercial_partner_id.id][
                f"promises_{line.collection_promise_state}"] += 1
        changes = self.env["collection.status.change"].sudo().search([
            ("company_id", "=", company.id),
            ("date", ">=", self._kpi_day_start(date_from)),
            ("date", "<", self._kpi_day_start(date_to + timedelta(days=1))),
        ])
        for change in changes:
            counts = result[change.partner_id.id]
            if change.new_status == "promised":
                counts["promises_made"] += 1  # a new date is a new promise
            if change.new_status == "disputed" and change.old_status != "disputed":
                counts["disputes_opened"] += 1
            elif change.old_status == "disputed" and change.new_status != "disputed":
                counts["disputes_resolved"] += 1
        return result
