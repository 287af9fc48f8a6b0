# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..engine import channels as channel_engine
from ..engine import vocabulary
from ..engine.amounts import to_decimal
from ..engine.errors import ConfigError
from ..engine.reasons import Reason
from ..models.collection_reason import reason_renderer


class CollectionCallOutcomeWizard(models.TransientModel):
    """The outcome of a process's phone call, picked by the agent when the call
    is done: it goes to the history, sets the item's status through the status
    wizard (a promise, a dispute), calls again after no answer up to the step's
    limit, and runs the step's fallback when the call failed."""

    _name = "collection.call.outcome.wizard"
    _description = "Collections Call Outcome"

    action_id = fields.Many2one("collection.action", string="Call", required=True,
                                readonly=True)
    partner_id = fields.Many2one(related="action_id.partner_id")
    move_id = fields.Many2one(related="action_id.move_id")
    currency_id = fields.Many2one(related="action_id.move_id.currency_id")
    outcome = fields.Selection(vocabulary.CALL_OUTCOMES, required=True, default="reached")
    promise_date = fields.Date(string="Promised Payment Date")
    promise_amount = fields.Monetary(string="Promised Amount", currency_field="currency_id")
    dispute_reason_id = fields.Many2one("collection.dispute.reason", string="Dispute Reason")
    note = fields.Text(string="What was said")

    @api.model
    def _open_for(self, action):
        return {
            "type": "ir.actions.act_window",
            "name": _("Call outcome"),
            "res_model": self._name,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_action_id": action.id,
                        "default_promise_amount": action.move_id.amount_residual},
        }

    def _check(self):
        """The engine's rule; a refusal names the field and the value."""
        try:
            channel_engine.validate_call_outcome(
                self.outcome, self.promise_date,
                to_decimal(self.promise_amount) if self.outcome == "promise" else None)
        except ConfigError as error:
            field = self._fields.get(error.field)
            label = field._description_string(self.env) if field else error.field
            outcomes = dict(self._fields["outcome"]._description_selection(self.env))
            if error.rule == "required":
                raise ValidationError(reason_renderer(self.env)(Reason.of(
                    channel_engine.PROMISE_DATE_REQUIRED, field=label,
                    outcome=outcomes.get(self.outcome)))) from error
            raise ValidationError(_("%(field)s: %(value)s is not a valid value.",
                                    field=label, value=error.value)) from error

    def action_apply(self):
        self.ensure_one()
        action = self.action_id
        if action.action_type != "phone_call":
            raise UserError(_("%(action)s is not a phone call.", action=action.display_name))
        self._check()
        today = fields.Date.context_today(self)
        attempts = action.call_attempts + (1 if self.outcome == "no_answer" else 0)
        step = action.step_id
        effect = channel_engine.call_effect(self.outcome, attempts, step.call_retry_limit)
        if effect.status and action.move_id:
            # The statuses' own rules (issue 14): the status wizard applies them.
            self.env["collection.status.wizard"].create({
                "move_ids": [fields.Command.set(action.move_id.ids)],
                "collection_status": effect.status,
                "promise_date": self.promise_date if effect.status == "promised" else False,
                "promise_amount": self.promise_amount if effect.status == "promised" else 0.0,
                "dispute_reason_id": self.dispute_reason_id.id
                if effect.status == "disputed" else False,
                "note": self.note if effect.status == "disputed" else False,
            }).action_apply()
        outcomes = dict(self._fields["outcome"]._description_selection(self.env))
        feedback = outcomes[self.outcome] + (f": {self.note}" if self.note else "")
        activity = action.activity_id
        if activity and activity.active:
            activity.action_feedback(feedback=feedback)
        values = {"call_outcome": self.outcome, "call_attempts": attempts}
        error = False
        if effect.failed:
            render = reason_renderer(self.env)
            if self.outcome == "wrong_number":
                number = action.partner_id.collection_contact_id.mobile \
                    or action.partner_id.mobile or action.partner_id.phone or ""
                error = render(Reason.of(channel_engine.WRONG_NUMBER_REASON, number=number))
            else:
                error = render(Reason.of(channel_engine.NO_ANSWER_LIMIT, count=attempts))
            values.update(state="failed", error=error)
        elif effect.retry:
            # Call again tomorrow, up to the step's limit.
            retry = self.env["collection.document"]._collection_call_activity(
                action.process_id.with_company(action.company_id), step, action.partner_id,
                action.move_id, fields.Date.add(today, days=1))
            values["activity_id"] = retry.id
        action.write(values)
        if effect.failed:
            fallback = action._collection_create_fallback(error=error, today=today)
            if fallback:
                self.env["collection.action"]._collection_produce_documents(fallback.ids)
        return {"type": "ir.actions.act_window_close"}
