# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import logging
from collections import defaultdict
from typing import NamedTuple

from psycopg2 import errors

from odoo import _, api, fields, models, modules
from odoo.exceptions import UserError
from odoo.tools import create_unique_index

from ..engine import process as process_engine
from ..engine import vocabulary
from ..engine.reasons import to_json
from .collection_reason import reason_renderer

_logger = logging.getLogger(__name__)

# Queued documents rendered per transaction: a crash loses at most one batch's
# work (its actions stay queued), and a batch stays short for row locks.
DOCUMENT_BATCH = 50


class QueuedDocument(NamedTuple):
    """What producing the document of a queued action needs, as plain values."""

    action_id: int
    partner_id: int
    step_id: int
    move_id: int
    action_type: str
    line_ids: tuple = ()  # the items its document lists (one communication)


class CollectionAction(models.Model):
    """Collections process history: one row per action a process took."""

    _name = "collection.action"
    _description = "Collections Process History"
    _order = "date desc, id desc"
    _rec_name = "step_id"

    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True,
                                 ondelete="cascade")
    process_id = fields.Many2one("collection.process", string="Process", required=True,
                                 index=True, ondelete="cascade")
    step_id = fields.Many2one("collection.process.step", string="Step", index=True,
                              ondelete="set null")
    move_id = fields.Many2one("account.move", string="Invoice", index=True, ondelete="cascade",
                              help="The leading invoice, or the invoice a pre-reminder or "
                              "payment prediction is about.")
    step_key = fields.Integer(
        readonly=True, help="The step's id, kept when the step is deleted: the history key.")
    kind = fields.Selection(vocabulary.DECISION_KINDS, required=True, default="step")
    action_type = fields.Selection(vocabulary.ACTION_TYPES, required=True)
    state = fields.Selection(vocabulary.ACTION_STATES, required=True, default="done", index=True)
    reason = fields.Char(compute="_compute_reason", help="Why the process took this action.")
    reason_data = fields.Json(
        readonly=True, help="The engine's reason: a message id and its parameters, shown "
        "translated in the reader's language.")
    error = fields.Text(help="Why the action failed.")
    company_id = fields.Many2one("res.company", required=True, index=True,
                                 default=lambda self: self.env.company)
    user_id = fields.Many2one("res.users", string="Run By", default=lambda self: self.env.user)
    activity_id = fields.Many2one("mail.activity", string="Activity", ondelete="set null")
    mail_message_id = fields.Many2one("mail.message", string="Message", ondelete="set null")
    mail_id = fields.Many2one("mail.mail", string="Queued E-mail", ondelete="set null")
    attachment_id = fields.Many2one("ir.attachment", string="Letter", ondelete="set null")
    # Read as superuser (related fields are): agents may not read mail.mail itself.
    mail_state = fields.Selection(related="mail_id.state", string="E-mail Status")
    mail_failure_reason = fields.Text(related="mail_id.failure_reason", string="E-mail Failure",
                                      help="Why the mail server did not deliver the e-mail.")
    reminder_id = fields.Many2one("collection.reminder", string="Reminder", ondelete="set null",
                                  help="The reminder a letter step issued.")
    # One communication per customer per run: the e-mail or letter lists every
    # item that qualifies; the run's other e-mails (letters) of the customer
    # are sent with it and share its document.
    move_line_ids = fields.Many2many(
        "account.move.line", "collection_action_move_line_rel", "action_id", "line_id",
        string="Items", readonly=True,
        help="The open items the action covers: those its e-mail or letter lists.")
    parent_id = fields.Many2one(
        "collection.action", string="Sent With", index="btree_not_null", ondelete="cascade",
        readonly=True, help="The action whose e-mail or letter covers this one too.")
    child_ids = fields.One2many("collection.action", "parent_id", string="Also Covers")

    def init(self):
        # The history key of the engine: a second run never repeats an action.
        create_unique_index(
            self.env.cr, "collection_action_key_unique", self._table,
            ["kind", "step_key", "move_id", "partner_id"])

    @api.depends("reason_data")
    @api.depends_context("lang")
    def _compute_reason(self):
        render = reason_renderer(self.env)
        for action in self:
            action.reason = render(action.reason_data)

    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for action in self:
            label = action.step_id.name or kinds.get(action.kind)
            action.display_name = f"{action.partner_id.display_name}: {label}"

    @api.model
    def _values_from_decision(self, decision, today):
        return {
            "date": today,
            "partner_id": decision.partner_id,
            "process_id": decision.process_id,
            "step_id": decision.step_id or False,
            "step_key": decision.step_id or 0,
            "move_id": decision.move_id,
            "kind": decision.kind,
            "action_type": decision.action_type,
            "reason_data": to_json(decision.reason),
            "move_line_ids": [fields.Command.set(decision.move_line_ids)]
            if decision.move_line_ids else False,
        }

    @api.model
    def _collection_history(self, partner_ids, company, process=None):
        """What the engine needs of the history of a batch of customers, in one
        query, three dicts: {partner: {(kind, step, move)}} (failed actions included, a
        retry is done from the history), {partner: date of the last action
        taken: done, or queued / sending (its document is on its way); a
        failed action, such as an e-mail the mail server refused, is no
        contact for the quiet days} and, with ``process``, {partner: the date
        ``process`` acts again} for the customers who replied to one of its
        e-mails (engine.channels; an unsaved variant of a process, the
        strategy comparison, has the pauses of the process it edits)."""
        self.flush_model(["partner_id", "company_id", "kind", "step_key", "move_id", "state",
                          "date", "process_id", "paused_until"])
        process_id = process._origin.id if process else False
        self.env.cr.execute("""
            SELECT partner_id, kind, COALESCE(step_key, 0), COALESCE(move_id, 0),
                   MAX(date) FILTER (WHERE state NOT IN ('failed', 'bounced')),
                   MAX(paused_until) FILTER (WHERE kind = 'reply' AND process_id = %s)
              FROM collection_action
             WHERE partner_id = ANY(%s) AND company_id = %s
          GROUP BY partner_id, kind, step_key, move_id
        """, [process_id or None, list(partner_ids), company.id])
        done = defaultdict(set)
        last_contact = {}
        pauses = {}
        for partner_id, kind, step_key, move_id, last, paused in self.env.cr.fetchall():
            done[partner_id].add((kind, step_key, move_id))
            if last is not None and (partner_id not in last_contact
                                     or last > last_contact[partner_id]):
                last_contact[partner_id] = last
            if paused is not None and (partner_id not in pauses or paused > pauses[partner_id]):
                pauses[partner_id] = paused
        return done, last_contact, pauses

    # ------------------------------------------------------------------
    # The document queue: e-mails and letters of queued actions
    # ------------------------------------------------------------------
    @api.model
    def _cron_produce_documents(self):
        """Render and post the queued e-mails and letters; triggered by each run."""
        # Commit per batch when the cron server runs it (never in tests).
        commit = bool(self.env.context.get("cron_id")) and not modules.module.current_test
        self._collection_produce_documents(commit=commit)

    @api.model
    def _collection_produce_documents(self, action_ids=None, commit=False):
        """Produce the documents of queued actions (all, or ``action_ids``),
        ``DOCUMENT_BATCH`` at a time; returns the actions processed.

        Each batch is taken with ``FOR UPDATE SKIP LOCKED``: several workers
        share the queue without ever producing one document twice, and a batch
        another transaction holds is left to it. An action leaves the queue in
        the transaction that posts its document: a crash leaves both undone.
        """
        processed = self.browse()
        while True:
            batch = self._collection_take_queued(action_ids)
            if not batch:
                break
            batch._collection_produce_batch()
            processed |= batch
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit  # per batch
            self.env["ir.cron"]._notify_progress(done=len(processed), remaining=0)
        return processed

    @api.model
    def _collection_take_queued(self, action_ids=None):
        """Lock and return the next batch of queued actions no other transaction
        holds. Empty when there is none, or when another worker produced some
        of them after this transaction's snapshot (PostgreSQL refuses to lock a
        row changed since): a worker that commits per batch takes each batch
        in a new transaction and never sees that."""
        self.flush_model(["state", "parent_id"])
        restrict = "AND id = ANY(%(ids)s)" if action_ids is not None else ""
        try:
            with self.env.cr.savepoint():
                self.env.cr.execute(f"""
                    SELECT id FROM collection_action
                     WHERE state = 'queued' AND parent_id IS NULL {restrict}
                  ORDER BY id
                     LIMIT %(limit)s
                       FOR UPDATE SKIP LOCKED
                """, {"ids": list(action_ids or ()), "limit": DOCUMENT_BATCH})
                ids = [row[0] for row in self.env.cr.fetchall()]
        except errors.SerializationFailure:
            _logger.info("Document queue: another worker produced queued documents meanwhile; "
                         "the rest is left to the next transaction")
            return self.browse()
        return self.browse(ids)

    def _collection_produce_batch(self):
        """Produce the documents of these queued actions, process by process."""
        for (process, company), actions in self.grouped(
                lambda a: (a.process_id, a.company_id)).items():
            by_date = defaultdict(list)
            for action in actions:
                by_date[action.date].append(QueuedDocument(
                    action.id, action.partner_id.id, action.step_id.id, action.move_id.id,
                    action.action_type, tuple(action.move_line_ids.ids)))
            process = process.with_company(company)
            results = process.env["collection.document"]._collection_produce_documents(
                process, by_date)
            for document, values in results.items():
                action = self.browse(document.action_id)
                # The actions sent with it share its document and its fate.
                (action | action.child_ids).write(values)

    # ------------------------------------------------------------------
    # Delivery: an e-mail action follows its e-mail
    # ------------------------------------------------------------------
    @api.model
    def _collection_follow_delivery(self, mails):
        """Called by ``mail.mail`` once it tried to send ``mails`` (before an
        auto-deleted e-mail is deleted): the e-mail actions of these e-mails
        become done when the mail server accepted them, failed with its
        reason when it refused them (the engine's ``delivery_state``)."""
        mails = mails.filtered(lambda mail: mail.model == "res.partner")
        if not mails:
            return
        actions = self.sudo().search([("mail_id", "in", mails.ids),
                                      ("action_type", "=", "email")])
        for action in actions:
            mail = action.mail_id
            state = process_engine.delivery_state(mail.state)
            if state is None or state == action.state:
                continue
            action.write({
                "state": state,
                "error": mail.failure_reason or _("The mail server did not accept the e-mail.")
                if state == "failed" else False,
            })

    @api.model
    def _collection_failed_overview(self, pool=None, limit=20):
        """The failed actions of the current company (of ``pool``'s customers
        if given) for the overview: ``{count, items}``, the latest first."""
        domain = [("company_id", "=", self.env.company.id), ("state", "=", "failed")]
        if pool:
            domain.append(("partner_id", "any", pool._partner_search_domain()))
        count = self.search_count(domain)
        actions = self.search(domain, limit=limit)
        kinds = dict(self._fields["action_type"]._description_selection(self.env))
        return {
            "count": count,
            "items": [{
                "id": action.id,
                "date": fields.Date.to_string(action.date),
                "partner_id": action.partner_id.id,
                "partner_name": action.partner_id.display_name,
                "process": action.process_id.display_name,
                "step": action.step_id.name or "",
                "action_type": action.action_type,
                "action_type_label": kinds.get(action.action_type, ""),
                "invoice": action.move_id.name or "",
                "error": action.error or action.mail_failure_reason or "",
            } for action in actions],
        }

    def _collection_retriable(self):
        """A failed e-mail action, or an e-mail the mail server refused."""
        self.ensure_one()
        return self.action_type == "email" and (
            self.state == "failed" or self.mail_state == "exception")

    def action_retry(self):
        """Send a failed e-mail again (e.g. once the customer has an address,
        or once the mail server accepts it)."""
        # An action sent with another's e-mail is retried with that e-mail.
        actions = self.filtered(lambda a: not a.parent_id) | self.parent_id
        for action in actions:
            if not action._collection_retriable():
                raise UserError(_("Only failed e-mail actions can be retried; %(action)s is "
                                  "%(state)s.", action=action.display_name, state=action.state))
        # A refused e-mail was posted already: only the e-mail goes out again.
        refused = actions.filtered(lambda a: a.mail_id and a.mail_state == "exception")
        for action in actions - refused:
            process = action.process_id.with_company(action.company_id)
            try:
                with self.env.cr.savepoint():
                    values = process.env["collection.document"]._collection_send_email(
                        process, action.step_id, action.partner_id, action.move_id.id,
                        action.move_line_ids.ids)
            except (UserError, ValueError) as error:
                values = {"error": str(error)}
            (action | action.child_ids).write(values)
        (refused | refused.child_ids).write({"state": "sending", "error": False})
        refused_mails = refused.mail_id.sudo()
        refused_mails.mark_outgoing()
        refused_mails.send(raise_exception=False)
        failed = actions.filtered(lambda a: a.state == "failed" or a.mail_state == "exception")
        if failed:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {"type": "warning", "sticky": True,
                           "message": "\n".join(a.error or a.mail_failure_reason or ""
                                                for a in failed)},
            }
        return True

    def action_open_document(self):
        self.ensure_one()
        if self.parent_id:
            return self.parent_id.action_open_document()
        if self.state == "queued":
            # Not produced yet: produce it now, then open it.
            self._collection_produce_documents(self.ids)
        if self.reminder_id:
            return {"type": "ir.actions.act_window", "res_model": "collection.reminder",
                    "res_id": self.reminder_id.id, "view_mode": "form",
                    "views": [(False, "form")]}
        if self.attachment_id:
            return {"type": "ir.actions.act_url", "target": "new",
                    "url": f"/web/content/{self.attachment_id.id}?download=true"}
        record = self.move_id if self.action_type == "activity" else self.partner_id
        return {"type": "ir.actions.act_window", "res_model": record._name, "res_id": record.id,
                "view_mode": "form", "views": [(False, "form")]}
