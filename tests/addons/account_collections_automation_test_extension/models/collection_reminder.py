# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models


class CollectionReminder(models.Model):
    """Extends reminders as another module would: a stored field with a
    default, and an override of ``create``."""

    _inherit = "collection.reminder"

    test_extension_tag = fields.Char(default="set by the extension's default")
    test_extension_created_by = fields.Char(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals["test_extension_created_by"] = "the extension's create()"
        return super().create(vals_list)


class CollectionReminderLine(models.Model):
    _inherit = "collection.reminder.line"

    test_extension_tag = fields.Char(default="set by the extension's default")
