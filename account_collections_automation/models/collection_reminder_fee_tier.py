# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Reminder levels: the tiers of their dynamic fees (Business Central's
"additional fee setup"); the calculation is ``engine/fees.py``."""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..engine import fees
from ..engine.errors import ConfigError


class CollectionReminderFeeTier(models.Model):
    """One tier of a reminder level's single or accumulated dynamic fee."""

    _name = "collection.reminder.fee.tier"
    _description = "Reminder Level Fee Tier"
    _order = "level_id, per_line, currency_id, threshold, id"

    level_id = fields.Many2one(
        "collection.reminder.level", required=True, ondelete="cascade", index=True,
    )
    company_id = fields.Many2one(related="level_id.company_id", store=True, index=True)
    per_line = fields.Boolean(
        help="A line fee: computed on each invoice the reminder raises to a level it had not "
        "reached, on its remaining amount (once per invoice and level). Otherwise on the "
        "reminder's remaining amount.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        help="The reminders in this currency use these tiers. Empty: the company currency; "
        "reminders in a currency without tiers of their own use the company currency's, "
        "converted at the posting date.",
    )
    amount_currency_id = fields.Many2one("res.currency", compute="_compute_amount_currency_id")
    threshold = fields.Monetary(
        string="Remaining Amount From", currency_field="amount_currency_id",
        help="The tier applies from this remaining amount on.",
    )
    fixed_amount = fields.Monetary(
        string="Additional Fee", currency_field="amount_currency_id",
    )
    percentage = fields.Float(
        string="Additional Fee %", digits=(16, 4),
        help="Percentage of the remaining amount (single dynamic) or of the part above the "
        "threshold (accumulated dynamic).",
    )
    minimum_amount = fields.Monetary(
        string="Min. Additional Fee", currency_field="amount_currency_id",
    )
    maximum_amount = fields.Monetary(
        string="Max. Additional Fee", currency_field="amount_currency_id",
        help="0 means no maximum.",
    )

    @api.depends("currency_id", "level_id.currency_id")
    def _compute_amount_currency_id(self):
        for tier in self:
            tier.amount_currency_id = tier.currency_id or tier.level_id.currency_id

    def _tier(self):
        """The engine's FeeTier."""
        self.ensure_one()
        return fees.FeeTier(
            threshold=self.threshold,
            fixed_amount=self.fixed_amount,
            percentage=self.percentage,
            minimum_amount=self.minimum_amount,
            maximum_amount=self.maximum_amount,
            per_line=self.per_line,
            currency_id=self.currency_id.id or None,
            level=self.level_id.level,
            id=self.id,
        )

    @api.constrains("level_id", "per_line", "currency_id", "threshold", "fixed_amount",
                    "percentage", "minimum_amount", "maximum_amount")
    def _check_tiers(self):
        for level in self.level_id:
            tiers = level.fee_tier_ids
            try:
                fees.validate_tiers([tier._tier() for tier in tiers],
                                    level.company_id.currency_id.id)
            except ConfigError as error:
                raise tiers._config_error(error) from error

    def _refused(self):
        """Whether the engine refuses this tier on its own."""
        try:
            fees.validate_tier(self._tier())
        except ConfigError:
            return True
        return False

    def _config_error(self, error):
        """The ValidationError saying the engine's refusal of a tier, with the
        field's label, the value, the level and the currency."""
        if error.rule == "overlap":
            tier = self.filtered(lambda t: t._tier().threshold == error.value)[:1]
        else:
            tier = self.filtered(lambda t: t._refused())[:1]
        tier = tier or self[:1]
        label = self._fields[error.field]._description_string(self.env)
        where = _(
            "%(level)s, %(currency)s %(kind)s",
            level=tier.level_id.display_name,
            currency=tier.amount_currency_id.name or "",
            kind=_("line fee tiers") if tier.per_line else _("fee tiers"),
        )
        if error.rule == "overlap":
            message = _("%(field)s: two tiers of %(where)s start from %(value)s.",
                        field=label, where=where, value=error.value)
        elif error.rule == "above_maximum":
            message = _(
                "%(field)s: %(value)s is above the maximum %(maximum)s (%(where)s).",
                field=label, value=error.value, maximum=tier.maximum_amount, where=where)
        elif error.rule == "over_100":
            message = _("%(field)s: %(value)s must be 100 or less (%(where)s).",
                        field=label, value=error.value, where=where)
        else:
            message = _("%(field)s: %(value)s must not be negative (%(where)s).",
                        field=label, value=error.value, where=where)
        return ValidationError(message)
