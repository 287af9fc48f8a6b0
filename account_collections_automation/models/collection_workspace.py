# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The collections coordinator workspace's data, as plain dicts for the OWL client actions.

Every grid comes from one aggregate SQL query over the receivable journal items of
the active company (no per-customer loop), so the overview stays fast on large
books. Figures are in the company currency.

Hooks for the other features (override them, call ``super()``):

- ``_timeline_sources()``: the list of methods feeding the customer timeline;
  each takes ``(partner, date_from)`` and returns entries
  ``{kind, date, title, amount, currency, res_model, res_id, details}``;
- ``_timeline_kinds()``: the ``(key, label)`` kinds offered by the timeline filter;
- ``_customer_process(partner)``: the assigned collections process and its next
  step, or False;
- ``_customer_reminder_level(partner)``: the reminder level reached, or False;
- ``_customer_last_reminder_date(partner)``: for the summary, or False.
"""

from datetime import timedelta
from decimal import Decimal

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_amount, format_date

from ..engine import aging, risk, summary
from ..engine import chase as chase_engine
from ..engine import process as process_engine
from ..engine.amounts import to_decimal as _decimal
from .res_partner import COLLECTIONS_AGENT

TOP_LIMIT = 100
TIMELINE_DAYS = 365


class CollectionWorkspace(models.AbstractModel):
    _name = "collection.workspace"
    _description = "Collections Coordinator Workspace"

    # ------------------------------------------------------------------ access
    def _check_collections_access(self):
        if not self.env.user.has_group(COLLECTIONS_AGENT):
            raise AccessError(
                _("Only Collections Agents and Managers may open the collections workspace.")
            )

    def _today(self):
        return fields.Date.context_today(self)

    def _as_of(self, as_of):
        """The date the workspace shows the ledger as of: ``as_of`` (a date or
        'YYYY-MM-DD'), today when empty."""
        if not as_of:
            return self._today()
        try:
            return fields.Date.to_date(as_of)
        except (TypeError, ValueError):
            raise UserError(_("As of: %s is not a date (YYYY-MM-DD).", as_of)) from None

    # ------------------------------------------------------------------ ledger facts
    def _pool_partner_filter(self, pool):
        """A SQL subquery of the pool's customers, or None for all customers."""
        if not pool:
            return None
        query = self.env["res.partner"].with_context(active_test=False)._search(
            pool._partner_search_domain()
        )
        return SQL("(%s)", query.subselect())

    def _aging_sql(self, company, as_of, partner_filter=None, partner_ids=None, limit=None,
                   order="balance"):
        """Per customer as of ``as_of``: balance, overdue, bucket amounts, oldest
        overdue date (floats, for the client): the ledger's aged balances."""
        customers = partner_ids if partner_ids is not None else partner_filter
        rows = self.env["collection.ledger"]._aged_balances(
            company, as_of, customers, limit=limit, order=order,
            only_owing=partner_ids is None)
        for row in rows:
            row.update(balance=float(row["balance"]), overdue=float(row["overdue"]),
                       buckets=[float(amount) for amount in row["buckets"]])
        return rows

    def _days_late_by_customer(self, company, customer_ids, as_of):
        """Average days late (payment date - due date) of the items paid in the last year."""
        return self.env["collection.ledger"]._days_late(company, customer_ids, as_of)

    # ------------------------------------------------------------------ risk
    def _risk(self, balance, overdue, credit_limit, days_late, currency, bounced=0):
        """The engine's risk score with translated hover text for its parts."""
        score = risk.risk_score(_decimal(balance), _decimal(overdue), _decimal(credit_limit),
                                float(days_late or 0.0), bounced_payments=int(bounced or 0))
        parts = score.parts
        lines = [
            _("Overdue share: %(points)s points (%(overdue)s of %(balance)s overdue)",
              points=parts["overdue_share"],
              overdue=format_amount(self.env, overdue, currency),
              balance=format_amount(self.env, balance, currency)),
            _("Days late: %(points)s points (%(days).1f days late on average over the last year)",
              points=parts["days_late"], days=float(days_late or 0.0)),
            _("Credit use: %(points)s points (credit limit %(limit)s)",
              points=parts["credit_use"], limit=format_amount(self.env, credit_limit, currency))
            if credit_limit else
            _("Credit use: %(points)s points (no credit limit)", points=parts["credit_use"]),
            _("Bounced payments: %(points)s points (%(count)s in the last year)",
              points=parts["bounced_payments"], count=int(bounced or 0)),
        ]
        return {"score": score.score, "parts": parts, "tooltip": "\n".join(lines)}

    # ------------------------------------------------------------------ overview
    @api.model
    def _resolve_pool(self, pool_id):
        if pool_id is None:
            return self.env.user.collection_pool_id.filtered(
                lambda pool: pool.company_id == self.env.company)
        return self.env["collection.pool"].browse(pool_id).exists() if pool_id else self.env[
            "collection.pool"]

    @api.model
    def get_overview(self, pool_id=None, as_of=None):
        """Everything the overview shows; ``pool_id`` None = the user's default pool,
        False/0 = all customers; balances as of ``as_of`` (default today)."""
        self._check_collections_access()
        company = self.env.company
        pool = self._resolve_pool(pool_id)
        partner_filter = self._pool_partner_filter(pool)
        as_of = self._as_of(as_of)
        currency = company.currency_id
        boundaries = company._collection_aging_boundaries()
        highest = self._aging_sql(company, as_of, partner_filter, limit=TOP_LIMIT)
        oldest = self._aging_sql(company, as_of, partner_filter, limit=TOP_LIMIT, order="oldest")
        customer_ids = {row["customer_id"] for row in highest + oldest}
        partners = self.env["res.partner"].browse(customer_ids).with_company(company)
        days_late = self._days_late_by_customer(company, customer_ids, as_of)
        bounced = self.env["collection.ledger"]._bounced_counts(company, customer_ids, as_of)
        info = {
            partner.id: partner for partner in partners
        }
        statuses = dict(self.env["res.partner"].fields_get(
            ["collection_account_status"], ["selection"])["collection_account_status"]["selection"])

        def customer(row):
            partner = info[row["customer_id"]]
            return {
                "id": partner.id,
                "name": partner.display_name,
                "ref": partner.ref or "",
                "balance": row["balance"],
                "overdue": row["overdue"],
            }

        highest_rows = []
        for row in highest:
            partner = info[row["customer_id"]]
            limit = partner.credit_limit
            values = customer(row)
            values.update(
                credit_limit=limit,
                available_credit=(limit - row["balance"]) if limit else False,
                risk=self._risk(row["balance"], row["overdue"], limit,
                                days_late.get(partner.id, 0.0), currency,
                                bounced.get(partner.id, 0)),
            )
            values["risk_score"] = values["risk"]["score"]
            highest_rows.append(values)
        oldest_rows = []
        for row in oldest:
            partner = info[row["customer_id"]]
            values = customer(row)
            values.update(
                oldest_overdue=fields.Date.to_string(row["oldest_overdue"]),
                buckets=row["buckets"],
                credit_group=partner.collection_credit_group_id.display_name or "",
                account_status=partner.collection_account_status or "active",
                account_status_label=statuses.get(partner.collection_account_status or "active"),
            )
            oldest_rows.append(values)
        return {
            "company": {"id": company.id, "name": company.name},
            "currency_id": currency.id,
            "as_of": fields.Date.to_string(as_of),
            "pool_id": pool.id or False,
            "pools": [{"id": p.id, "name": p.display_name}
                      for p in self.env["collection.pool"].search(
                          [("company_id", "=", company.id)])],
            "buckets": self._bucket_labels(boundaries),
            "activities": self._my_activities(pool),
            "highest_balances": highest_rows,
            "oldest_balances": oldest_rows,
            "failed_actions": self.env["collection.action"]._collection_failed_overview(pool),
        }

    def _bucket_labels(self, boundaries):
        labels = []
        for bucket in aging.buckets(boundaries):
            if bucket.key == "current":
                label = _("Current")
            elif bucket.max_days is None:
                label = _("Over %s", bucket.min_days - 1)
            else:
                label = _("%(low)s-%(high)s", low=bucket.min_days, high=bucket.max_days)
            labels.append({"key": bucket.key, "label": label})
        return labels

    def _activity_models(self):
        """The models whose activities are collections activities (extend to add more)."""
        return ["res.partner", "account.move"]

    def _my_activities(self, pool=None):
        Activity = self.env["mail.activity"]
        activities = Activity.search(
            [("user_id", "=", self.env.uid), ("res_model", "in", self._activity_models())],
            order="date_deadline, id",
        )
        customer_of = self._activity_customers(activities)
        # Only activities on records of the companies the user works in now.
        activities = activities.filtered(lambda act: act.id in customer_of)
        if pool:
            members = set(self.env["res.partner"].with_context(active_test=False)._search(
                pool._partner_search_domain() + [("id", "in", list(set(customer_of.values())))]
            ))
            activities = activities.filtered(lambda act: customer_of.get(act.id) in members)
        partners = self.env["res.partner"].browse(set(customer_of.values()))
        names = {partner.id: partner.display_name for partner in partners}
        today = self._today()
        return [{
            "id": act.id,
            "summary": act.summary or act.activity_type_id.name or "",
            "activity_type": act.activity_type_id.name or "",
            "date_deadline": fields.Date.to_string(act.date_deadline),
            "late": act.date_deadline < today,
            "res_model": act.res_model,
            "res_id": act.res_id,
            "res_name": act.res_name or "",
            "customer_id": customer_of.get(act.id) or False,
            "customer_name": names.get(customer_of.get(act.id), ""),
            "note": act.note and str(act.note) or "",
        } for act in activities]

    def _activity_customers(self, activities):
        """activity id -> commercial partner id, in one read per model; activities on
        records the user cannot read in the current companies are left out."""
        result = {}
        for model in set(activities.mapped("res_model")):
            acts = activities.filtered(lambda act, model=model: act.res_model == model)
            records = self.env[model].browse(acts.mapped("res_id")).exists()._filtered_access(
                "read")
            if model == "account.move":
                # Customer invoices and credit notes only, not vendor bills.
                records = records.filtered(lambda move: move.is_sale_document(True))
            if "company_id" in records._fields:
                records = records.filtered(
                    lambda rec: not rec.company_id or rec.company_id == self.env.company)
            if model == "res.partner":
                partner_of = {rec.id: rec.commercial_partner_id.id for rec in records}
            elif "partner_id" in self.env[model]._fields:
                partner_of = {rec.id: rec.partner_id.commercial_partner_id.id for rec in records}
            else:
                partner_of = {}
            for act in acts:
                if act.res_id in records.ids:
                    result[act.id] = partner_of.get(act.res_id, False)
        return result

    @api.model
    def close_activities(self, activity_ids, feedback=False):
        """Mark the user's activities done with a feedback."""
        self._check_collections_access()
        activities = self.env["mail.activity"].browse(activity_ids).exists()
        activities.action_feedback(feedback=feedback or False)
        return True

    # ------------------------------------------------------------------ customer
    @api.model
    def get_customer(self, partner_id, as_of=None):
        """Everything the customer workspace shows, for one customer, as of
        ``as_of`` (default today)."""
        self._check_collections_access()
        company = self.env.company
        partner = self.env["res.partner"].browse(partner_id).commercial_partner_id
        partner.check_access("read")
        partner = partner.with_company(company)
        currency = company.currency_id
        as_of = self._as_of(as_of)
        boundaries = company._collection_aging_boundaries()
        rows = self._aging_sql(company, as_of, partner_ids=[partner.id])
        row = rows[0] if rows else {
            "balance": 0.0, "overdue": 0.0, "oldest_overdue": None, "overdue_count": 0,
            "buckets": [0.0] * (len(boundaries) + 2)}
        days_late = self._days_late_by_customer(company, [partner.id], as_of).get(partner.id, 0.0)
        limit = partner.credit_limit
        items = self._open_items(partner, company, as_of)
        last_payment = self._last_payment(partner, company, as_of)
        bounced = self.env["collection.ledger"]._bounced_counts(
            company, [partner.id], as_of).get(partner.id, 0)
        process = self._customer_process(partner)
        level = self._customer_reminder_level(partner)
        return {
            "id": partner.id,
            "name": partner.display_name,
            "ref": partner.ref or "",
            "currency_id": currency.id,
            "as_of": fields.Date.to_string(as_of),
            "header": {
                "balance": row["balance"],
                "overdue": row["overdue"],
                "credit_limit": limit,
                "available_credit": (limit - row["balance"]) if limit else False,
                "risk": self._risk(row["balance"], row["overdue"], limit, days_late, currency,
                                   bounced),
                "bounced_payments": bounced,
                "days_late": days_late,
                "last_payment": last_payment,
                "process": process,
                "reminder_level": level,
                "account_status": partner.collection_account_status or "active",
            },
            "summary": self._summary(partner, row, items, last_payment, level, limit, as_of),
            "buckets": self._bucket_labels(boundaries),
            "aging": row["buckets"],
            "open_items": [item for item in items if item["residual"] > 0],
            "disputed": [item for item in items if item["collection_status"] == "disputed"],
            "promised": self._promised(partner, company),
            "unsettled": [item for item in items if item["residual"] < 0],
            "timeline": self._timeline(partner),
            "timeline_kinds": [{"key": k, "label": v} for k, v in self._timeline_kinds()],
            "contacts": self._contacts(partner),
        }

    def _open_items(self, partner, company, as_of):
        """The customer's open items as of ``as_of`` (the ledger's, line level)."""
        rows = self.env["collection.ledger"]._open_lines(company, as_of, [partner.id])
        residuals = {row.line_id: row for row in rows}
        lines = self.env["account.move.line"].browse(residuals)
        items = []
        for line in lines:
            move = line.move_id
            due = line.date_maturity
            fact = residuals[line.id]
            items.append({
                "id": line.id,
                "move_id": move.id,
                "move_type": move.move_type,
                "payment_id": line.payment_id.id or False,
                "name": move.name or "",
                "ref": move.ref or line.name or "",
                "date": fields.Date.to_string(line.date),
                "date_maturity": fields.Date.to_string(due),
                "days_overdue": max(aging.days_overdue(fact.aging_date, as_of), 0),
                "amount": line.balance,
                "residual": float(fact.residual),
                "residual_currency": float(fact.residual_currency),
                "currency_id": line.currency_id.id,
                "collection_status": move.collection_status,
                "on_hold": move.collection_on_hold,
                "promise_date": fields.Date.to_string(move.collection_promise_date),
                "promise_amount": move.collection_promise_amount,
                "is_invoice": move.move_type == "out_invoice",
            })
        return items

    def _promised(self, partner, company):
        since = self._today() - timedelta(days=TIMELINE_DAYS)
        moves = self.env["account.move"].search([
            ("company_id", "=", company.id),
            ("commercial_partner_id", "=", partner.id),
            ("state", "=", "posted"),
            ("move_type", "=", "out_invoice"),
            ("collection_promise_date", "!=", False),
            "|", ("collection_status", "=", "promised"),
            ("collection_promise_date", ">=", since),
        ], order="collection_promise_date desc, id desc")
        return [{
            "move_id": move.id,
            "name": move.name,
            "date_maturity": fields.Date.to_string(move.invoice_date_due),
            "promise_date": fields.Date.to_string(move.collection_promise_date),
            "promise_amount": move.collection_promise_amount,
            "currency_id": move.currency_id.id,
            "residual": move.amount_residual_signed,
            "promise_state": move.collection_promise_state,
        } for move in moves]

    def _last_payment(self, partner, company, as_of=None):
        """The customer's last payment as of ``as_of`` that did not bounce, or False."""
        as_of = as_of or self._today()
        payment = self.env["collection.ledger"]._last_payments(
            company, [partner.id], as_of).get(partner.id)
        if not payment:
            return False
        return {
            "id": payment.payment_id or False,
            "move_id": payment.move_id,
            "date": fields.Date.to_string(payment.date),
            "amount": float(payment.amount_currency if payment.currency_id != company.currency_id.id
                            else payment.amount),
            "currency_id": payment.currency_id,
            "amount_company": float(payment.amount),
        }

    def _summary(self, partner, row, items, last_payment, level, limit, as_of):
        currency = self.env.company.currency_id
        disputed = [item for item in items if item["collection_status"] == "disputed"]
        promised = [item for item in items if item["collection_status"] == "promised"
                    and item["residual"] > 0]
        promise_dates = sorted(fields.Date.to_date(item["promise_date"]) for item in promised
                               if item["promise_date"])
        upcoming = [day for day in promise_dates if day >= as_of]
        broken = self.env["account.move"].search_count([
            ("company_id", "=", self.env.company.id),
            ("commercial_partner_id", "=", partner.id),
            ("state", "=", "posted"),
            ("move_type", "=", "out_invoice"),
            ("collection_status", "=", "promised"),
            ("collection_promise_date", "<", as_of),
            ("amount_residual", ">", 0),
        ])
        last_contact = self._last_contact_date(partner)
        facts = summary.SummaryFacts(
            currency=currency.name,
            balance=_decimal(row["balance"]),
            overdue=_decimal(row["overdue"]),
            oldest_overdue_due_date=row["oldest_overdue"],
            overdue_count=row["overdue_count"],
            disputed_count=len(disputed),
            disputed_amount=sum((_decimal(item["residual"]) for item in disputed), Decimal(0)),
            promised_count=len(promised),
            promised_amount=sum((_decimal(item["promise_amount"] or item["residual"])
                                 for item in promised), Decimal(0)),
            next_promise_date=(upcoming or promise_dates or [None])[0],
            broken_promises=broken,
            last_payment_date=fields.Date.to_date(last_payment["date"]) if last_payment else None,
            last_payment_amount=_decimal(last_payment["amount_company"]) if last_payment else None,
            last_contact_date=last_contact,
            reminder_level=int(level or 0),
            credit_limit=_decimal(limit),
            today=as_of,
        )
        sentences = []
        for message, params in summary.summarize(facts):
            # The message ids are marked for translation in engine/summary.py.
            sentences.append(self.env._(message, **{
                key: self._format_value(value, currency) for key, value in params.items()
            }))
        return sentences

    def _format_value(self, value, currency):
        if isinstance(value, Decimal):
            return format_amount(self.env, float(value), currency)
        if hasattr(value, "isoformat"):
            return format_date(self.env, value)
        return value

    def _last_contact_date(self, partner):
        """The last e-mail or logged note sent to or about the customer. A
        message sent by e-mail counts once the mail server accepted it for at
        least one recipient: a refused or still queued e-mail is no contact."""
        email_notification = [("notification_type", "=", "email")]
        message = self.env["mail.message"].sudo().search([
            ("model", "=", "res.partner"),
            ("res_id", "=", partner.id),
            ("message_type", "in", ("email", "comment", "email_outgoing")),
            "|", ("notification_ids", "not any", email_notification),
            ("notification_ids", "any", email_notification + [
                ("notification_status", "=", "sent")]),
        ], order="date desc", limit=1)
        return message.date.date() if message else None

    # ------------------------------------------------------------------ hooks
    def _customer_process(self, partner):
        """``{'name', 'next_step', 'next_date'}`` of the assigned collections process, or False."""
        process = partner.collection_preview_process()
        if not process:
            return False
        today = self._today()
        facts = process._collection_customer_facts([partner.id], today)[0]
        upcoming = process_engine.next_step(process._collection_engine_config(), facts, today)
        return {
            "id": process.id,
            "name": process.display_name,
            "next_step": upcoming[0].name if upcoming else False,
            "next_date": fields.Date.to_string(upcoming[1]) if upcoming else False,
        }

    def _customer_reminder_level(self, partner):
        """The highest reminder level issued to the customer (an int), or False."""
        reminder = self.env["collection.reminder"].search([
            ("partner_id", "=", partner.id),
            ("company_id", "=", self.env.company.id),
            ("state", "=", "issued"),
        ], order="level desc, date desc", limit=1)
        return reminder.level or False

    def _timeline_kinds(self):
        return [
            ("invoice", _("Invoices")),
            ("payment", _("Payments")),
            ("credit_note", _("Credit notes")),
            ("activity", _("Activities")),
            ("reminder", _("Reminders issued")),
            ("collection_action", _("Collections actions")),
        ]

    def _timeline_sources(self):
        """The methods that feed the timeline; each takes ``(partner, date_from)``."""
        return [
            self._timeline_invoices,
            self._timeline_payments,
            self._timeline_activities,
            self._timeline_reminders,
            self._timeline_collection_actions,
        ]

    def _timeline_reminders(self, partner, date_from):
        reminders = self.env["collection.reminder"].search([
            ("partner_id", "=", partner.id),
            ("company_id", "=", self.env.company.id),
            ("state", "=", "issued"),
            ("date", ">=", date_from),
        ])
        return [{
            "kind": "reminder",
            "date": fields.Date.to_string(reminder.date),
            "title": reminder.name,
            "amount": reminder.total_due,
            "currency_id": reminder.currency_id.id,
            "res_model": "collection.reminder",
            "res_id": reminder.id,
            "details": _("Level %(level)s, fees %(fees)s, due %(due)s",
                         level=reminder.level,
                         fees=format_amount(self.env, reminder.fee_amount, reminder.currency_id),
                         due=format_date(self.env, reminder.due_date)),
        } for reminder in reminders]

    def _timeline_collection_actions(self, partner, date_from):
        actions = self.env["collection.action"].search([
            ("partner_id", "=", partner.id),
            ("company_id", "=", self.env.company.id),
            ("date", ">=", date_from),
        ])
        return [{
            "kind": "collection_action",
            "date": fields.Date.to_string(action.date),
            "title": action.step_id.name or action.process_id.name,
            "amount": False,
            "currency_id": False,
            "res_model": "collection.action",
            "res_id": action.id,
            "details": action.error if action.state == "failed" else (action.reason or ""),
        } for action in actions]

    def _timeline(self, partner):
        date_from = self._today() - timedelta(days=TIMELINE_DAYS)
        entries = []
        for source in self._timeline_sources():
            entries.extend(source(partner, date_from))
        entries.sort(key=lambda entry: (entry["date"] or "", entry.get("res_id") or 0),
                     reverse=True)
        return entries

    def _timeline_invoices(self, partner, date_from):
        moves = self.env["account.move"].search([
            ("commercial_partner_id", "=", partner.id),
            ("company_id", "=", self.env.company.id),
            ("state", "=", "posted"),
            ("move_type", "in", ("out_invoice", "out_refund")),
            ("date", ">=", date_from),
        ])
        return [{
            "kind": "invoice" if move.move_type == "out_invoice" else "credit_note",
            "date": fields.Date.to_string(move.date),
            "title": move.name,
            "amount": move.amount_total,
            "currency_id": move.currency_id.id,
            "res_model": "account.move",
            "res_id": move.id,
            "details": _("Due %(date)s, open %(residual)s",
                         date=format_date(self.env, move.invoice_date_due),
                         residual=format_amount(self.env, move.amount_residual,
                                                move.currency_id)),
        } for move in moves]

    def _timeline_payments(self, partner, date_from):
        payments = self.env["account.payment"].search([
            ("partner_id", "child_of", partner.id),
            ("company_id", "=", self.env.company.id),
            ("partner_type", "=", "customer"),
            ("state", "in", ("in_process", "paid")),
            ("date", ">=", date_from),
        ])
        return [{
            "kind": "payment",
            "date": fields.Date.to_string(payment.date),
            "title": payment.name,
            "amount": payment.amount if payment.payment_type == "inbound" else -payment.amount,
            "currency_id": payment.currency_id.id,
            "res_model": "account.payment",
            "res_id": payment.id,
            "details": payment.memo or payment.journal_id.name,
        } for payment in payments]

    def _timeline_activities(self, partner, date_from):
        Activity = self.env["mail.activity"]
        entries = [{
            "kind": "activity",
            "date": fields.Date.to_string(act.date_deadline),
            "title": act.summary or act.activity_type_id.name or "",
            "amount": False,
            "currency_id": False,
            "res_model": "mail.activity",
            "res_id": act.id,
            "details": _("%(type)s, due, assigned to %(user)s",
                         type=act.activity_type_id.name or "", user=act.user_id.name or ""),
        } for act in Activity.search([("res_model", "=", "res.partner"),
                                      ("res_id", "=", partner.id)])]
        done = self.env["mail.message"].search([
            ("model", "=", "res.partner"),
            ("res_id", "=", partner.id),
            ("mail_activity_type_id", "!=", False),
            ("date", ">=", date_from),
        ])
        entries += [{
            "kind": "activity",
            "date": fields.Date.to_string(message.date.date()),
            "title": message.mail_activity_type_id.name,
            "amount": False,
            "currency_id": False,
            "res_model": "res.partner",
            "res_id": partner.id,
            "details": _("Done by %s", message.author_id.name or ""),
        } for message in done]
        return entries

    def _contacts(self, partner):
        collections_contact = partner.collection_contact_id
        other = partner.child_ids.filtered(
            lambda child: child.type == "contact" and child != collections_contact)[:1]

        def contact(person):
            if not person:
                return False
            return {"id": person.id, "name": person.name, "email": person.email or "",
                    "phone": person.phone or person.mobile or "",
                    "function": person.function or ""}

        address = "\n".join(line.strip() for line in partner._display_address(
            without_company=True).splitlines() if line.strip())
        return {
            "collections_contact": contact(collections_contact),
            "other_contact": contact(other),
            "company": contact(partner),
            "address": address,
            "salesperson": partner.user_id.name or "",
            "agent": partner.collection_agent_id.name or "",
        }

    @api.model
    def action_draft_reminder_email(self, partner_id):
        """The mail composer, prefilled with the customer's overdue invoices that
        may be chased (none on hold, disputed or with a pending promise to pay),
        in the recipient's language."""
        self._check_collections_access()
        partner = self.env["res.partner"].browse(partner_id).commercial_partner_id
        recipient = partner.collection_contact_id or partner
        lang = recipient.lang or partner.lang or self.env.lang
        # Every text of the draft is the customer's: rendered in their language.
        workspace = self.with_context(lang=lang)
        env = workspace.env
        company = env.company
        currency = company.currency_id
        as_of = workspace._today()
        items = [
            item for item in workspace._open_items(partner, company, as_of)
            if item["is_invoice"] and item["residual"] > 0 and item["days_overdue"] > 0
            and chase_engine.hold_reason(
                item["on_hold"], item["collection_status"],
                fields.Date.to_date(item["promise_date"]), as_of) is None
        ]
        lines = Markup("").join(
            Markup("<li>%s: %s, %s</li>") % (
                item["name"], format_amount(env, item["residual"], currency),
                env._("due %s", format_date(env, fields.Date.to_date(item["date_maturity"]))))
            for item in items
        )
        body = Markup("<p>%s</p>%s<p>%s</p>") % (
            env._("Dear %s,", recipient.name),
            Markup("<p>%s</p><ul>%s</ul>") % (
                env._("According to our records, these invoices are overdue:"), lines)
            if items else "",
            env._("Could you please let us know when we can expect your payment?"),
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "views": [[False, "form"]],
            "target": "new",
            "context": {
                "default_model": "res.partner",
                "default_res_ids": [partner.id],
                "default_composition_mode": "comment",
                "default_partner_ids": [recipient.id],
                "default_subject": env._("Your account with %s", company.name),
                "default_body": body,
            },
        }
