# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Collections process steps: who receives an SMS (the engine's recipient
rule) and the phone call's responsible."""

from odoo import _, models
from odoo.exceptions import UserError

from ..engine import recipients as recipient_engine


class CollectionProcessStep(models.Model):
    _inherit = "collection.process.step"  # pylint: disable=consider-merging-classes-inherited

    def _collection_sms_recipient(self, partner):
        """``(partner, number)`` the step's SMS goes to: the collections
        contact's mobile, else the customer's (the engine's rule), formatted
        for sending; UserError naming who has no usable number."""
        self.ensure_one()
        candidates = partner | partner.collection_contact_id
        numbers = {
            candidate.id: candidate._phone_format(number=candidate.mobile, force_format="E164")
            for candidate in candidates if candidate.mobile}
        contacts = recipient_engine.Contacts(
            customer_id=partner.id,
            collections_contact_id=partner.collection_contact_id.id,
            with_mobile=frozenset(pid for pid, number in numbers.items() if number),
        )
        recipient_id, refusal = recipient_engine.sms_recipient(contacts)
        recipient = self.env["res.partner"].browse(recipient_id)
        if refusal == "no_mobile":
            mobile = recipient.mobile
            if mobile:
                raise UserError(_("%(recipient)s has no usable mobile number: %(number)s "
                                  "cannot be dialled.", recipient=recipient.display_name,
                                  number=mobile))
            raise UserError(_("%(recipient)s has no mobile number.",
                              recipient=recipient.display_name))
        return recipient, numbers[recipient.id]
