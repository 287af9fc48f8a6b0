# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The weights of the ranked worklist's priority score (engine.worklist), per company."""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..engine import worklist
from ..engine.errors import ConfigError

# The company field of each of the engine's factors.
WEIGHT_FIELDS = {factor: f"collection_worklist_weight_{factor}" for factor in worklist.FACTORS}
_DEFAULTS = worklist.Weights()


def _weight(factor, label, help_text):
    return fields.Float(string=label, default=float(getattr(_DEFAULTS, factor)), help=help_text)


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    collection_worklist_weight_overdue_amount = _weight(
        "overdue_amount", "Worklist Weight: Overdue Amount",
        "Points the overdue amount is worth at most in the worklist's priority score "
        "(half of them at 5,000 in company currency).")
    collection_worklist_weight_overdue_age = _weight(
        "overdue_age", "Worklist Weight: Oldest Overdue",
        "Points the age of the oldest overdue item is worth at most (all of them at "
        "120 days past due).")
    collection_worklist_weight_risk = _weight(
        "risk", "Worklist Weight: Risk Score",
        "Points the customer's risk score (0-100) is worth at most.")
    collection_worklist_weight_broken_promises = _weight(
        "broken_promises", "Worklist Weight: Broken Promises",
        "Points the promises to pay broken in the last year are worth at most (all of "
        "them at 3).")
    collection_worklist_weight_no_contact = _weight(
        "no_contact", "Worklist Weight: Time Since Last Contact",
        "Points the days since the last contact are worth at most (all of them at 30 "
        "days, or when never contacted).")
    collection_worklist_weight_activities_due = _weight(
        "activities_due", "Worklist Weight: Activities Due",
        "Points the customer's activities due are worth at most (all of them at 3).")
    collection_worklist_weight_predicted_lateness = _weight(
        "predicted_lateness", "Worklist Weight: Predicted Lateness",
        "Points the predicted days late are worth at most (all of them at 30 days), "
        "when the payment predictor expects the customer to pay late.")

    @api.constrains(*WEIGHT_FIELDS.values())
    def _check_collection_worklist_weights(self):
        for company in self:
            try:
                worklist.validate_weights(
                    {name: company[name] for name in WEIGHT_FIELDS.values()})
            except ConfigError as error:
                raise ValidationError(_(
                    "%(field)s: %(value)s is below 0; a weight must be 0 or more.",
                    field=self._fields[error.field]._description_string(self.env),
                    value=error.value)) from error

    def _collection_worklist_weights(self):
        """The company's weights, as the engine's ``Weights``."""
        self.ensure_one()
        return worklist.Weights(**{factor: self[name] for factor, name in WEIGHT_FIELDS.items()})
