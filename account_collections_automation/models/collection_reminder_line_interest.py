# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Reminders: the interest calculation of a reminder line in words (days,
yearly rate, base), as ``engine.reminders`` computed it: the days from the
later of the item's due date and its previous reminder's date to the
reminder's date, the level's yearly rate, on the remaining amount."""

from odoo import api, fields, models
from odoo.tools.misc import formatLang


class CollectionReminderLine(models.Model):
    _inherit = "collection.reminder.line"  # pylint: disable=consider-merging-classes-inherited

    interest_calculation = fields.Char(
        compute="_compute_interest_calculation",
        help="How the line's interest was computed: the days, the yearly rate and the base.")

    @api.depends("interest_amount", "amount_residual", "due_date", "level", "line_type",
                 "reminder_id.date", "reminder_id.state", "previous_reminder_date")
    def _compute_interest_calculation(self):
        for line in self:
            reminder = line.reminder_id
            level = reminder.term_id.level_ids.filtered(lambda lv, n=line.level: lv.level == n)
            if line.line_type != "overdue" or not line.interest_amount or not level:
                line.interest_calculation = False
                continue
            # The previous reminder's date: kept on the line once this one raised
            # the item's level, still on the item otherwise.
            previous = (line.previous_reminder_date
                        if reminder.state == "issued" and line.new_level
                        else line.move_line_id.collection_last_reminder_date)
            start = max(filter(None, (line.due_date, previous or None)))
            lang = reminder.partner_id.lang or self.env.lang
            env = self.with_context(lang=lang).env
            line.interest_calculation = env._(
                "%(days)s days at %(rate)s%% a year on %(base)s",
                days=max((reminder.date - start).days, 0),
                rate=formatLang(env, level[:1].interest_rate, digits=2),
                base=formatLang(env, line.amount_residual,
                                digits=line.currency_id.decimal_places))
