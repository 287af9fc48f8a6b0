# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import dataclasses

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..engine import reminder_validation
from ..engine.errors import ConfigError


class CollectionReminderLevelFee(models.Model):
    """A level's fees in another currency than the company's."""

    _name = "collection.reminder.level.fee"
    _description = "Reminder Level Fee per Currency"

    level_id = fields.Many2one(
        "collection.reminder.level", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="level_id.company_id", store=True)
    currency_id = fields.Many2one("res.currency", required=True)
    additional_fee = fields.Monetary(currency_field="currency_id")
    fee_per_line = fields.Monetary(string="Additional Fee per Line", currency_field="currency_id")

    _sql_constraints = [
        ("level_currency_uniq", "unique(level_id, currency_id)",
         "A level has one row of fees per currency."),
    ]

    @api.constrains("additional_fee", "fee_per_line")
    def _check_amounts(self):
        for fee in self:
            config = dataclasses.replace(
                fee.level_id._level_config(),
                additional_fee=fee.additional_fee, fee_per_line=fee.fee_per_line)
            try:
                reminder_validation.validate_level(config)
            except ConfigError as error:
                if error.field not in fee._fields:
                    raise fee.level_id._config_error(error) from error
                raise ValidationError(_(
                    "%(field)s in %(currency)s: %(value)s must not be negative.",
                    field=fee._fields[error.field]._description_string(self.env),
                    currency=fee.currency_id.name,
                    value=error.value,
                )) from error
