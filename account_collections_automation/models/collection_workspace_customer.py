# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Collections workspace: a customer's page (summary, aging, open items,
promises, contacts, the hooks for the process and the reminder level)."""

from datetime import timedelta
from decimal import Decimal

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_amount, format_date

from ..engine import aging, summary
from ..engine import chase as chase_engine
from ..engine import process as process_engine
from ..engine.amounts import to_decimal as _decimal
from .collection_workspace import TIMELINE_DAYS


class CollectionWorkspace(models.AbstractModel):
    _inherit = "collection.workspace"  # pylint: disable=consider-merging-classes-inherited

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
                # The item's own status (each installment has its own).
                "collection_status": line.collection_status or "none",
                "dispute_reason": line.collection_dispute_reason_id.name or "",
                "on_hold": move.collection_on_hold,
                "promise_date": fields.Date.to_string(line.collection_promise_date),
                "promise_amount": line.collection_promise_amount,
                "is_invoice": move.move_type == "out_invoice",
            })
        return items

    def _promised(self, partner, company):
        """The customer's promises to pay, item by item: those standing, and
        those kept or broken lately."""
        since = self._today() - timedelta(days=TIMELINE_DAYS)
        lines = self.env["account.move.line"].search([
            ("company_id", "=", company.id),
            ("move_id.commercial_partner_id", "=", partner.id),
            ("parent_state", "=", "posted"),
            ("move_id.move_type", "=", "out_invoice"),
            ("display_type", "=", "payment_term"),
            ("collection_promise_date", "!=", False),
            "|", ("collection_status", "=", "promised"),
            ("collection_promise_date", ">=", since),
        ], order="collection_promise_date desc, id desc")
        return [{
            "id": line.id,
            "move_id": line.move_id.id,
            "name": line.move_id.name,
            "date_maturity": fields.Date.to_string(line.date_maturity),
            "promise_date": fields.Date.to_string(line.collection_promise_date),
            "promise_amount": line.collection_promise_amount,
            "currency_id": line.currency_id.id,
            "residual": line.amount_residual,
            "collection_status": line.collection_status or "none",
            "promise_state": line.collection_promise_state or "pending",
        } for line in lines]

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
        broken = self.env["account.move.line"].search_count([
            ("company_id", "=", self.env.company.id),
            ("move_id.commercial_partner_id", "=", partner.id),
            ("parent_state", "=", "posted"),
            ("display_type", "=", "payment_term"),
            ("amount_residual", ">", 0),
            "|", ("collection_status", "=", "broken"),
            "&", ("collection_status", "=", "promised"),
            ("collection_promise_date", "<", as_of),
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
        # The day in the reader's time zone, as "today" is (not the UTC day).
        return fields.Date.context_today(self, message.date) if message else None

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
