# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Collections process: run orchestration (simulate, run, cron, batches and
their locks, the history of actions, scheduled activities). E-mails and letters
are queued; ``collection.document`` produces them."""

import logging
from collections import defaultdict

from markupsafe import Markup
from psycopg2 import errors

from odoo import _, api, fields, models, modules
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..engine import communication, vocabulary
from ..engine.payment_classes import VERY_LATE
from .collection_reason import reason_renderer

_logger = logging.getLogger(__name__)

MODULE = "account_collections_automation"
STEP, PRE_REMINDER, PREDICTION = vocabulary.keys(vocabulary.DECISION_KINDS)[:3]


class CollectionProcess(models.Model):
    _inherit = "collection.process"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Public API
    # ------------------------------------------------------------------
    def simulate(self, date=None):
        """The actions ``run`` would take for ``date``, as dicts; writes nothing.

        An empty recordset means every active process of the current company.
        """
        today = date or fields.Date.context_today(self)
        render = reason_renderer(self.env)
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
                    "reason": render(decision.reason),
                    # The items the action covers: its e-mail or letter lists them.
                    # A tuple of ids, as the engine gives it: a row then holds no
                    # container the garbage collector tracks (a run's thousands of
                    # rows, alive until it ends, made its full collections twice
                    # as frequent); JSON writes it as a list.
                    "move_line_ids": decision.move_line_ids,
                    # The move of the action whose message this one is sent with.
                    "sent_with_move_id": decision.sent_with[2] if decision.sent_with
                    else False,
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
    # Run
    # ------------------------------------------------------------------
    def _collection_try_lock(self):
        """Take the process's lock for this transaction; False if another run has it."""
        self.ensure_one()
        return self.env["collection.ledger"]._try_lock("process", self.id)

    def _collection_run(self, today, processes=None, commit=False, skip_locked=False):
        processes = processes if processes is not None else self._collection_targets()
        self.env["collection.action"].check_access("create")
        batches = list(self._collection_batches(processes))
        return self._collection_dispatch_batches(batches, today, commit=commit,
                                                 skip_locked=skip_locked)

    def _collection_dispatch_batches(self, batches, today, commit=False, skip_locked=False):
        """Run the ``(process, partner ids)`` batches of a run, here and now, one
        after the other; returns the actions taken. The hook of a job queue:
        ``account_collections_automation_queue_job`` queues them as jobs instead."""
        actions = self.env["collection.action"]
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
        self._collection_queue_documents(actions)
        return actions

    def _collection_queue_documents(self, actions):
        """Start the document queue for the e-mails and letters ``actions`` queued."""
        if any(action.state == "queued" for action in actions):
            self.env.ref(f"{MODULE}.ir_cron_collection_documents").sudo()._trigger()

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
        # One prediction activity per customer: the others are covered by it.
        activities = [d for d in decisions if d.action_type == "activity" and not d.sent_with]
        results = self._collection_schedule_activities(activities, today) if activities else {}
        queued = {"state": "queued"}
        Action = self.env["collection.action"]
        # One communication per customer: the actions sent with another's
        # e-mail or letter point to it (created after it, still in one go).
        leads = [decision for decision in decisions if decision.sent_with is None]
        actions = Action.create([
            {**Action._values_from_decision(decision, today), **results.get(decision, queued)}
            for decision in leads
        ])
        lead_ids = {(decision.partner_id, decision.key): action.id
                    for decision, action in zip(leads, actions, strict=True)}
        covered = [decision for decision in decisions if decision.sent_with is not None]
        if covered:
            actions |= Action.create([
                {**Action._values_from_decision(decision, today),
                 **(queued if decision.action_type in communication.COMMUNICATION_TYPES
                    else {"state": "done"}),
                 "parent_id": lead_ids[(decision.partner_id, decision.sent_with)]}
                for decision in covered
            ])
        return actions

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

    def _collection_activity_values(self, decision, partner, move, today, activity_types,
                                    renderers=None):
        """``renderers``: {language: reason renderer}, shared by a batch's activities."""
        default_type, prediction_type = activity_types
        renderers = {} if renderers is None else renderers

        def note(user):
            # In the language of whoever does the activity.
            render = renderers.get(user.lang)
            if render is None:
                render = renderers[user.lang] = reason_renderer(
                    self.with_context(lang=user.lang).env)
            return Markup("<p>%s</p>") % render(decision.reason)

        if decision.kind == PREDICTION:
            user = partner.collection_agent_id or self.user_id or self.env.user
            own_type = self.prediction_very_late_activity_type_id \
                if decision.outcome == VERY_LATE else self.prediction_late_activity_type_id
            return {
                "activity_type_id": (own_type or prediction_type).id,
                "summary": self.company_id.collection_prediction_summary
                or _("Payment prediction"),
                "note": note(user),
                "date_deadline": min(move.invoice_date_due, today) if move.invoice_date_due
                else today,
                "user_id": user.id,
            }
        step = self.step_ids.browse(decision.step_id)
        user = step._collection_responsible(partner, self)
        return {
            "activity_type_id": (step.activity_type_id or default_type).id,
            "summary": step.activity_summary or step.name,
            "note": step.activity_note or note(user),
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
        renderers = {}
        vals_list = []
        for decision in decisions:
            vals = self._collection_activity_values(
                decision, partners.browse(decision.partner_id), moves.browse(decision.move_id),
                today, activity_types, renderers)
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
    @api.model
    def _demo_run(self):
        """Demo data: run the processes once so that their history shows. Its
        e-mails and letters stay queued: the document queue makes them once
        the server runs (the run starts it), when the module's translations
        are loaded (each customer's documents in their language) and the
        letters' PDFs can fetch their styles from the server; or at once when
        an action's document is opened."""
        return self.search([]).run()
