# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.pdf import merge_pdf

from ..engine import aging as aging_engine
from ..engine import chase as chase_engine
from ..engine import statuses as status_engine
from ..engine import vocabulary
from .collection_ledger import FLAGGED_INVOICE_WHERE

COLLECTIONS_MANAGER = "account_collections_automation.group_collections_manager"
REPRINT_REPORT = "account.account_invoices"


class AccountMove(models.Model):
    _inherit = "account.move"

    collection_on_hold = fields.Boolean(
        string="On Hold for Collections",
        copy=False,
        tracking=True,
        help="Excluded from collections processes and reminders, e.g. while "
        "the customer disputes it.",
    )
    # The collections status lives on the open items (account.move.line, one per
    # installment); the invoice shows a summary of them, stored for the lists'
    # filters and the workspace.
    collection_status = fields.Selection(
        # A list, not a tuple: Odoo only reflects (and translates) list selections.
        vocabulary.COLLECTION_STATUSES,
        compute="_compute_collection_status",
        store=True,
        help="Of its open items: disputed when one is, else promised to pay, else "
        "promise broken, else resolved.",
    )
    collection_promise_date = fields.Date(
        string="Promised Payment Date", compute="_compute_collection_status", store=True,
        help="The earliest date promised for its items.")
    collection_promise_amount = fields.Monetary(
        string="Promised Amount", currency_field="currency_id",
        compute="_compute_collection_status", store=True,
        help="The amounts promised for its items.")
    collection_item_ids = fields.One2many(
        "account.move.line", "move_id", string="Collections Items",
        domain=[("display_type", "=", "payment_term")],
        help="The invoice's receivable items (one per installment) and their statuses.")

    # The reminder level an invoice has reached and when: written when a
    # reminder is issued (or cancelled). The source of truth is the receivable
    # line (an invoice with installments has one per installment, each with its
    # own due date and level); the invoice shows the highest of its lines.
    collection_reminder_level = fields.Integer(
        string="Reminder Level", copy=False, readonly=True,
        help="The highest reminder level issued for this invoice.",
    )
    collection_last_reminder_date = fields.Date(
        string="Last Reminder Date", copy=False, readonly=True,
        help="When the last reminder listing this invoice was issued.",
    )

    collection_promise_state = fields.Selection(
        vocabulary.PROMISE_STATES,
        string="Promise Kept",
        compute="_compute_collection_promise_state",
        help="Kept: paid in full by the promised date. Broken: the date has "
        "passed and the invoice was not paid in full by then.",
    )

    def init(self):
        res = super().init()
        # The process run reads the open items from account_move_line's partial
        # index (CollectionLedger._open_invoices) and, beside them, the few
        # invoices on hold or paid outside Odoo from this one.
        for old_index in ("account_move_collection_open_invoice_index",
                          "account_move_collection_open_invoice_status_index",
                          "account_move_collection_open_invoice_hold_index"):
            self.env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(old_index)))
        self.env.cr.execute(SQL(
            """
            CREATE INDEX IF NOT EXISTS account_move_collection_flagged_invoice_index
                ON account_move (id) INCLUDE (collection_on_hold, payment_state)
             WHERE %s
            """, SQL(FLAGGED_INVOICE_WHERE)))
        return res

    def _collection_sync_reminder_level(self):
        """Show on each invoice the highest level and last date of its receivable lines."""
        receivables = self.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable")
        by_values = defaultdict(lambda: self.browse())
        for move in self:
            lines = receivables.filtered(lambda line, move=move: line.move_id == move)
            dates = [d for d in lines.mapped("collection_last_reminder_date") if d]
            level = max(lines.mapped("collection_reminder_level") or [0])
            by_values[(level, max(dates) if dates else False)] |= move
        for (level, date), moves in by_values.items():
            moves.sudo().write({
                "collection_reminder_level": level,
                "collection_last_reminder_date": date,
            })

    def _collection_summary_items(self):
        """The items an invoice's summary shows: its open ones, else all."""
        self.ensure_one()
        items = self.line_ids.filtered(lambda line: line.display_type == "payment_term")
        return items.filtered(lambda line: not line.reconciled) or items

    @api.depends("line_ids.collection_status", "line_ids.collection_promise_date",
                 "line_ids.collection_promise_amount", "line_ids.reconciled")
    def _compute_collection_status(self):
        for move in self:
            items = move._collection_summary_items()
            move.collection_status = status_engine.invoice_status(
                items.mapped(lambda line: line.collection_status or "none"))
            promised = items.filtered(
                lambda line: line.collection_status in ("promised", "broken")
                and line.collection_promise_date)
            move.collection_promise_date = min(promised.mapped("collection_promise_date"),
                                               default=False)
            move.collection_promise_amount = sum(promised.mapped("collection_promise_amount"))

    @api.depends("line_ids.collection_promise_state")
    def _compute_collection_promise_state(self):
        for move in self:
            states = set(move.line_ids.filtered("collection_promise_date").mapped(
                "collection_promise_state"))
            if not states:
                move.collection_promise_state = False
            elif "broken" in states:
                move.collection_promise_state = "broken"
            elif states <= {"kept"}:
                move.collection_promise_state = "kept"
            else:
                move.collection_promise_state = "pending"

    def _collection_hold_reason(self, today):
        """Why the invoice may not be chased on ``today`` (every open item of
        it on hold, disputed or with a pending promise), or None."""
        self.ensure_one()
        reasons = [chase_engine.hold_reason(self.collection_on_hold, line.collection_status,
                                            line.collection_promise_date, today)
                   for line in self.env["account.move.line"]._collection_open_items(self)]
        if not reasons:
            return chase_engine.hold_reason(self.collection_on_hold, "none", None, today)
        return None if None in reasons else reasons[0]

    def _collection_communication_table(self):
        """The table of a collections e-mail rendered on this (leading) invoice:
        ``{rows, totals}``, the items the e-mail covers (the context's
        ``collection_line_ids``; else this invoice's open items), oldest due
        first, each with its number, due date, days overdue, open amount and
        status (in the rendering language), the leading item marked; the
        total per currency."""
        self.ensure_one()
        context = self.env.context
        today = context.get("collection_letter_date") or fields.Date.context_today(self)
        Line = self.env["account.move.line"]
        line_ids = context.get("collection_line_ids")
        lines = Line.browse(line_ids).exists() if line_ids else \
            Line._collection_open_items(self)
        lines = lines.sorted(lambda line: (line.date_maturity or line.date, line.move_id.id,
                                           line.id))
        labels = dict(Line._fields["collection_status"]._description_selection(self.env))
        lead = next((line for line in lines if line.move_id == self), Line)
        rows = []
        totals = {}
        for line in lines:
            due = line.date_maturity or line.move_id.invoice_date_due
            amount = line.amount_residual_currency
            rows.append({
                "name": line.move_id.name,
                "date_maturity": due,
                "days_overdue": max(aging_engine.days_overdue(due, today), 0),
                "amount": amount,
                "currency": line.currency_id,
                "status": labels.get(line.collection_status or "none", ""),
                "lead": line == lead,
            })
            totals[line.currency_id] = totals.get(line.currency_id, 0.0) + amount
        return {"rows": rows, "totals": [{"currency": currency, "amount": amount}
                                         for currency, amount in totals.items()]}

    def _collection_paid_date(self):
        """The date the move was paid in full (its last reconciliation), or False."""
        self.ensure_one()
        return self.env["collection.ledger"]._paid_dates(self)[self.id]

    # ------------------------------------------------------------------ actions
    def _collection_check_receivable(self):
        for move in self:
            if move.state != "posted" or not move.is_sale_document(include_receipts=True):
                raise UserError(_(
                    "%(move)s: collections actions apply to posted customer invoices and "
                    "credit notes only.", move=move.display_name))

    @api.model
    def _collection_check_manager(self, action_name):
        """Actions posting accounting entries (write-off, NSF payment) are for
        Collections Managers: refuse anybody else with a message naming the action."""
        if not self.env.user.has_group(COLLECTIONS_MANAGER):
            raise UserError(_(
                "%(action)s: only Collections Managers may do this, as it posts accounting "
                "entries. Ask a Collections Manager.", action=action_name))

    def _collection_wizard_action(self, model, name, context=None):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "views": [[False, "form"]],
            "target": "new",
            "context": {"active_model": "account.move", "active_ids": self.ids,
                        **(context or {})},
        }

    def action_collection_change_status(self):
        """Change status of the invoices' open items (all of them, or the
        installments chosen in the wizard)."""
        self._collection_check_receivable()
        return self._collection_wizard_action("collection.status.wizard", _("Change status"))

    def action_collection_toggle_hold(self):
        """Put the invoices on hold for collections, or release them."""
        self._collection_check_receivable()
        for move in self:
            move.collection_on_hold = not move.collection_on_hold
        return True

    def action_collection_write_off(self):
        """Write off the open amount against a write-off account, reconciled by Odoo."""
        self._collection_check_manager(_("Write off"))
        self._collection_check_receivable()
        return self._collection_wizard_action("collection.write.off.wizard", _("Write off"))

    def action_collection_settle(self):
        """Open the customer's open receivable items to match them."""
        partners = self.commercial_partner_id
        return self.env["account.move.line"]._collection_settle_action(partners)

    def action_collection_nsf_payment(self):
        """Reverse a bounced payment of the invoice and reopen what it paid."""
        self._collection_check_manager(_("NSF payment"))
        self.ensure_one()
        self._collection_check_receivable()
        payments = self._collection_reconciled_payments()
        if not payments:
            raise UserError(_("%s has no payment to reverse.", self.display_name))
        action = payments.sorted("date")[-1].action_collection_nsf_payment()
        action["context"]["collection_invoice_id"] = self.id
        return action

    def _collection_reconciled_payments(self):
        self.ensure_one()
        receivables = self.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable")
        counterparts = (receivables.matched_credit_ids.credit_move_id
                        | receivables.matched_debit_ids.debit_move_id)
        return counterparts.move_id.origin_payment_id.filtered(
            lambda payment: payment.state in ("in_process", "paid"))

    def action_collection_reprint(self):
        """Print the invoices again, as one PDF (see ``_collection_reprint_pdf``)."""
        self._collection_check_receivable()
        return {
            "type": "ir.actions.act_url",
            "url": "/account_collections_automation/reprint/%s" % ",".join(map(str, self.ids)),
            "target": "download",
        }

    def _collection_reprint_pdf(self):
        """The invoices' PDF as ``(content, "pdf")``: each invoice rendered on its
        own, the PDFs merged.

        wkhtmltopdf as packaged by Debian (unpatched Qt) fails on several invoices
        in one rendering ("Exit with code 1, due to unknown error", then an empty
        PDF); one invoice at a time works. Where Odoo renders reports as HTML
        instead (its test mode, see ``ir.actions.report._pre_render_qweb_pdf``),
        this gives ``(html, "html")`` of all the invoices like any report."""
        self._collection_check_receivable()
        report = self.env["ir.actions.report"]
        pdfs = []
        for move in self:
            content, content_type = report._render_qweb_pdf(REPRINT_REPORT, move.ids)
            if content_type != "pdf":
                result = report._render_qweb_html(REPRINT_REPORT, self.ids)
                break
            pdfs.append(content)
        else:
            result = (pdfs[0] if len(pdfs) == 1 else merge_pdf(pdfs)), "pdf"
        for move in self:
            move.message_post(body=_("Invoice reprinted by %s.", self.env.user.name),
                              subtype_xmlid="mail.mt_note")
        return result

    def _collection_history_domain(self):
        """The messages making up the item's collections history (extend to add more)."""
        return [("model", "=", "account.move"), ("res_id", "in", self.ids)]

    def action_collection_history(self):
        """The item's collections history: status changes, promises, notes, e-mails."""
        return {
            "type": "ir.actions.act_window",
            "name": _("Collections history"),
            "res_model": "mail.message",
            "views": [[self.env.ref(
                "account_collections_automation.mail_message_view_list_collections").id,
                "list"], [False, "form"]],
            "domain": self._collection_history_domain(),
            "context": {"create": False},
        }

