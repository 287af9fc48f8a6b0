# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Finance charge memos: issuing (number, the interest entry on the customer's
receivable, dated by the posting date rule), cancelling (the entry reversed)
and sending (the e-mail with the PDF, in the customer's language)."""

from markupsafe import Markup

from odoo import _, fields, models
from odoo.exceptions import UserError

from ..engine import reminder_issue as issue_engine
from .collection_charge_entry import charge_entry_vals


class CollectionFinanceChargeMemo(models.Model):
    _inherit = "collection.finance.charge.memo"  # pylint: disable=consider-merging-classes-inherited

    def action_issue(self, date=None, replace_posting_date=False, posting_date_formula=""):
        """Issue draft memos on ``date`` (default: today): each gets its number
        and posts its interest on the customer's receivable, against the
        finance charge income account, in the reminder journal. The posting
        date keeps the memo's date or, replaced, takes ``date``, then shifts by
        ``posting_date_formula`` (the reminders' issue rule); the due date
        moves by as many days. Nothing is issued when one of them cannot be."""
        not_draft = self.filtered(lambda memo: memo.state != "draft")
        if not_draft:
            raise UserError(_(
                "Only draft finance charge memos can be issued: %(names)s.",
                names=", ".join(not_draft.mapped("display_name"))))
        issue_date = date or fields.Date.context_today(self)
        self._check_posting_setup(issue_date)
        for memo in self:
            posting_date, _vat_date, due_date = issue_engine.issue_dates(
                memo.date, memo.due_date, issue_date, replace_posting_date, False,
                posting_date_formula, "")
            sequence = self.env["ir.sequence"].sudo().with_company(memo.company_id)
            memo.write({
                "name": sequence.next_by_code("collection.finance.charge.memo",
                                              sequence_date=posting_date) or "/",
                "posting_date": posting_date,
                "due_date": due_date,
                "issued_date": issue_date,
                "state": "issued",
            })
        self._post_interest_moves()
        return True

    def _check_posting_setup(self, date):
        for memo in self.filtered("interest_amount"):
            company = memo.company_id
            missing = []
            if not company.collection_reminder_journal_id:
                missing.append(_("Reminder Journal"))
            if not company._collection_finance_charge_account():
                missing.append(_("Finance Charge Income Account"))
            if missing:
                raise UserError(_(
                    "Finance charge memo %(memo)s posts interest but %(company)s has no "
                    "%(settings)s: set them in Settings > Invoicing > Credit and Collections.",
                    memo=memo.display_name, company=company.name,
                    settings=", ".join(missing)))
            self.env["collection.reminder"]._check_currency_rate(memo.currency_id, company, date)

    def _post_interest_moves(self):
        memos = self.filtered(lambda memo: memo.currency_id.compare_amounts(
            memo.interest_amount, 0.0) > 0)
        if not memos:
            return
        moves = self.env["account.move"].create([memo._interest_move_vals() for memo in memos])
        moves.action_post()
        for memo, move in zip(memos, moves, strict=True):
            memo.move_id = move
            memo.message_post(body=Markup(_("Issued: the interest is posted by %s.")) % (
                move._get_html_link()))

    def _interest_move_vals(self):
        self.ensure_one()
        return charge_entry_vals(self, _("Finance charge memo %s", self.name), [
            (_("Finance charge memo %s: interest", self.name),
             self.company_id._collection_finance_charge_account(), self.interest_amount)])

    def action_cancel(self):
        """Cancel memos; an issued one's interest entry is reversed, which its
        chatter says."""
        issued = self.filtered(lambda memo: memo.state == "issued")
        for memo in issued.filtered(lambda memo: memo.move_id.state == "posted"):
            reversal = memo.move_id._reverse_moves(
                [{"date": fields.Date.context_today(self),
                  "ref": _("Reversal of %s", memo.move_id.ref)}], cancel=True)
            memo.reversal_move_id = reversal
            memo.message_post(body=Markup(_("Cancelled: the interest entry %(entry)s is "
                                            "reversed by %(reversal)s.")) % {
                "entry": memo.move_id._get_html_link(),
                "reversal": reversal._get_html_link()})
        self.write({"state": "cancel"})
        return True

    def action_draft(self):
        if any(memo.state != "cancel" or memo.name != "/" for memo in self):
            raise UserError(_("Only cancelled finance charge memos that were never issued go "
                              "back to draft."))
        self.write({"state": "draft"})
        return True

    def action_send(self):
        """Open the e-mail composer with the memo's template and PDF, in the
        customer's language."""
        self.ensure_one()
        template = self.env.ref(
            "account_collections_automation.mail_template_finance_charge_memo")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "force_email": True,
            },
        }

    def _send_by_email(self):
        """E-mail each memo with its template (the customer's language, the
        PDF attached); the chatter says to whom. Returns the ``mail.mail``."""
        template = self.env.ref(
            "account_collections_automation.mail_template_finance_charge_memo")
        mails = self.env["mail.mail"]
        for memo in self:
            mails |= mails.browse(template.send_mail(
                memo.id, email_layout_xmlid="mail.mail_notification_light"))
            memo.message_post(body=_("Finance charge memo sent by e-mail to %(recipient)s.",
                                     recipient=memo.partner_id.display_name))
        return mails
