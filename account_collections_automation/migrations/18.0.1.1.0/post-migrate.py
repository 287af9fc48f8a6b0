# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""18.0.1.1.0: the collections history keeps the engine's reason as data
(``reason_data``: a message id and its values, shown in the reader's
language); ``reason`` became computed from it. The reasons written before, as
English text in the old ``reason`` column, are kept as that text."""

from odoo.tools.sql import column_exists


def keep_text_reasons(cr):
    """Copy the old text reasons into ``reason_data`` where it is empty; a
    database made after the change has no ``reason`` column: nothing to do."""
    if not column_exists(cr, "collection_action", "reason"):
        return 0
    cr.execute("""
        UPDATE collection_action
           SET reason_data = to_jsonb(reason)
         WHERE reason_data IS NULL
           AND COALESCE(reason, '') != ''
    """)
    return cr.rowcount


def migrate(cr, version):
    if version:
        keep_text_reasons(cr)
