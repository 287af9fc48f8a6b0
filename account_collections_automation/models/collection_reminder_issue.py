# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Reminders: issuing (number, levels, fee and interest entry), cancelling and
resetting to draft."""

from collections import defaultdict

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_amount, format_date

from ..engine import letters as letter_engine
from ..engine import reminder_issue as engine
from ..engine import reminders as reminder_engine
from .collection_charge_entry import charge_entry_vals


class CollectionReminder(models.Model):
    _inherit = "collection.reminder"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Issue
    # ------------------------------------------------------------------
    def action_issue(self, date=None, replace_posting_date=False, replace_vat_date=False,
                     posting_date_formula="", vat_date_formula=""):
        """Issue draft reminders on ``date`` (default: today).

        The issue rules (an issue action's): the posting date and the VAT date
        each keep the reminder's date or, replaced, take ``date``, then are
        shifted by their date formula if any (``engine.reminder_issue.
        issue_dates``). The fee and interest entry is dated on the posting
        date; Odoo's journal entries have no VAT date, so the reminder keeps it.

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
                posting_date_formula, vat_date_formula,
            )
            if posting_date != reminder.date:
                reminder._refee_at(posting_date)
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
        self._collection_block_customers()
        return True

    def _refee_at(self, posting_date):
        """The fee of this draft again at ``posting_date``, the issue rules
        having moved the posting date off the reminder's date: in another
        currency than the company's, the level's fees (fixed, or the
        company's tiers) are converted at the posting date's rate, as the fee
        entry is. The fee line and the texts follow; the chatter says so."""
        self.ensure_one()
        if self.currency_id == self.company_id.currency_id or not self.level_id:
            return
        overdue = self.line_ids.filtered(lambda line: line.line_type == "overdue")
        # Charged a line fee: the items raised to a level they had not reached.
        charged = [line.amount_residual for line in overdue if line.new_level
                   and line.level > (line.move_line_id.collection_reminder_level or 0)]
        fee = float(reminder_engine.reissued_fee(
            self.level_id._level_config(self.currency_id, posting_date),
            self.remaining_amount, charged, self.currency_id.decimal_places))
        before = self.fee_amount
        if self.currency_id.compare_amounts(fee, before) == 0:
            return
        fee_lines = self.line_ids.filtered(lambda line: line.line_type == "fee")
        if fee_lines and fee:
            fee_lines[0].amount = fee
            (fee_lines - fee_lines[0]).unlink()
        elif fee_lines:
            fee_lines.unlink()
        else:
            self.line_ids = [Command.create({
                "sequence": max(self.line_ids.mapped("sequence"), default=0) + 1,
                "line_type": "fee", "amount": fee,
                "name": self._fee_line_names(self._text_lang(self.partner_id))[0]})]
        self._compute_texts()
        # A note in the log (a user without an e-mail address may issue).
        self._message_log(body=_(
            "Fee converted at the rate of the posting date %(date)s: %(before)s becomes "
            "%(after)s.", date=format_date(self.env, posting_date),
            before=format_amount(self.env, before, self.currency_id),
            after=format_amount(self.env, fee, self.currency_id)))

    def _collection_block_customers(self):
        """Block: the customers of these issued reminders at a level with the
        Block flag go on hold (an active account), told in their chatter."""
        blocking = self.filtered("level_id.block_customer")
        if not blocking:
            return
        partners = blocking.partner_id.sudo()
        partners.fetch(["collection_account_status"])
        for reminder in blocking:
            partner = reminder.partner_id.sudo()
            status = letter_engine.status_after_letter(True, partner.collection_account_status)
            if status is None:
                continue
            partner.collection_account_status = status
            partner.message_post(
                body=_("Account put on hold: reminder %(reminder)s at level %(level)s, which "
                       "blocks the customer, was issued.",
                       reminder=reminder.name, level=reminder.level_id.display_name),
                message_type="comment", subtype_xmlid="mail.mt_note")

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
        charges = []
        if fee:
            charges.append((_("Reminder %s: additional fee", self.name),
                            company.collection_fee_account_id, fee))
        if interest:
            charges.append((_("Reminder %s: interest", self.name),
                            company.collection_interest_account_id, interest))
        return charge_entry_vals(self, _("Reminder %s", self.name), charges)

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
                  "ref": self.env._("Reversal of %s", move.ref)} for move in moves],
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
