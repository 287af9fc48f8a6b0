# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Reminders: their texts (beginning, ending, e-mail body, attachment), filled
in the customer's language when the reminder is created, refreshed by
"Update texts"; the placeholders are the engine's (``engine.reminder_texts``)."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty

from ..engine import reminder_texts
from .collection_formats import LanguageFormats

TEXT_FIELDS = reminder_texts.TEXT_FIELDS


class CollectionReminder(models.Model):
    _inherit = "collection.reminder"  # pylint: disable=consider-merging-classes-inherited

    beginning_text = fields.Html(
        compute="_compute_texts", store=True, readonly=False, copy=False,
        help="Printed above the lines: the level's beginning text in the customer's "
        "language, filled when the reminder is created; Update Texts fills it again.",
    )
    ending_text = fields.Html(
        compute="_compute_texts", store=True, readonly=False, copy=False,
        help="Printed below the totals: the level's ending text, filled as the "
        "beginning text.",
    )
    email_body_text = fields.Html(
        string="E-mail Body Text", compute="_compute_texts", store=True, readonly=False,
        copy=False,
        help="The e-mail's text: the level's, else the terms' e-mail body text.",
    )
    attachment_text = fields.Html(
        compute="_compute_texts", store=True, readonly=False, copy=False,
        help="The e-mail's text about the attached reminder: the level's, else the terms'.",
    )

    @api.depends("level_id", "partner_id")
    def _compute_texts(self):
        langs = {reminder._text_lang(reminder.partner_id) for reminder in self}
        sources = self._text_sources(self.level_id, langs)
        formats = {lang: LanguageFormats(self.env, lang) for lang in langs}
        for reminder in self:
            lang = reminder._text_lang(reminder.partner_id)
            overdue = reminder.line_ids.filtered(lambda line: line.line_type == "overdue")
            values = reminder._text_values(
                lang, reminder.currency_id, reminder.company_id, reminder.level,
                reminder.date, reminder.due_date,
                max(overdue.mapped("days_overdue"), default=0),
                reminder.remaining_amount, reminder.interest_amount, reminder.fee_amount,
                reminder.total_due, formats[lang],
            )
            reminder.update(self._render_texts(
                sources.get((reminder.level_id.id, lang), {}), values))

    def action_update_texts(self):
        """Fill the texts again from the level and the terms, in the customer's
        language, with the reminder's current amounts and dates."""
        not_draft = self.filtered(lambda r: r.state != "draft")
        if not_draft:
            raise UserError(_(
                "Only the texts of draft reminders are updated: %(names)s.",
                names=", ".join(not_draft.mapped("display_name")),
            ))
        self._compute_texts()
        return True

    @api.model
    def _text_lang(self, partner):
        """The language of a customer's texts: the customer's, else the user's."""
        return partner.lang or self.env.lang or "en_US"

    @api.model
    def _text_sources(self, levels, langs):
        """``{(level id, lang): {text field: html}}``: the levels' texts in each
        of ``langs``, the e-mail and attachment texts falling back to the
        terms'. One read of the levels and their terms per language, whatever
        the number of reminders. Each text is sanitized here, once (as the
        reminder's field sanitizes): filled with escaped values it stays
        sanitized, so that the bulk insert does not sanitize every reminder's
        texts (a millisecond each)."""
        sources = {}
        for lang in langs:
            for level in levels.with_context(lang=lang):
                term = level.term_id
                texts = {
                    "beginning_text": level.beginning_text,
                    "ending_text": level.ending_text,
                    "email_body_text": level.email_body_text
                    if not is_html_empty(level.email_body_text) else term.email_body_text,
                    "attachment_text": level.attachment_text
                    if not is_html_empty(level.attachment_text) else term.attachment_text,
                }
                sources[(level.id, lang)] = {
                    name: self._fields[name].convert_to_cache(text, self) if text else text
                    for name, text in texts.items()}
        return sources

    @api.model
    def _text_values(self, lang, currency, company, level, date, due_date, days_overdue,
                     open_amount, interest, fees, total, formats=None):
        """The placeholders' values, formatted in ``lang`` (``formats``: its
        :class:`LanguageFormats`, made once for many reminders)."""
        formats = formats or LanguageFormats(self.env, lang)
        digits = currency.decimal_places

        def amount(value):
            return formats.amount(value, digits)

        return {
            "document_date": formats.date(date),
            "due_date": formats.date(due_date),
            "days_overdue": str(days_overdue or 0),
            "open_amount": amount(open_amount),
            "interest": amount(interest),
            "fees": amount(fees),
            "total": amount(total),
            "level": str(level or ""),
            "currency": currency.name or "",
            "company": company.name or "",
        }

    @api.model
    def _render_texts(self, source, values):
        """``{text field: html}``: ``source``'s texts filled with ``values``
        (False for an empty one)."""
        return {
            name: False if is_html_empty(source.get(name))
            else reminder_texts.render(str(source[name]), values)
            for name in TEXT_FIELDS
        }

    @api.model
    def _proposal_text_rows(self, proposal, partner, currency, company, date, sources,
                            amounts, formats=None):
        """The text columns of the draft reminder ``proposal`` for the bulk
        insert: exactly what :meth:`_compute_texts` stores. ``sources`` as
        :meth:`_text_sources` (None: read for this one), ``amounts`` the
        reminder's ``(remaining, fee, interest, total)`` as stored,
        ``formats`` the batch's :class:`LanguageFormats` by language."""
        lang = self._text_lang(partner)
        if sources is None or (proposal.level_id, lang) not in sources:
            sources = self._text_sources(
                self.env["collection.reminder.level"].browse(proposal.level_id), {lang})
        source = sources.get((proposal.level_id, lang), {})
        if all(is_html_empty(source.get(name)) for name in TEXT_FIELDS):
            return dict.fromkeys(TEXT_FIELDS)  # nothing to fill: no value to format
        if formats is None:
            formats = {}
        if lang not in formats:
            formats[lang] = LanguageFormats(self.env, lang)
        remaining, fee, interest, total = amounts
        values = self._text_values(
            lang, currency, company, proposal.level, date, proposal.due_date,
            max((line.days_overdue for line in proposal.lines if line.line_type == "overdue"),
                default=0),
            remaining, interest, fee, total, formats[lang],
        )
        texts = self._render_texts(source, values)
        # Sanitized sources, escaped values: what create() stores (sanitizing
        # it again gives it back), without sanitizing each reminder's texts.
        return {name: str(value) if value else None for name, value in texts.items()}
