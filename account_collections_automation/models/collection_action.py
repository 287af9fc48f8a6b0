from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import create_unique_index

from ..engine import vocabulary


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
    reason = fields.Char(help="Why the process took this action.")
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

    def init(self):
        # The history key of the engine: a second run never repeats an action.
        create_unique_index(
            self.env.cr, "collection_action_key_unique", self._table,
            ["kind", "step_key", "move_id", "partner_id"])

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
            "reason": decision.reason,
        }

    @api.model
    def _collection_history(self, partner_ids, company):
        """What the engine needs of the history of a batch of customers, in one
        query: {partner: {(kind, step, move)}} (failed actions included, a
        retry is done from the history) and {partner: date of the last action
        done}."""
        done = defaultdict(set)
        last_contact = {}
        groups = self.sudo()._read_group(
            [("partner_id", "in", list(partner_ids)), ("company_id", "=", company.id)],
            ["partner_id", "kind", "step_key", "move_id", "state"], ["date:max"])
        for partner, kind, step_key, move, state, last in groups:
            done[partner.id].add((kind, step_key or 0, move.id))
            if state == "done" and (partner.id not in last_contact
                                    or last > last_contact[partner.id]):
                last_contact[partner.id] = last
        return done, last_contact

    def _collection_retriable(self):
        """A failed e-mail action, or an e-mail the mail server refused."""
        self.ensure_one()
        return self.action_type == "email" and (
            self.state == "failed" or self.mail_state == "exception")

    def action_retry(self):
        """Send a failed e-mail again (e.g. once the customer has an address,
        or once the mail server accepts it)."""
        for action in self:
            if not action._collection_retriable():
                raise UserError(_("Only failed e-mail actions can be retried; %(action)s is "
                                  "%(state)s.", action=action.display_name, state=action.state))
        refused = self.filtered(lambda a: a.state == "done")
        for action in self - refused:
            process = action.process_id.with_company(action.company_id)
            try:
                with self.env.cr.savepoint():
                    values = process._collection_send_email(
                        action.step_id, action.partner_id, action.move_id.id)
            except (UserError, ValueError) as error:
                values = {"error": str(error)}
            action.write(values)
        # The message was posted: only its e-mail goes out again.
        refused_mails = refused.mail_id.sudo()
        refused_mails.mark_outgoing()
        refused_mails.send(raise_exception=False)
        failed = self.filtered(lambda a: a.state == "failed" or a.mail_state == "exception")
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
