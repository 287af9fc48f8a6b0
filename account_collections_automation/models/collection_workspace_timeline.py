# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Collections workspace: a customer's timeline (invoices, payments,
reminders, collection actions, activities) and its filter's kinds."""

from datetime import timedelta

from odoo import _, fields, models
from odoo.tools import format_amount, format_date, html2plaintext

from .account_move_line import STATUS_SUBTYPE
from .collection_workspace import TIMELINE_DAYS


class CollectionWorkspace(models.AbstractModel):
    _inherit = "collection.workspace"  # pylint: disable=consider-merging-classes-inherited

    def _timeline_kinds(self):
        return [
            ("invoice", _("Invoices")),
            ("payment", _("Payments")),
            ("credit_note", _("Credit notes")),
            ("activity", _("Activities")),
            ("reminder", _("Reminders issued")),
            ("collection_action", _("Collections actions")),
            ("status", _("Collections statuses")),
            ("reply", _("Customer replies")),
            ("bounce", _("Bounced e-mails")),
            ("call", _("Phone calls")),
            ("sms", _("SMS")),
        ]

    def _timeline_sources(self):
        """The methods that feed the timeline; each takes ``(partner, date_from)``."""
        return [
            self._timeline_invoices,
            self._timeline_payments,
            self._timeline_activities,
            self._timeline_reminders,
            self._timeline_collection_actions,
            self._timeline_statuses,
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
            "kind": self._timeline_action_kind(action),
            "date": fields.Date.to_string(action.date),
            "title": action.step_id.name or action.process_id.name,
            "amount": False,
            "currency_id": False,
            "res_model": "collection.action",
            "res_id": action.id,
            "details": self._timeline_action_details(action),
        } for action in actions]

    @staticmethod
    def _timeline_action_kind(action):
        """The timeline's kind of a history row: the customer's answers and
        the channels each have their own filter."""
        if action.kind == "reply":
            return "reply"
        if action.state == "bounced":
            return "bounce"
        return {"sms": "sms", "phone_call": "call"}.get(action.action_type,
                                                         "collection_action")

    def _timeline_action_details(self, action):
        if action.kind == "reply":
            return " ".join(filter(None, [action.reason, action.reply_excerpt]))
        if action.state in ("failed", "bounced"):
            return action.error or ""
        if action.action_type == "phone_call" and action.call_outcome:
            outcomes = dict(action._fields["call_outcome"]._description_selection(self.env))
            return _("Outcome: %(outcome)s", outcome=outcomes[action.call_outcome])
        if action.action_type == "sms" and action.sms_number:
            return _("To %(number)s; %(reason)s", number=action.sms_number,
                     reason=action.reason or "")
        return action.reason or ""

    def _timeline_statuses(self, partner, date_from):
        """The status changes of the customer's items (the invoices' chatter lines)."""
        moves = self.env["account.move"].search([
            ("commercial_partner_id", "=", partner.id),
            ("company_id", "=", self.env.company.id),
            ("move_type", "in", ("out_invoice", "out_refund")),
        ])
        if not moves:
            return []
        subtype = self.env.ref(STATUS_SUBTYPE)
        messages = self.env["mail.message"].search([
            ("model", "=", "account.move"),
            ("res_id", "in", moves.ids),
            ("subtype_id", "=", subtype.id),
            ("date", ">=", date_from),
        ])
        return [{
            "kind": "status",
            "date": fields.Date.to_string(fields.Date.context_today(self, message.date)),
            "title": moves.browse(message.res_id).name,
            "amount": False,
            "currency_id": False,
            "res_model": "account.move",
            "res_id": message.res_id,
            "details": html2plaintext(message.body or "").replace("\n", " ").strip(),
        } for message in messages]

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
            "date": fields.Date.to_string(fields.Date.context_today(self, message.date)),
            "title": message.mail_activity_type_id.name,
            "amount": False,
            "currency_id": False,
            "res_model": "res.partner",
            "res_id": partner.id,
            "details": _("Done by %s", message.author_id.name or ""),
        } for message in done]
        return entries
