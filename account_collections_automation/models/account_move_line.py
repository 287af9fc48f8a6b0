# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Receivable items: the reminder level they reached, and their collections
status. The status lives on the open item (the invoice's line with a due
date), so that each installment has its own: none, disputed (a reason and a
note), promised to pay (a date and an amount), resolved (a note), promise
broken (set by the daily job). Every change is checked by the engine
(``engine.statuses.validate_change``) before anything is written, and posted
in the invoice's chatter, from where the customer's timeline reads it."""

from collections import defaultdict

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_amount, format_date

from ..engine import statuses as status_engine
from ..engine import vocabulary
from ..engine.amounts import to_decimal
from .collection_ledger import OPEN_INVOICE_ITEM_WHERE, OPEN_LINE_WHERE

# The fields of a collections status: a change of any of them is checked and told.
STATUS_FIELDS = (
    "collection_status", "collection_dispute_reason_id", "collection_dispute_note",
    "collection_resolution_note", "collection_promise_date", "collection_promise_amount",
)
STATUS_SUBTYPE = "account_collections_automation.mt_collection_status"


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    collection_reminder_level = fields.Integer(
        string="Reminder Level", copy=False, readonly=True,
        help="The reminder level this receivable line has reached.",
    )
    collection_last_reminder_date = fields.Date(
        string="Last Reminder Date", copy=False, readonly=True,
    )
    collection_status = fields.Selection(
        # A list, not a tuple: Odoo only reflects (and translates) list selections.
        vocabulary.COLLECTION_STATUSES,
        string="Collections Status",
        default="none",
        copy=False,
        help="The collections status of this open item (each installment has its own).",
    )
    collection_dispute_reason_id = fields.Many2one(
        "collection.dispute.reason", string="Dispute Reason", copy=False, ondelete="restrict")
    collection_dispute_note = fields.Text(string="Dispute Note", copy=False)
    collection_resolution_note = fields.Text(string="Resolution Note", copy=False)
    collection_promise_date = fields.Date(string="Promised Payment Date", copy=False)
    collection_promise_amount = fields.Monetary(
        string="Promised Amount", currency_field="currency_id", copy=False)
    collection_promise_state = fields.Selection(
        vocabulary.PROMISE_STATES,
        string="Promise Kept",
        copy=False,
        readonly=True,
        help="Pending until the daily job decides: kept when paid in full by the "
        "promised date, broken when not.",
    )

    def init(self):
        res = super().init()
        # The process run reads the open installments of the customers' open
        # invoices (CollectionLedger._open_invoices) from this partial index
        # alone (an index-only scan by company and customer). A version that
        # reads another column gives the index a new name and drops this one.
        self.env.cr.execute(
            "DROP INDEX IF EXISTS account_move_line_collection_open_item_status_index")
        self.env.cr.execute(SQL(
            """
            CREATE INDEX IF NOT EXISTS account_move_line_collection_open_invoice_item_index
                ON account_move_line (company_id, partner_id)
                INCLUDE (id, move_id, journal_id, date, date_maturity, amount_residual, balance,
                         collection_status, collection_promise_date)
             WHERE %s
            """, SQL(OPEN_INVOICE_ITEM_WHERE)))
        # The ledger reads a batch of customers' open items (reminders: by the
        # line's partner) from this one (CollectionLedger._open_lines_sql).
        self.env.cr.execute(SQL(
            """
            CREATE INDEX IF NOT EXISTS account_move_line_collection_open_line_partner_index
                ON account_move_line (partner_id)
             WHERE %s
            """, SQL(OPEN_LINE_WHERE)))
        return res

    # ------------------------------------------------------------------ statuses
    def _collection_residual(self):
        """The open amount, in the item's currency (a promise is in it)."""
        self.ensure_one()
        return to_decimal(self.amount_residual_currency)

    def _collection_check_status(self, vals_by_line):
        """Refuse (ValidationError naming the field and the value) any status
        change of ``vals_by_line`` ({line: values}) the engine refuses; check
        them all before anything is written."""
        today = fields.Date.context_today(self)
        for line, vals in vals_by_line.items():
            merged = {name: vals[name] if name in vals else line[name] for name in STATUS_FIELDS}
            reason = merged["collection_dispute_reason_id"]
            amount = merged["collection_promise_amount"]
            change = status_engine.StatusChange(
                merged["collection_status"] or "none",
                line.parent_state == "posted",
                line._collection_residual() if line.parent_state == "posted"
                else to_decimal(line.amount_currency),
                reason.id if isinstance(reason, models.BaseModel) else reason or None,
                fields.Date.to_date(merged["collection_promise_date"]) or None,
                to_decimal(amount) if amount else None,
            )
            try:
                status_engine.validate_change(change, today)
            except status_engine.StatusError as error:
                raise ValidationError(line._collection_status_error(error)) from None

    def _collection_status_error(self, error):
        """The refusal ``error`` (a ``StatusError``) in the user's language."""
        label = self._fields[error.field].get_description(self.env)["string"]
        value = error.value
        if error.field == "collection_status":
            value = dict(self._fields["collection_status"]._description_selection(self.env)).get(
                value, value)
        elif error.field == "collection_promise_date" and value:
            value = format_date(self.env, value)
        elif error.field == "collection_promise_amount" and value is not None:
            value = format_amount(self.env, float(value), self.currency_id)
        item = self._collection_item_label()
        messages = {
            "unknown": _("%(field)s: %(value)s is not a collections status (%(item)s)."),
            "draft": _("%(field)s: %(item)s is not posted; no status %(value)s on a draft item."),
            "paid": _("%(field)s: %(item)s is paid, nothing is left to collect; no status "
                      "%(value)s on a paid item."),
            "required": _("%(field)s: a dispute needs a reason, a promise to pay a date "
                          "(%(item)s)."),
            "past": _("%(field)s: %(value)s is in the past; a promise to pay is for today or "
                      "later (%(item)s)."),
            "not_positive": _("%(field)s: %(value)s is not a positive amount (%(item)s)."),
            "above_open": _("%(field)s: %(value)s is above the open amount %(open)s of "
                            "%(item)s."),
        }
        return messages[error.rule] % {
            "field": label, "value": value if value not in (None, False) else _("empty"),
            "item": item, "open": format_amount(
                self.env, self.amount_residual_currency, self.currency_id)}

    def _collection_item_label(self):
        """The item in words: the invoice's number, and the installment's due date."""
        self.ensure_one()
        if self.date_maturity:
            return _("%(invoice)s due %(date)s", invoice=self.move_id.name or self.move_id.ref,
                     date=format_date(self.env, self.date_maturity))
        return self.move_id.name or ""

    def write(self, vals):
        changed = [name for name in STATUS_FIELDS if name in vals]
        if not changed or self.env.context.get("collection_status_unchecked"):
            return super().write(vals)
        self._collection_check_status(dict.fromkeys(self, vals))
        before = {line: {name: line[name] for name in STATUS_FIELDS} for line in self}
        status = vals.get("collection_status")
        if status and status != "broken" and "collection_promise_state" not in vals:
            # A new promise waits for the daily job's decision; no promise, no state.
            vals = dict(vals, collection_promise_state="pending" if status == "promised"
                        else False)
        result = super().write(vals)
        self._collection_post_status_changes(before)
        return result

    def _collection_post_status_changes(self, before):
        """One chatter line on each invoice for the status changes of its items."""
        by_move = defaultdict(list)
        for line in self:
            old = before[line]
            if any(old[name] != line[name] for name in STATUS_FIELDS):
                by_move[line.move_id].append((line, old))
        labels = dict(self._fields["collection_status"]._description_selection(self.env))
        # The same changes as data, for the KPI snapshots' counts.
        self.env["collection.status.change"].sudo().create([{
            "move_line_id": line.id,
            "partner_id": line.move_id.commercial_partner_id.id,
            "company_id": line.company_id.id,
            "old_status": old["collection_status"] or "none",
            "new_status": line.collection_status or "none",
            "promise_date": line.collection_promise_date,
        } for changes in by_move.values() for line, old in changes
            if (old["collection_status"] or "none") != (line.collection_status or "none")
            or old["collection_promise_date"] != line.collection_promise_date])
        for move, changes in by_move.items():
            items = Markup("").join(
                Markup("<li>%s</li>") % line._collection_status_text(old, labels)
                for line, old in changes)
            move.message_post(
                body=Markup("<p>%s</p><ul>%s</ul>") % (_("Collections status changed:"), items),
                subtype_xmlid=STATUS_SUBTYPE,
            )

    def _collection_status_text(self, old, labels):
        """What changed on the item, in words."""
        self.ensure_one()
        status = self.collection_status or "none"
        parts = [_("%(item)s: %(old)s → %(new)s", item=self._collection_item_label(),
                   old=labels.get(old["collection_status"] or "none"), new=labels.get(status))]
        if status == "disputed":
            parts.append(_("reason: %s", self.collection_dispute_reason_id.name or ""))
            if self.collection_dispute_note:
                parts.append(self.collection_dispute_note)
        elif status in ("promised", "broken") and self.collection_promise_date:
            parts.append(_("%(amount)s promised for %(date)s",
                           amount=format_amount(self.env, self.collection_promise_amount,
                                                self.currency_id),
                           date=format_date(self.env, self.collection_promise_date)))
        elif status == "resolved" and self.collection_resolution_note:
            parts.append(self.collection_resolution_note)
        return "; ".join(parts)

    @api.model
    def _collection_open_items(self, moves):
        """The open receivable items (installments) of ``moves``, oldest due first."""
        return moves.line_ids.filtered(
            lambda line: line.display_type == "payment_term" and not line.reconciled
            and line.amount_residual > 0
        ).sorted(lambda line: (line.date_maturity or line.date, line.id))

    def action_collection_change_status(self):
        """Change status of these open items (the installments chosen in the workspace)."""
        self.move_id._collection_check_receivable()
        return self.move_id._collection_wizard_action(
            "collection.status.wizard", _("Change status"),
            {"active_model": "account.move.line", "active_ids": self.ids})

    # ------------------------------------------------------------------ daily job
    @api.model
    def _cron_collection_promises(self):
        """The daily job: each promise to pay whose date has passed is kept
        (paid in full by then) or broken; a broken one whose item is still
        open becomes 'promise broken', with a line in the customer's chatter
        and an activity for the collections agent."""
        promised = self.sudo().search([
            ("collection_status", "=", "promised"),
            ("collection_promise_state", "in", ("pending", False)),
            ("parent_state", "=", "posted"),
        ])
        for company, lines in promised.grouped("company_id").items():
            lines.with_company(company)._collection_settle_promises()
        return True

    def _collection_settle_promises(self):
        """Decide the promises of ``self`` (one company) and apply the decisions."""
        if not self:
            return
        company = self.company_id
        today = fields.Date.context_today(self)
        settlements = {row.line_id: row for row in self.env["collection.ledger"]._settlements(
            company, move_ids=self.move_id.ids)}
        facts = []
        for line in self:
            row = settlements.get(line.id)
            paid = row.paid_date if row is not None and row.reconciled else None
            facts.append(status_engine.PromiseFact(line.id, line.collection_promise_date, paid))
        decided = status_engine.settle_promises(facts, today)
        kept = self.browse([line_id for line_id, state in decided.items() if state == "kept"])
        broken = self.browse([line_id for line_id, state in decided.items()
                              if state == "broken"])
        if kept:
            kept.write({"collection_promise_state": "kept"})
        paid_late = broken.filtered("reconciled")
        if paid_late:
            paid_late.write({"collection_promise_state": "broken"})
        (broken - paid_late)._collection_break_promises()

    def _collection_break_promises(self):
        """The open items of ``self`` become 'promise broken': told in the
        customer's chatter, with an activity for the collections agent."""
        if not self:
            return
        self.write({"collection_status": "broken", "collection_promise_state": "broken"})
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        for customer, lines in self.grouped(
                lambda line: line.partner_id.commercial_partner_id).items():
            # The customer's texts in the customer's language.
            customer_env = lines.with_context(lang=customer.lang or self.env.lang)
            items = Markup("").join(
                Markup("<li>%s</li>") % customer_env.env._(
                    "%(item)s: %(amount)s promised for %(date)s",
                    item=line._collection_item_label(),
                    amount=format_amount(customer_env.env, line.collection_promise_amount,
                                         line.currency_id),
                    date=format_date(customer_env.env, line.collection_promise_date))
                for line in customer_env)
            customer.message_post(
                body=Markup("<p>%s</p><ul>%s</ul>") % (
                    customer_env.env._("Promise to pay broken: not paid by the promised date."),
                    items),
                subtype_xmlid="mail.mt_note",
            )
            agent = customer.collection_agent_id or customer.user_id or self.env.user
            customer.activity_schedule(
                activity_type_id=activity_type.id,
                summary=_("Promise to pay broken: %s",
                          ", ".join(lines.move_id.mapped("name"))),
                note=Markup("<ul>%s</ul>") % items,
                user_id=agent.id,
            )

    # ------------------------------------------------------------------ settle
    @api.model
    def _collection_settle_action(self, partners):
        """Settle: the customers' open receivable items, to match with each other."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_collections_automation.account_move_line_action_collections_settle")
        action["domain"] = self.env["collection.ledger"]._open_lines_domain(partners)
        if len(partners) == 1:
            action["name"] = _("Settle: %s", partners.display_name)
        return action

    def action_collection_reconcile(self):
        """Match the selected receivable items (Odoo's reconciliation; partial if unbalanced)."""
        if len(self.account_id) != 1 or len(self.partner_id.commercial_partner_id) != 1:
            raise UserError(_(
                "Journal items: choose open items of one customer on one receivable account."))
        if len(self) < 2:
            raise UserError(_("Journal items: choose at least two items to match."))
        self.reconcile()
        return True
