# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Finance charge memos (Business Central): the interest of a customer's
overdue items, one memo per customer and currency, a line per item. Creating
them here (the engine's ``interest.propose_memo`` on the ledger's facts);
issuing and cancelling in ``collection_finance_charge_memo_issue.py``."""

from collections import defaultdict

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty
from odoo.tools.misc import formatLang

from ..engine import interest as engine
from ..engine import reminder_texts, vocabulary


class CollectionFinanceChargeMemo(models.Model):
    """A finance charge memo to one customer, in one currency."""

    _name = "collection.finance.charge.memo"
    _description = "Finance Charge Memo"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, default="/", index="trigram")
    state = fields.Selection(
        vocabulary.FINANCE_CHARGE_MEMO_STATES, default="draft", required=True, readonly=True,
        copy=False, tracking=True, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True,
        default=lambda self: self.env.company)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True,
        check_company=True)
    lang = fields.Selection(related="partner_id.lang")
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.company.currency_id)
    term_id = fields.Many2one(
        "collection.finance.charge.term", string="Finance Charge Terms", required=True,
        check_company=True, index=True)
    date = fields.Date(
        string="Document Date", required=True, default=fields.Date.context_today, tracking=True,
        help="The interest is counted up to this date.")
    due_date = fields.Date(required=True, tracking=True)
    posting_date = fields.Date(copy=False, readonly=True)
    issued_date = fields.Date(string="Issued On", copy=False, readonly=True)
    line_ids = fields.One2many(
        "collection.finance.charge.memo.line", "memo_id", string="Lines", copy=True)
    interest_amount = fields.Monetary(string="Interest", compute="_compute_amounts", store=True)
    open_amount = fields.Monetary(
        compute="_compute_amounts", store=True, help="What the items charged still owe.")
    beginning_text = fields.Html(copy=False)
    ending_text = fields.Html(copy=False)
    move_id = fields.Many2one(
        "account.move", string="Interest Entry", copy=False, readonly=True, check_company=True,
        index="btree_not_null",
        help="The journal entry posting this memo's interest on the customer's receivable.")
    reversal_move_id = fields.Many2one(
        "account.move", string="Reversal Entry", copy=False, readonly=True, check_company=True)
    automation_id = fields.Many2one(
        "collection.automation", string="Created by Automation", copy=False, readonly=True,
        index="btree_not_null")

    @api.depends("line_ids.amount", "line_ids.amount_residual")
    def _compute_amounts(self):
        for memo in self:
            memo.interest_amount = sum(memo.line_ids.mapped("amount"))
            memo.open_amount = sum(memo.line_ids.mapped("amount_residual"))

    @api.depends("name")
    def _compute_display_name(self):
        for memo in self:
            memo.display_name = memo.name if memo.name != "/" else _("Draft Finance Charge Memo")

    @api.ondelete(at_uninstall=False)
    def _unlink_except_issued(self):
        if any(memo.state == "issued" for memo in self):
            raise UserError(_("Issued finance charge memos cannot be deleted: cancel them "
                              "instead."))

    # ------------------------------------------------------------------
    # Create
    # ------------------------------------------------------------------
    @api.model
    def _create_memos(self, partners, date=None, terms=None, extra_vals=None):
        """Create the draft memos of ``partners`` (their finance charge terms,
        only ``terms`` when given) on ``date``: one per customer and currency
        with interest. Returns (memos, skips): skips are ``(partner, currency,
        reason)`` with a reason of ``engine.SKIP_REASONS``."""
        company = self.env.company
        date = date or fields.Date.context_today(self)
        partners = partners.with_company(company).commercial_partner_id
        by_term = defaultdict(lambda: self.env["res.partner"])
        for partner in partners:
            term = partner.collection_finance_charge_term_id
            if term and (terms is None or term in terms):
                by_term[term] |= partner
        Ledger = self.env["collection.ledger"]
        vals_list, skips = [], []
        for term, customers in by_term.items():
            rows = Ledger._interest_open_items(company, customers.ids, date)
            payments = Ledger._interest_payments(company, [row.line_id for row in rows], date)
            charged = self._charged_to([row.line_id for row in rows])
            groups = defaultdict(list)
            for row in rows:
                groups[(row.customer_id, row.currency_id)].append(row)
            for (customer_id, currency_id), items in groups.items():
                currency = self.env["res.currency"].browse(currency_id)
                partner = self.env["res.partner"].browse(customer_id)
                proposal = engine.propose_memo(
                    term._terms_config(currency, date),
                    [engine.InterestItem(
                        row.line_id, row.due_date, row.residual,
                        tuple(payments.get(row.line_id, ())), row.on_hold, row.status,
                        row.line_fee, charged.get(row.line_id)) for row in items],
                    date, currency.decimal_places)
                if isinstance(proposal, engine.Skip):
                    skips.append((partner, currency, proposal.reason))
                    continue
                vals_list.append(self._proposal_vals(
                    proposal, partner, currency, term, date,
                    {row.line_id: row for row in items}, extra_vals))
        memos = self.create(vals_list)
        memos._fill_texts()
        return memos, skips

    @api.model
    def _charged_to(self, line_ids):
        """``{move line id: the latest date an issued memo charged it up to}``."""
        if not line_ids:
            return {}
        groups = self.env["collection.finance.charge.memo.line"].sudo()._read_group(
            [("move_line_id", "in", line_ids), ("memo_id.state", "=", "issued")],
            ["move_line_id"], ["memo_date:max"])
        return {line.id: day for line, day in groups}

    @api.model
    def _proposal_vals(self, proposal, partner, currency, term, date, rows, extra_vals):
        lines = []
        for line in proposal.lines:
            row = rows[line.move_line_id]
            lines.append(Command.create({
                "move_line_id": line.move_line_id,
                "due_date": row.due_date,
                "original_amount": float(row.original_amount),
                "amount_residual": float(row.residual),
                "interest_start": line.start,
                "days": line.days,
                "rate": float(line.parts[-1].rate) if line.parts else 0.0,
                "base_amount": float(line.base),
                "amount": float(line.amount),
                "calculation": self.with_context(
                    lang=self.env["collection.reminder"]._text_lang(partner),
                )._calculation_text(term, line, currency),
            }))
        return {
            "company_id": self.env.company.id,
            "partner_id": partner.id,
            "currency_id": currency.id,
            "term_id": term.id,
            "date": date,
            "due_date": proposal.due_date,
            "line_ids": lines,
            **(extra_vals or {}),
        }

    @api.model
    def _calculation_text(self, term, line, currency):
        """The line's interest in words: per rate period, its days, rate and base."""
        env = self.env
        # env._: the words in the language of this environment (the customer's,
        # as the numbers). A plain _() in the comprehension finds no ``self``
        # in its frame and took the language of the user's request.
        parts = [
            env._("%(days)s days at %(rate)s%% per %(period)s days on %(base)s",
                  days=part.days, rate=formatLang(env, float(part.rate), digits=2),
                  period=term.interest_period_days,
                  base=formatLang(env, float(part.base), digits=currency.decimal_places))
            for part in line.parts]
        return "; ".join(parts)

    def _fill_texts(self):
        """The terms' beginning and ending texts in the customer's language,
        filled with the memo's values (the reminders' placeholders)."""
        Reminder = self.env["collection.reminder"]
        for memo in self:
            lang = Reminder._text_lang(memo.partner_id)
            term = memo.term_id.with_context(lang=lang)
            values = Reminder._text_values(
                lang, memo.currency_id, memo.company_id, "", memo.date, memo.due_date,
                max(memo.line_ids.mapped("days"), default=0), memo.open_amount,
                memo.interest_amount, 0.0, memo.interest_amount)
            memo.write({
                name: False if is_html_empty(term[name])
                else reminder_texts.render(str(term[name]), values)
                for name in ("beginning_text", "ending_text")})

    def action_update_texts(self):
        if any(memo.state != "draft" for memo in self):
            raise UserError(_("Only the texts of draft finance charge memos are updated."))
        self._fill_texts()
        return True
