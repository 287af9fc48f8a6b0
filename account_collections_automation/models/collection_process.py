# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Collections process automation (Dynamics 365 Finance): process hierarchies
and their steps.

The engine (``engine/process.py``) decides; this model gathers the facts it
needs in bulk, one batch of customers at a time, and applies its decisions.
``simulate`` and ``run`` share ``_collection_decisions`` so that a simulation
shows exactly what a run would do.
"""

import base64
import logging
from collections import defaultdict
from decimal import Decimal

from markupsafe import Markup
from psycopg2 import errors

from odoo import _, api, fields, models, modules
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, split_every

from ..engine import chase as chase_engine
from ..engine import prediction as prediction_engine
from ..engine import process as process_engine
from ..engine import recipients as recipient_engine
from ..engine import reminders as reminder_engine
from ..engine import vocabulary
from ..engine.amounts import to_decimal as _decimal
from ..engine.errors import ConfigError
from .collection_reason import render_reason

_logger = logging.getLogger(__name__)

MODULE = "account_collections_automation"
BATCH_SIZE = 500
STEP, PRE_REMINDER, PREDICTION = vocabulary.keys(vocabulary.DECISION_KINDS)


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
    @api.constrains("quiet_days", "exclude_mode", "exclude_amount")
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
        return ValidationError(_(
            "%(field)s: %(value)s is not a valid value.", field=label, value=error.value))

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

    # ------------------------------------------------------------------
    # Public API
    # ------------------------------------------------------------------
    def simulate(self, date=None):
        """The actions ``run`` would take for ``date``, as dicts; writes nothing.

        An empty recordset means every active process of the current company.
        """
        today = date or fields.Date.context_today(self)
        result = []
        for process, batch in self._collection_batches():
            for decision in process._collection_decisions(batch, today):
                result.append({
                    "date": today,
                    "partner_id": decision.partner_id,
                    "process_id": decision.process_id,
                    "step_id": decision.step_id or False,
                    "move_id": decision.move_id,
                    "action_type": decision.action_type,
                    "kind": decision.kind,
                    "reason": render_reason(self.env, decision.reason),
                })
        return result

    def run(self, date=None):
        """Take the actions due on ``date``; returns the ``collection.action`` created.

        An empty recordset means every active process of the current company.
        """
        return self._collection_run(date or fields.Date.context_today(self))

    @api.model
    def _cron_run_processes(self):
        """Daily: every active process of every company, in batches."""
        # Commit per batch so that a long run keeps what it did: only when
        # the cron server runs it (it sets cron_id), never in tests.
        commit = bool(self.env.context.get("cron_id")) and not modules.module.current_test
        processes = self.search([]).sudo()
        if not processes:
            return
        self._collection_run(fields.Date.context_today(self), processes=processes,
                             commit=commit, skip_locked=True)

    # ------------------------------------------------------------------
    # Assignment
    # ------------------------------------------------------------------
    @api.model
    def _collection_assignments(self, partner_ids=None):
        """The engine's ``Assignment`` of each customer in the current company.

        Customers of the pools of active processes and customers assigned by
        hand; ``partner_ids`` restricts to those customers (and gives each of
        them an assignment, possibly to none). One search per process.
        """
        company = self.env.company
        processes = self.search([("company_id", "=", company.id)])
        Partner = self.env["res.partner"]
        restrict = [("id", "in", list(partner_ids))] if partner_ids is not None else []
        pool_matches = defaultdict(list)
        for process in processes.filtered("pool_id"):
            domain = expression.AND([process.pool_id._partner_search_domain(), restrict])
            for partner_id in Partner.search(domain).ids:
                pool_matches[partner_id].append((process.rank, process.id))
        manual_partners = Partner.search(expression.AND([
            [("collection_process_id", "in", processes.ids)], restrict]))
        manual = {partner.id: partner.collection_process_id.id for partner in manual_partners}
        idle_pools = defaultdict(list)
        if partner_ids is not None:
            # Said of the given customers only (the preview): a run needs not know.
            for pool in self.env["collection.pool"].search(
                    [("company_id", "=", company.id), ("id", "not in", processes.pool_id.ids)]):
                domain = expression.AND([pool._partner_search_domain(), restrict])
                for partner_id in Partner.search(domain).ids:
                    idle_pools[partner_id].append(pool.display_name)
        for partner_id in partner_ids or ():
            pool_matches.setdefault(partner_id, [])
        return process_engine.assign(pool_matches, manual, idle_pools)

    def _collection_plan(self):
        """{process id: [partner ids]} the processes of ``self`` (one company) take."""
        plan = {process.id: [] for process in self}
        for assignment in self._collection_assignments().values():
            if assignment.process_id in plan:
                plan[assignment.process_id].append(assignment.partner_id)
        return plan

    def collection_preview_partners(self):
        """Preview process assignment: the customers this process would take."""
        self.ensure_one()
        process = self.with_company(self.company_id)
        return self.env["res.partner"].browse(process._collection_plan()[self.id])

    # ------------------------------------------------------------------
    # Facts and decisions (shared by simulate and run)
    # ------------------------------------------------------------------
    def _collection_targets(self):
        if self:
            return self.filtered("active")
        return self.search([("company_id", "=", self.env.company.id)])

    def _collection_batches(self, processes=None):
        """Yield ``(process, partner ids)`` batches, each process in its company."""
        processes = processes if processes is not None else self._collection_targets()
        for company, company_processes in processes.grouped("company_id").items():
            company_processes = company_processes.with_company(company)
            plan = company_processes._collection_plan()
            for process in company_processes:
                for batch in split_every(BATCH_SIZE, sorted(plan[process.id]), list):
                    yield process, batch

    def _collection_engine_config(self):
        self.ensure_one()
        return process_engine.ProcessConfig(
            id=self.id,
            rank=self.rank,
            quiet_days=self.quiet_days,
            exclude_mode=self.exclude_mode,
            exclude_amount=_decimal(self.exclude_amount),
            use_prediction=self.use_prediction,
            prediction_days_before=self.company_id.collection_prediction_days_before,
            steps=tuple(step._collection_step_config() for step in self.step_ids),
        )

    def _collection_customer_facts(self, partner_ids, today):
        """The engine's ``CustomerFacts`` of a batch of customers: one query for
        the open invoices, one for the history, one more for each optional fact
        the process uses (aged balance, payment prediction), whatever the size
        of the batch. Plain SQL rows feed the engine: no recordset per invoice."""
        self.ensure_one()
        company = self.company_id
        partner_ids = list(partner_ids)
        # The ledger's invoice-level read (see collection.ledger._open_invoices).
        invoices = defaultdict(list)
        OpenInvoice = process_engine.OpenInvoice
        for row in self.env["collection.ledger"]._open_invoices(company, partner_ids):
            invoices[row.customer_id].append(OpenInvoice(
                row.move_id, row.due_date, row.residual, row.total, row.on_hold, row.status,
                row.promise_date))
        # The aged balance (credit notes and unmatched payments included) only
        # matters to a process that excludes customers on it.
        balances = self._collection_balances(partner_ids, today) \
            if self.exclude_mode == "aged_balance" else {}
        done, last_contact = self.env["collection.action"]._collection_history(
            partner_ids, company)
        predictions = self._collection_predictions(partner_ids) if self.use_prediction else {}
        CustomerFacts = process_engine.CustomerFacts
        no_history = frozenset()
        zero = Decimal(0)
        return [
            CustomerFacts(
                partner_id,
                tuple(invoices.get(partner_id, ())),
                balances.get(partner_id, zero),
                last_contact.get(partner_id),
                frozenset(done[partner_id]) if partner_id in done else no_history,
                predictions.get(partner_id),
            )
            for partner_id in partner_ids
        ]

    def _collection_balances(self, partner_ids, today=None):
        """{customer id: receivable balance in company currency as of ``today``}:
        the ledger's aged balances, in one query."""
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        rows = self.env["collection.ledger"]._aged_balances(
            self.company_id, today, list(partner_ids), only_owing=False)
        return {row["customer_id"]: row["balance"] for row in rows}

    def _collection_payment_history(self, partner_ids):
        """{customer id: [PaymentRecord]}: each paid invoice installment, its
        due date and the date it was paid in full, from the ledger."""
        self.ensure_one()
        history = defaultdict(list)
        for line in self.env["collection.ledger"]._paid_items(
                self.company_id, list(partner_ids), move_type="out_invoice"):
            if line.date_maturity:
                history[line.customer_id].append(prediction_engine.PaymentRecord(
                    line.date_maturity, line.paid_date, line.balance))
        return history

    def _collection_predictions(self, partner_ids):
        history = self._collection_payment_history(partner_ids)
        return {partner_id: prediction_engine.predict(records)
                for partner_id, records in history.items()}

    def _collection_decisions(self, partner_ids, today):
        """The engine's decisions for a batch of this process's customers."""
        self.ensure_one()
        config = self._collection_engine_config()
        facts = self._collection_customer_facts(partner_ids, today)
        return process_engine.decide_many(config, facts, today)

    # ------------------------------------------------------------------
    # Run
    # ------------------------------------------------------------------
    def _collection_try_lock(self):
        """Take the process's lock for this transaction; False if another run has it."""
        self.ensure_one()
        return self.env["collection.ledger"]._try_lock("process", self.id)

    def _collection_run(self, today, processes=None, commit=False, skip_locked=False):
        processes = processes if processes is not None else self._collection_targets()
        self.env["collection.action"].check_access("create")
        actions = self.env["collection.action"]
        batches = list(self._collection_batches(processes))
        total = sum(len(batch) for _process, batch in batches)
        done_count = 0
        skipped = set()
        for process, batch in batches:
            if process.id in skipped:
                continue
            if not process._collection_try_lock():
                message = _("Process %(process)s is already running; try again when that run "
                            "is over.", process=process.display_name)
                if not skip_locked:
                    raise UserError(message)
                _logger.warning(message)
                skipped.add(process.id)
                continue
            batch_actions = process._collection_run_batch(batch, today)
            if batch_actions is None and commit:
                # Another run committed some of these actions after this
                # transaction began: a new transaction sees them; retry once.
                self.env.cr.commit()  # pylint: disable=invalid-commit  # per batch
                if process._collection_try_lock():
                    batch_actions = process._collection_run_batch(batch, today)
            if batch_actions is None:
                message = _("Process %(process)s: another run took actions for some of the same "
                            "customers meanwhile; nothing was done twice. Run it again to finish.",
                            process=process.display_name)
                if not skip_locked:
                    raise UserError(message)
                _logger.warning(message)
                skipped.add(process.id)
                continue
            actions |= batch_actions
            done_count += len(batch)
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit  # per batch
            self.env["ir.cron"]._notify_progress(done=done_count, remaining=total - done_count)
        if any(action.state == "queued" for action in actions):
            self.env.ref(f"{MODULE}.ir_cron_collection_documents").sudo()._trigger()
        return actions

    def _collection_run_batch(self, partner_ids, today):
        """Decide and apply one batch in a savepoint; None, with nothing of the
        batch kept, when another run committed actions for these customers
        after this transaction's snapshot was taken: the history's unique key
        (or another unique index on the way) then refuses a repeat."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                decisions = self._collection_decisions(partner_ids, today)
                return self._collection_apply(decisions, today)
        except (errors.UniqueViolation, errors.SerializationFailure) as error:
            if not self._collection_history_changed(partner_ids):
                raise
            _logger.info("Process %s: a concurrent run took some of the same actions (%s)",
                         self.id, getattr(error.diag, "constraint_name", None) or error.pgcode)
            return None

    def _collection_history_changed(self, partner_ids):
        """Whether another transaction committed history for these customers
        that this transaction cannot see (its snapshot is older)."""
        self.ensure_one()
        return self.env["collection.ledger"]._snapshot_changed("collection.action", SQL(
            "process_id = %s AND partner_id = ANY(%s)", self.id, list(partner_ids)))

    def _collection_apply(self, decisions, today):
        """Take the decisions of a batch: one ``collection.action`` per decision,
        created at once. Activities are scheduled now (done or failed); e-mails
        and letters are queued: the document queue renders and posts them
        (``collection.action._collection_produce_documents``), so that a run
        over thousands of customers does not wait for a template or a PDF
        per customer, and a document that fails does not hold up the run."""
        self.ensure_one()
        activities = [d for d in decisions if d.action_type == "activity"]
        results = self._collection_schedule_activities(activities, today) if activities else {}
        queued = {"state": "queued"}
        Action = self.env["collection.action"]
        vals_list = [
            {**Action._values_from_decision(decision, today), **results.get(decision, queued)}
            for decision in decisions
        ]
        return Action.create(vals_list)

    def _collection_produce_documents(self, documents_by_date):
        """Render and post the documents of queued e-mail and letter actions of
        this process: ``{date: [QueuedDocument]}`` (the date of the run that
        queued them). Returns {document: values for its ``collection.action``};
        a failure is recorded, not raised."""
        self.ensure_one()
        results = {}
        for today, documents in documents_by_date.items():
            emails = [d for d in documents if d.action_type == "email"]
            if emails:
                results.update(self._collection_send_emails(emails, today))
            letters = defaultdict(list)
            for document in documents:
                if document.action_type == "letter":
                    letters[document.partner_id].append(document)
            if letters:
                results.update(self._collection_create_letters(dict(letters), today))
        return results

    def _collection_activity_types(self):
        """The activity types of a batch's activities that are not the steps'
        own: (step default, payment prediction), looked up once per batch."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        prediction = (
            self.company_id.collection_prediction_activity_type_id
            or self.env.ref(f"{MODULE}.mail_activity_type_payment_prediction",
                            raise_if_not_found=False)
            or todo)
        return todo, prediction

    def _collection_activity_values(self, decision, partner, move, today, activity_types):
        default_type, prediction_type = activity_types
        if decision.kind == PREDICTION:
            user = partner.collection_agent_id or self.user_id or self.env.user
            return {
                "activity_type_id": prediction_type.id,
                "summary": self.company_id.collection_prediction_summary
                or _("Payment prediction"),
                # In the language of whoever does the activity.
                "note": Markup("<p>%s</p>") % render_reason(
                    self.with_context(lang=user.lang).env, decision.reason),
                "date_deadline": min(move.invoice_date_due, today) if move.invoice_date_due
                else today,
                "user_id": user.id,
            }
        step = self.step_ids.browse(decision.step_id)
        user = step._collection_responsible(partner, self)
        return {
            "activity_type_id": (step.activity_type_id or default_type).id,
            "summary": step.activity_summary or step.name,
            "note": step.activity_note or Markup("<p>%s</p>") % render_reason(
                self.with_context(lang=user.lang).env, decision.reason),
            "date_deadline": fields.Date.add(today, days=step.activity_days),
            "user_id": user.id,
        }

    def _collection_schedule_activities(self, decisions, today):
        """Activities on the leading (or pre-reminded) invoice, created at once;
        one by one only if the batch fails, so one failure does not stop the rest."""
        partners = self.env["res.partner"].browse({d.partner_id for d in decisions})
        moves = self.env["account.move"].browse({d.move_id for d in decisions})
        partners.fetch(["collection_agent_id", "user_id"])
        # Each activity stores its record's name: compute the names of the
        # batch's invoices at once, not one query per activity.
        moves.mapped("display_name")
        model_id = self.env["ir.model"]._get_id("account.move")
        activity_types = self._collection_activity_types()
        vals_list = []
        for decision in decisions:
            vals = self._collection_activity_values(
                decision, partners.browse(decision.partner_id), moves.browse(decision.move_id),
                today, activity_types)
            vals.update(res_model_id=model_id, res_id=decision.move_id)
            vals_list.append(vals)
        Activity = self.env["mail.activity"].with_context(mail_activity_quick_update=True)
        results = {}
        for round_ in self._collection_activity_rounds(decisions, vals_list):
            round_decisions = [decision for decision, _vals in round_]
            round_vals = [vals for _decision, vals in round_]
            try:
                with self.env.cr.savepoint():
                    activities = Activity.create(round_vals)
                results.update({d: {"state": "done", "activity_id": a.id}
                                for d, a in zip(round_decisions, activities, strict=True)})
                continue
            except (UserError, ValueError) as error:
                # Create them one by one below: the refused ones are recorded as failed.
                _logger.info("Activities refused as a batch (%s): one by one", error)
            for decision, vals in round_:
                try:
                    with self.env.cr.savepoint():
                        results[decision] = {"state": "done",
                                             "activity_id": Activity.create(vals).id}
                except (UserError, ValueError) as error:
                    results[decision] = {"state": "failed", "error": str(error)}
        return results

    @staticmethod
    def _collection_activity_rounds(decisions, vals_list):
        """Split a batch's activities into rounds created one after the other,
        each holding at most one activity per (invoice, responsible user).

        ``mail.activity.create`` subscribes each activity's responsible user to
        its record, all at once for the list: two activities of one user on one
        invoice in a list (a step and a pre-reminder, or a step and a payment
        prediction, on the same day) would subscribe the user twice to that
        invoice, which the followers' unique index refuses. A later round finds
        the user already following and subscribes nobody twice. There are as
        many rounds as activities on one invoice for one user (three at most),
        whatever the size of the batch."""
        rounds = []
        seen = defaultdict(int)
        for decision, vals in zip(decisions, vals_list, strict=True):
            key = (vals["res_model_id"], vals["res_id"], vals["user_id"])
            index = seen[key]
            seen[key] += 1
            if index == len(rounds):
                rounds.append([])
            rounds[index].append((decision, vals))
        return rounds

    def _collection_send_emails(self, decisions, today):
        """Render each e-mail in its recipient's language, post it in the
        customer's chatter and queue it; a failure is recorded, not raised."""
        results = {}
        partners = self.env["res.partner"].browse({d.partner_id for d in decisions})
        moves = self.env["account.move"].browse({d.move_id for d in decisions})
        moves.fetch(["name", "collection_on_hold", "collection_status",
                     "collection_promise_date"])
        for decision in decisions:
            partner = partners.browse(decision.partner_id)
            step = self.step_ids.browse(decision.step_id)
            move = moves.browse(decision.move_id)
            # The invoice may have been put on hold, disputed or promised since the run.
            held = chase_engine.hold_reason(move.collection_on_hold, move.collection_status,
                                            move.collection_promise_date, today)
            if held:
                results[decision] = {"state": "failed", "error": _(
                    "Not sent: invoice %(invoice)s is no longer chased (%(reason)s).",
                    invoice=move.name, reason=held)}
                continue
            try:
                with self.env.cr.savepoint():
                    results[decision] = self._collection_send_email(step, partner,
                                                                    decision.move_id)
            except (UserError, ValueError) as error:
                results[decision] = {"state": "failed", "error": str(error)}
        return results

    def _collection_send_email(self, step, partner, move_id):
        template = step.mail_template_id
        if not template:
            raise UserError(_("Step %(step)s has no e-mail template.", step=step.display_name))
        recipient = step._collection_recipient(partner)
        lang = recipient.lang or self.env.lang or "en_US"
        values = template.with_context(template_preview_lang=lang)._generate_template(
            [move_id], ["subject", "body_html", "email_from", "attachment_ids",
                        "report_template_ids"])[move_id]
        author = self.user_id or self.env.user
        attachments = [(name, base64.b64decode(content))
                       for name, content in values.get("attachments", [])]
        message = partner.sudo().with_context(
            mail_notify_force_send=False, mail_create_nosubscribe=True, lang=lang,
        ).message_post(
            body=Markup(values.get("body_html") or ""),
            subject=values.get("subject") or step.name,
            author_id=author.partner_id.id,
            email_from=self.email_from or values.get("email_from") or author.email_formatted,
            partner_ids=recipient.ids,
            attachments=attachments,
            attachment_ids=values.get("attachment_ids", []),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            email_layout_xmlid="mail.mail_notification_light",
        )
        mail = self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)],
                                                   limit=1)
        # Done only once the mail server accepts the e-mail (mail.mail's
        # post-send hook, ``collection.action._collection_follow_delivery``);
        # without an e-mail (an inbox notification) it is delivered already.
        return {"state": "sending" if mail else "done", "mail_message_id": message.id,
                "mail_id": mail.id, "error": False}

    def _collection_create_letters(self, decisions_by_partner, today):
        """Create one collection letter per customer for their letter decisions.

        ``decisions_by_partner`` maps a partner id to its letter decisions;
        returns {decision: values for its ``collection.action``}. A step with a
        reminder level issues a reminder at that level (the reminder is the
        letter); otherwise, or when no reminder is due, the letter is a PDF of
        the customer's open items.
        """
        results = {}
        by_level = defaultdict(dict)
        Step = self.env["collection.process.step"]
        for partner_id, decisions in decisions_by_partner.items():
            for decision in decisions:
                level = Step.browse(decision.step_id).reminder_level_id
                by_level[level].setdefault(partner_id, []).append(decision)
        pdf_letters = dict(by_level.pop(self.env["collection.reminder.level"], {}))
        for level, level_decisions in by_level.items():
            issued, left = self._collection_issue_reminders(level, level_decisions, today)
            results.update(issued)
            for partner_id, decisions in left.items():
                pdf_letters.setdefault(partner_id, []).extend(decisions)
        if pdf_letters:
            results.update(self._collection_create_pdf_letters(pdf_letters, today))
        return results

    def _collection_issue_reminders(self, level, decisions_by_partner, today):
        """Issue a reminder at ``level`` to each customer of ``decisions_by_partner``.

        Returns ``(results, left)``: the action values of the decisions a
        reminder was issued for (or that failed), and the decisions of the
        customers the engine proposed no reminder for (nothing left to remind
        at that level), which get a plain letter instead.
        """
        partners = self.env["res.partner"].browse(list(decisions_by_partner))
        Reminder = self.env["collection.reminder"]
        results = {}
        try:
            with self.env.cr.savepoint():
                reminders, _skips = Reminder._create_reminders(
                    partners, today, term=level.term_id,
                    options=reminder_engine.ReminderOptions(forced_level=level.level))
                reminders.action_issue(today)
        except (UserError, ValidationError) as error:
            for decisions in decisions_by_partner.values():
                for decision in decisions:
                    results[decision] = {"state": "failed", "error": str(error)}
            return results, {}
        reminder_by_partner = {}
        for reminder in reminders:
            reminder_by_partner.setdefault(reminder.partner_id.id, reminder)
        left = {}
        for partner_id, decisions in decisions_by_partner.items():
            reminder = reminder_by_partner.get(partner_id)
            if not reminder:
                left[partner_id] = decisions
                continue
            for decision in decisions:
                results[decision] = {"state": "done", "reminder_id": reminder.id}
        return results, left

    def _collection_create_pdf_letters(self, decisions_by_partner, today):
        """One PDF letter listing the open items per customer, in their language."""
        report = self.env.ref(f"{MODULE}.action_report_collection_letter")
        partners = self.env["res.partner"].browse(list(decisions_by_partner))
        results = {}
        for partner in partners:
            decisions = decisions_by_partner[partner.id]
            try:
                with self.env.cr.savepoint():
                    Report = self.env["ir.actions.report"].with_context(
                        lang=partner.lang or self.env.lang, collection_letter_date=today,
                        collection_company_id=self.company_id.id)
                    content, report_format = Report._render_qweb_pdf(report, partner.ids)
                    name = _("Collection letter %(customer)s %(date)s.%(ext)s",
                             customer=partner.name, date=today, ext=report_format)
                    # The process's access was checked; the letter belongs to the customer
                    # even if the user may not edit the customer.
                    attachment = self.env["ir.attachment"].sudo().create({
                        "name": name,
                        "raw": content,
                        "res_model": "res.partner",
                        "res_id": partner.id,
                        "mimetype": "application/pdf" if report_format == "pdf"
                        else "text/html",
                    })
                    customer = partner.sudo().with_context(mail_create_nosubscribe=True)
                    message = customer.message_post(
                        body=_("Collection letter of process %s.", self.display_name),
                        author_id=(self.user_id or self.env.user).partner_id.id,
                        attachment_ids=attachment.ids,
                        message_type="comment",
                        subtype_xmlid="mail.mt_note",
                    )
                values = {"state": "done", "attachment_id": attachment.id,
                          "mail_message_id": message.id}
            except (UserError, ValueError) as error:
                values = {"state": "failed", "error": str(error)}
            for decision in decisions:
                results[decision] = dict(values)
        return results

    @api.model
    def _demo_run(self):
        """Demo data: run the processes once so that their history shows. Its
        e-mails and letters stay queued: the document queue makes them once
        the server runs (the run starts it), when the module's translations
        are loaded (each customer's documents in their language) and the
        letters' PDFs can fetch their styles from the server; or at once when
        an action's document is opened."""
        return self.search([]).run()


class CollectionProcessStep(models.Model):
    _name = "collection.process.step"
    _description = "Collections Process Detail"
    _order = "process_id, sequence, id"

    process_id = fields.Many2one("collection.process", required=True, ondelete="cascade",
                                 index=True)
    company_id = fields.Many2one(related="process_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Description", required=True, translate=True)
    action_type = fields.Selection(vocabulary.ACTION_TYPES, required=True, default="activity")
    timing = fields.Selection(vocabulary.TIMINGS, string="When", required=True, default="after")
    days = fields.Integer(help="Days before or after the due date of the leading "
                          "invoice (the customer's oldest open invoice).")
    offset = fields.Integer(compute="_compute_offset", help="Days relative to the due date.")
    pre_reminder = fields.Boolean(
        string="Pre-reminder",
        help="Act once per open invoice when that invoice reaches this step, "
        "e.g. a notice before it falls due. One step per process at most.")
    recipient = fields.Selection(vocabulary.RECIPIENTS, required=True, default="customer")
    contact_type = fields.Selection(
        vocabulary.CONTACT_TYPES, string="Business Purpose Contact", required=True,
        default="collections",
        help="Which contact of the customer's company receives the e-mail.")
    # Business document: activity
    activity_type_id = fields.Many2one("mail.activity.type", string="Activity Type",
                                       domain="[('res_model', 'in', (False, 'account.move'))]")
    activity_summary = fields.Char(string="Summary", translate=True)
    activity_note = fields.Html(string="Activity Details", translate=True)
    activity_days = fields.Integer(string="Days to Complete")
    activity_user_id = fields.Many2one(
        "res.users", string="Responsible", domain=[("share", "=", False)],
        help="Empty: the customer's collections agent, else the salesperson, else the "
        "process's e-mail author.")
    # Business document: e-mail
    mail_template_id = fields.Many2one(
        "mail.template", string="E-mail Template", domain=[("model", "=", "account.move")],
        help="Rendered on the invoice concerned, in the recipient's language.")
    mail_template_subject = fields.Char(related="mail_template_id.subject", readonly=False)
    mail_template_body = fields.Html(related="mail_template_id.body_html", readonly=False)
    mail_template_upload = fields.Binary(
        string="Upload HTML Body", store=False, inverse="_inverse_mail_template_upload",
        help="An HTML file (e.g. an e-mail saved from Outlook) that becomes the template's body.")
    mail_template_upload_name = fields.Char(store=False)
    # Business document: collection letter
    reminder_level_id = fields.Many2one(
        "collection.reminder.level", string="Reminder Level",
        domain="[('company_id', 'in', (company_id, False))]",
        help="The letter is a reminder issued at this level (with its fees, interest and "
        "texts). Empty: a letter listing the customer's open invoices.")

    @api.depends("timing", "days")
    def _compute_offset(self):
        for step in self:
            step.offset = step._collection_step_config().offset

    def _collection_step_config(self):
        """The engine's ``StepConfig`` of the step."""
        self.ensure_one()
        return process_engine.StepConfig(
            self.id, self.sequence, self.action_type, self.timing, self.days,
            self.pre_reminder, self.name or "", self.activity_days)

    # The constraints' names keep them in the order Odoo runs them (by name):
    # each step's own settings, its template, then the steps together.
    @api.constrains("days", "activity_days", "action_type", "timing", "pre_reminder")
    def _check_days(self):
        for step in self:
            try:
                process_engine.validate_step(step._collection_step_config())
            except ConfigError as error:
                raise step.process_id._collection_config_error(error) from error

    @api.constrains("pre_reminder", "process_id", "timing", "days")
    def _check_one_pre_reminder(self):
        for process in self.process_id:
            try:
                process_engine.validate_steps(
                    [step._collection_step_config() for step in process.step_ids])
            except ConfigError as error:
                raise process._collection_config_error(error) from error

    @api.constrains("action_type", "mail_template_id")
    def _check_mail_template(self):
        for step in self.filtered(lambda s: s.action_type == "email" and s.mail_template_id):
            if step.mail_template_id.model != "account.move":
                raise ValidationError(_(
                    "E-mail Template: %(template)s is not a template on invoices.",
                    template=step.mail_template_id.display_name))

    def _inverse_mail_template_upload(self):
        for step in self.filtered("mail_template_upload"):
            if not step.mail_template_id:
                raise ValidationError(_("Upload HTML Body: choose an e-mail template first."))
            html = base64.b64decode(step.mail_template_upload).decode("utf-8", "replace")
            step.mail_template_id.body_html = html

    def _collection_responsible(self, partner, process):
        """Who the step's activity is assigned to (the engine's rule)."""
        self.ensure_one()
        user_id = recipient_engine.activity_responsible(
            self.recipient,
            step_user_id=self.activity_user_id.id,
            salesperson_id=partner.user_id.id,
            agent_id=partner.collection_agent_id.id,
            author_id=process.user_id.id,
            current_user_id=self.env.user.id,
        )
        return self.env["res.users"].browse(user_id)

    def _collection_recipient(self, partner):
        """The partner who receives the step's e-mail (the engine's rule);
        UserError if there is none."""
        self.ensure_one()
        Partner = self.env["res.partner"]
        invoice_address = Partner.browse(partner.address_get(["invoice"])["invoice"]) \
            if self.recipient == "customer" and self.contact_type == "invoice" else Partner
        candidates = (partner | partner.user_id.partner_id | partner.collection_agent_id.partner_id
                      | partner.collection_contact_id | invoice_address)
        contacts = recipient_engine.Contacts(
            customer_id=partner.id,
            salesperson_partner_id=partner.user_id.partner_id.id,
            agent_partner_id=partner.collection_agent_id.partner_id.id,
            collections_contact_id=partner.collection_contact_id.id,
            invoice_address_id=invoice_address.id,
            with_email=frozenset(candidates.filtered("email").ids),
        )
        recipient_id, refusal = recipient_engine.step_recipient(
            self.recipient, self.contact_type, contacts)
        if refusal == "no_salesperson":
            raise UserError(_("%s has no salesperson.", partner.display_name))
        if refusal == "no_agent":
            raise UserError(_("%s has no collections agent.", partner.display_name))
        recipient = Partner.browse(recipient_id)
        if refusal == "no_email":
            raise UserError(_("%(recipient)s has no e-mail address.",
                              recipient=recipient.display_name))
        return recipient

    def action_open_step(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }
