# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Collections process history: what the new channels add to an action (the
SMS's number, the call's outcome and attempts, the letter by post, the
fallback it stands for, the customer's reply and the pause it starts), and
the facts the run reads from them (the customers' pauses)."""

from textwrap import shorten

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

from ..engine import channels as channel_engine
from ..engine import vocabulary
from ..engine.reasons import Reason, to_json
from .collection_action import QueuedDocument
from .collection_reason import reason_renderer


class CollectionAction(models.Model):
    _inherit = "collection.action"  # pylint: disable=consider-merging-classes-inherited

    sms_number = fields.Char(string="SMS Number", readonly=True)
    call_outcome = fields.Selection(vocabulary.CALL_OUTCOMES, readonly=True)
    call_attempts = fields.Integer(
        readonly=True, help="Calls made without an answer so far.")
    snailmail_letter_id = fields.Many2one(
        "snailmail.letter", string="Letter by Post", readonly=True, ondelete="set null")
    fallback_of_id = fields.Many2one(
        "collection.action", string="Fallback of", readonly=True, index="btree_not_null",
        ondelete="set null", help="The action that failed and that this one replaces.")
    fallback_ids = fields.One2many("collection.action", "fallback_of_id",
                                   string="Fallback Actions")
    replied_action_id = fields.Many2one(
        "collection.action", string="Reply to", readonly=True, ondelete="set null",
        help="The collections e-mail the customer replied to.")
    reply_message_ref = fields.Char(
        readonly=True, help="The Message-Id of the customer's reply.")
    paused_until = fields.Date(
        readonly=True, help="The process leaves the customer alone until this date.")
    bounced_email = fields.Char(readonly=True)
    reply_excerpt = fields.Text(string="Reply", readonly=True,
                                help="The beginning of the customer's reply.")

    def _collection_fallback_chain(self):
        """The action types tried for this action's step, the first first."""
        self.ensure_one()
        chain = []
        action = self
        while action:
            chain.insert(0, action.action_type)
            action = action.fallback_of_id
        return chain

    def _collection_create_fallback(self, error, tried=None, today=None):
        """The fallback action of this failed action: the next action type of
        its step's fallback chain (``engine.channels.next_fallback``), queued;
        empty when the chain ends or the fallback exists already (its history
        key is the failed action's id, negated: one fallback per failure)."""
        self.ensure_one()
        step = self.step_id
        if not step or self.fallback_ids:
            return self.browse()
        steps = step.process_id.step_ids
        fallback_type = channel_engine.next_fallback(
            step._collection_step_config(), [s._collection_step_config() for s in steps],
            tried or self._collection_fallback_chain())
        if not fallback_type:
            return self.browse()
        types = dict(self._fields["action_type"]._description_selection(self.env))
        return self.sudo().create({
            "date": today or self.date,
            "partner_id": self.partner_id.id,
            "process_id": self.process_id.id,
            "company_id": self.company_id.id,
            "step_id": step.id,
            "step_key": -self.id,
            "move_id": self.move_id.id,
            "kind": "fallback",
            "action_type": fallback_type,
            "state": "queued",
            "fallback_of_id": self.id,
            "reason_data": to_json(Reason.of(
                channel_engine.FALLBACK_OF, action_type=types.get(self.action_type, ""),
                error=error or "")),
        }).with_env(self.env)

    def _collection_queued_document(self):
        self.ensure_one()
        return QueuedDocument(self.id, self.partner_id.id, self.step_id.id, self.move_id.id,
                              self.action_type)

    # ------------------------------------------------------------------
    # The customer's answers: replies and bounces
    # ------------------------------------------------------------------
    def _collection_new_key(self):
        """A history key no other row has: a fresh number of the history's
        sequence, negated (a customer may reply to one e-mail several times)."""
        self.env.cr.execute("SELECT nextval(%s)", [f"{self._table}_id_seq"])
        return -self.env.cr.fetchone()[0]

    @api.model
    def _collection_receive_reply(self, partner, parent_message_id, msg_dict):
        """The customer replied to the collections e-mail ``parent_message_id``:
        a "customer replied" action in the history, the process paused for the
        customer for the process's days, an activity for the agent."""
        emails = self.search([("mail_message_id", "=", parent_message_id),
                              ("action_type", "=", "email"), ("kind", "!=", "reply")])
        reference = msg_dict.get("message_id")
        if not emails or (reference and self.search_count(
                [("reply_message_ref", "=", reference)], limit=1)):
            return self.browse()
        replies = self.browse()
        excerpt = shorten(html2plaintext(msg_dict.get("body") or "").strip(), 500)
        for email in emails:
            process = email.process_id
            today = fields.Date.context_today(self)
            until = channel_engine.paused_until(today, process.reply_pause_days)
            reply = self.create({
                "date": today,
                "partner_id": email.partner_id.id,
                "process_id": process.id,
                "company_id": email.company_id.id,
                "step_id": email.step_id.id,
                "step_key": self._collection_new_key(),
                "move_id": email.move_id.id,
                "kind": "reply",
                "action_type": "email",
                "state": "done",
                "replied_action_id": email.id,
                "reply_message_ref": reference,
                "reply_excerpt": excerpt,
                "paused_until": until,
                "reason_data": to_json(Reason.of(channel_engine.REPLIED, date=today,
                                                 until=until)),
            })
            user = email.step_id._collection_responsible(email.partner_id, process) \
                if email.step_id else (email.partner_id.collection_agent_id or process.user_id)
            lang_env = self.with_context(lang=user.lang or self.env.lang).env
            activity = email.partner_id.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=today,
                summary=lang_env._("Customer replied: %(subject)s",
                                   subject=msg_dict.get("subject") or email.step_id.name or ""),
                note=Markup("<p>%s</p><p>%s</p>") % (
                    reason_renderer(lang_env)(reply.reason_data), excerpt),
                user_id=user.id,
            )
            reply.activity_id = activity
            replies |= reply
        return replies

    @api.model
    def _collection_receive_bounce(self, message, email, body):
        """The collections e-mail of ``message`` bounced: its action is
        bounced (no contact) and its step's fallback channel runs now."""
        actions = self.search([("mail_message_id", "=", message.id),
                               ("action_type", "=", "email"),
                               ("kind", "!=", "reply"),
                               ("state", "!=", "bounced")])
        if not actions:
            return self.browse()
        today = fields.Date.context_today(self)
        fallbacks = self.browse()
        for action in actions:
            render = reason_renderer(self.with_context(lang=action.process_id.user_id.lang
                                                       or self.env.lang).env)
            error = render(Reason.of(channel_engine.BOUNCE_REASON, email=email or ""))
            details = shorten(html2plaintext(body or "").strip(), 300)
            action.write({"state": "bounced", "bounced_email": email,
                          "error": f"{error}: {details}" if details else error})
            fallbacks |= action._collection_create_fallback(error=error, today=today)
        if fallbacks:
            self._collection_produce_documents(fallbacks.ids)
        return fallbacks

    @api.model
    def _collection_follow_delivery(self, mails):
        """An e-mail the mail server refused runs its step's fallback channel
        at once, as a bounce does."""
        result = super()._collection_follow_delivery(mails)
        refused = self.sudo().search([
            ("mail_id", "in", mails.ids), ("action_type", "=", "email"),
            ("state", "=", "failed"), ("fallback_ids", "=", False),
            ("step_id.fallback_action_type", "!=", False)])
        fallbacks = self.browse()
        today = fields.Date.context_today(self)
        for action in refused:
            fallbacks |= action._collection_create_fallback(
                error=action.error or "", today=today)
        if fallbacks:
            self.sudo()._collection_produce_documents(fallbacks.ids)
        return result

    def action_call_outcome(self):
        """Open the call outcome wizard of a phone-call action."""
        self.ensure_one()
        if self.action_type != "phone_call":
            raise UserError(_("%(action)s is not a phone call.", action=self.display_name))
        return self.env["collection.call.outcome.wizard"]._open_for(self)
