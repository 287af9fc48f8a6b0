# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Collections process automation (Dynamics 365 Finance): the process
hierarchy's configuration (fields, constraints, smart buttons).

The engine (``engine/process.py``) decides; ``collection_process_decide.py``
gathers the facts it needs and ``collection_process_run.py`` applies its
decisions; ``collection_process_step.py`` holds the steps and
``collection_document.py`` produces the e-mails and letters.
"""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..engine import channels as channel_engine
from ..engine import process as process_engine
from ..engine import vocabulary
from ..engine.errors import ConfigError
from ..engine.reasons import Reason
from .collection_reason import reason_renderer

BATCH_SIZE = 500  # customers per batch of a run (collection_process_decide.py)


class CollectionProcess(models.Model):
    _name = "collection.process"
    _description = "Collections Process Hierarchy"
    _inherit = ["mail.thread"]
    _order = "rank, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    pool_id = fields.Many2one(
        "collection.pool",
        string="Customer Pool",
        tracking=True,
        index=True,
        domain="[('company_id', '=', company_id)]",
        help="The customers this process works; a pool belongs to one process at most.",
    )
    rank = fields.Integer(
        required=True,
        default=10,
        tracking=True,
        help="When a customer is in the pools of several processes, the "
        "process of lowest rank takes them.",
    )
    quiet_days = fields.Integer(
        tracking=True,
        help="No automated action for a customer within this many days of the "
        "previous one, even if the leading invoice was paid meanwhile.",
    )
    exclude_mode = fields.Selection(
        vocabulary.EXCLUDE_MODES,
        string="Exclude from Process",
        required=True,
        default="none",
        tracking=True,
    )
    exclude_amount = fields.Monetary(
        string="Exclusion Amount", currency_field="company_currency_id", tracking=True
    )
    use_prediction = fields.Boolean(
        tracking=True,
        help="Schedule a 'Payment predictions' activity on invoices about to fall "
        "due of customers whose payment history predicts a late payment.",
    )
    # Payment prediction as D365 presents it: an activity type and a threshold
    # (percent) per class.
    prediction_late_activity_type_id = fields.Many2one(
        "mail.activity.type", string="Late Payment Activity",
        domain="[('res_model', 'in', (False, 'account.move'))]",
        help="The activity for an invoice likely to be paid late. Empty: the payment "
        "predictions activity of the settings.")
    prediction_late_threshold = fields.Integer(
        string="Late Payment Threshold (%)", default=50, tracking=True,
        help="An invoice whose probability of a late payment (late or very late) reaches "
        "this percentage gets the late payment activity.")
    prediction_very_late_activity_type_id = fields.Many2one(
        "mail.activity.type", string="Very Late Payment Activity",
        domain="[('res_model', 'in', (False, 'account.move'))]",
        help="The activity for an invoice likely to be paid very late. Empty: the payment "
        "predictions activity of the settings.")
    prediction_very_late_threshold = fields.Integer(
        string="Very Late Payment Threshold (%)", default=50, tracking=True,
        help="An invoice whose probability of a very late payment reaches this percentage "
        "gets the very late payment activity.")
    track_step = fields.Boolean(
        tracking=True,
        help="Take an item's steps one after the other and never one twice: when the "
        "item comes back (resolved, promise broken, taken off hold) the process resumes "
        "at the step after the last one done for it. Off: the step reached by today.",
    )
    exclude_after_last_step = fields.Boolean(
        tracking=True,
        help="An item that has had the process's last step leaves the process; the next "
        "oldest item leads.",
    )
    reply_pause_days = fields.Integer(
        string="Pause after a Reply", default=7, tracking=True,
        help="When a customer replies to a collections e-mail, the process leaves them "
        "alone for this many days (their reply goes to the agent as an activity).")
    create_audit_activity = fields.Boolean(
        tracking=True,
        help="Each e-mail or letter the process sends also leaves a done activity on the "
        "customer, as an audit trail (Dynamics 365's 'Create activity' on a collections "
        "process).",
    )
    step_ids = fields.One2many("collection.process.step", "process_id", string="Process Details",
                               copy=True)
    user_id = fields.Many2one(
        "res.users",
        string="E-mail Author",
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        help="The user who signs the process's automated e-mails.",
    )
    email_from = fields.Char(
        string="Sender Address",
        help="The From address of the automated e-mails; empty means the "
        "template's, else the author's.",
    )
    description = fields.Text(translate=True)
    action_count = fields.Integer(compute="_compute_action_count", string="History")
    partner_count = fields.Integer(compute="_compute_partner_count", string="Customers")

    # ------------------------------------------------------------------
    # Constraints: refuse bad input naming the field and the value
    # ------------------------------------------------------------------
    @api.constrains("quiet_days", "exclude_mode", "exclude_amount", "exclude_after_last_step",
                    "prediction_late_threshold", "prediction_very_late_threshold",
                    "reply_pause_days")
    def _check_engine_rules(self):
        for process in self:
            process._collection_validate()

    def _collection_validate(self):
        """The engine's ``validate_process`` on the process and its steps; a
        refusal becomes a ValidationError naming the field and the value."""
        self.ensure_one()
        try:
            process_engine.validate_process(self._collection_engine_config())
        except ConfigError as error:
            raise self._collection_config_error(error) from error
        except ValueError as error:  # a rule without its field: say it as it is
            raise ValidationError(str(error)) from error

    def _collection_config_error(self, error):
        """The ValidationError saying the engine's ``ConfigError`` in the user's
        language, with the label of the field of the process or of its step."""
        self.ensure_one()
        step = self.step_ids.browse(error.step_id) if error.step_id else None
        owners = (step,) if step is not None else (self, self.step_ids, self.company_id)
        field = next((owner._fields[error.field] for owner in owners
                      if error.field in owner._fields), None)
        label = field._description_string(self.env) if field else error.field
        if error.rule == "one_only":
            return ValidationError(_(
                "Pre-reminder: set on %(steps)s of process %(process)s; one step "
                "per process at most.",
                steps=", ".join(self.step_ids.browse(error.value).mapped("name")),
                process=self.name))
        if error.rule == "before_due_only" and step is not None:
            timings = dict(step._fields["timing"]._description_selection(self.env))
            return ValidationError(_(
                "%(field)s: step %(step)s acts %(timing)s, %(days)s days; a pre-reminder "
                "warns before the due date (When: %(before)s, Days: 1 or more).",
                field=label, step=step.name, timing=timings.get(step.timing, step.timing),
                days=step.days, before=timings.get("before")))
        # The fields' own texts first (translated as they are), then a general one.
        if error.rule == "negative" and error.field == "days" and step is not None:
            return ValidationError(_(
                "Days: %(value)s is negative on step %(step)s; use 'When' to act before "
                "the due date.", value=error.value, step=step.name))
        if error.rule == "negative" and error.field == "activity_days" and step is not None:
            return ValidationError(_("Days to Complete: %(value)s is negative on step "
                                     "%(step)s.", value=error.value, step=step.name))
        if error.rule == "negative" and error.field == "quiet_days":
            return ValidationError(_(
                "Quiet days: %(value)s is negative; use 0 or more days.", value=error.value))
        if error.rule == "negative" and error.field == "exclude_amount":
            return ValidationError(_(
                "Exclusion Amount: %(value)s is negative.", value=error.value))
        if error.rule == "negative":
            return ValidationError(_(
                "%(field)s: %(value)s is negative; use 0 or more.",
                field=label, value=error.value))
        if error.rule in ("required", "loop") and step is not None:
            return self._collection_channel_config_error(error, step, label)
        if error.rule == "needs_steps":
            return ValidationError(_(
                "%(field)s: set on process %(process)s, which has no step after the due date "
                "or before it other than a pre-reminder; add a step or clear the option.",
                field=label, process=self.name))
        return ValidationError(_(
            "%(field)s: %(value)s is not a valid value.", field=label, value=error.value))

    def _collection_channel_config_error(self, error, step, label):
        """A refused SMS template or fallback chain, said through the engine's
        message ids (``engine.channels``) in the user's language."""
        types = dict(step._fields["action_type"]._description_selection(self.env))
        if error.rule == "loop":
            reason = Reason.of(channel_engine.FALLBACK_LOOP, field=label, step=step.name,
                               chain=" → ".join(types.get(t, t) for t in error.value))
        else:
            reason = Reason.of(channel_engine.SMS_TEMPLATE_REQUIRED, field=label,
                               step=step.name)
        return ValidationError(reason_renderer(self.env)(reason))

    @api.constrains("rank", "company_id", "active")
    def _check_rank_unique(self):
        for process in self.filtered("active"):
            other = self.search([
                ("id", "!=", process.id),
                ("company_id", "=", process.company_id.id),
                ("rank", "=", process.rank),
            ], limit=1)
            if other:
                raise ValidationError(_(
                    "Rank: %(rank)s is already the rank of process %(other)s in %(company)s; "
                    "each process of a company needs its own rank.",
                    rank=process.rank, other=other.display_name,
                    company=process.company_id.display_name))

    @api.constrains("pool_id", "active")
    def _check_pool_unique(self):
        for process in self.filtered(lambda p: p.active and p.pool_id):
            if process.pool_id.company_id != process.company_id:
                raise ValidationError(_(
                    "Customer Pool: %(pool)s belongs to another company than process %(process)s.",
                    pool=process.pool_id.display_name, process=process.display_name))
            other = self.search([("id", "!=", process.id), ("pool_id", "=", process.pool_id.id)],
                                limit=1)
            if other:
                raise ValidationError(_(
                    "Customer Pool: %(pool)s is already the pool of process %(other)s; "
                    "a pool belongs to one process at most.",
                    pool=process.pool_id.display_name, other=other.display_name))

    # ------------------------------------------------------------------
    # Computes and smart buttons
    # ------------------------------------------------------------------
    def _compute_action_count(self):
        counts = dict(self.env["collection.action"]._read_group(
            [("process_id", "in", self.ids)], ["process_id"], ["__count"]))
        for process in self:
            process.action_count = counts.get(process, 0)

    def _compute_partner_count(self):
        by_company = self.filtered("id").grouped("company_id")
        counts = {}
        for company, processes in by_company.items():
            plan = processes.with_company(company)._collection_plan()
            counts.update({pid: len(ids) for pid, ids in plan.items()})
        for process in self:
            process.partner_count = counts.get(process.id, 0)

    def action_view_history(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_collections_automation.collection_action_action")
        action["domain"] = [("process_id", "in", self.ids)]
        action["context"] = {"search_default_group_step": 1} if len(self) == 1 else {}
        return action

    def action_preview_partners(self):
        """Preview process assignment: the customers a run would take, and why."""
        self.ensure_one()
        return self.env["collection.assignment.preview"]._open_for_process(self)

    def action_manual_assignment(self):
        """The customers assigned to this process by hand; the wizard changes them."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_collections_automation.res_partner_action_collections")
        action.update(
            name=_("Manually assigned to %s", self.display_name),
            domain=[("collection_process_id", "=", self.id)],
            context={"default_collection_process_id": self.id},
        )
        return action

    def action_simulate(self):
        return self.env["collection.simulation"]._open_for(self)

    def action_run(self):
        """Run now: take today's actions, then show them in the history. Their
        e-mails and letters follow from the document queue, started at once."""
        actions = self.run()
        if not actions:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {"type": "info", "message": _("Nothing to do today.")},
            }
        action = self.action_view_history()
        action["domain"] = [("id", "in", actions.ids)]
        return action
