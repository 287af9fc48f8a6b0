from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    collection_aging_boundaries = fields.Char(
        related="company_id.collection_aging_boundaries", readonly=False
    )
