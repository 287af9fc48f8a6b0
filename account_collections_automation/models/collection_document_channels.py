# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Document production for the channels beyond e-mail and letters: SMS
(Odoo's ``sms``), phone calls (a call activity), letters by post (Odoo's
``snailmail``), and the fallback channel of an action that failed, tried in
the same run (``engine.channels``)."""

from collections import defaultdict

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..engine import channels as channel_engine
from ..engine import process as process_engine
from ..engine.reasons import Reason

MODULE = "account_collections_automation"


class CollectionDocument(models.AbstractModel):
    _inherit = "collection.document"

    @api.model
    def _collection_produce_documents(self, process, documents_by_date):
        results = super()._collection_produce_documents(process, documents_by_date)
        for today, documents in documents_by_date.items():
            by_type = defaultdict(list)
            for document in documents:
                by_type[document.action_type].append(document)
            if by_type["sms"]:
                results.update(self._collection_send_sms(process, by_type["sms"], today))
            if by_type["phone_call"]:
                results.update(self._collection_schedule_calls(
                    process, by_type["phone_call"], today))
            if by_type["activity"]:  # only a fallback queues an activity
                results.update(self._collection_fallback_activities(
                    process, by_type["activity"], today))
            if by_type["letter"]:
                self._collection_post_letters(process, by_type["letter"], results)
            results.update(self._collection_run_fallbacks(process, documents, results, today))
        return results

    # ------------------------------------------------------------------
    # SMS
    # ------------------------------------------------------------------
    @api.model
    def _collection_send_sms(self, process, documents, today):
        """Send each SMS to its recipient's mobile in their language, posted in
        the customer's chatter; a failure is recorded, not raised."""
        results = {}
        partners = self.env["res.partner"].browse({d.partner_id for d in documents})
        moves = self.env["account.move"].browse({d.move_id for d in documents})
        for document in documents:
            move = moves.browse(document.move_id)
            held = move._collection_hold_reason(today)
            if held:
                results[document] = {"state": "failed", "error": _(
                    "Not sent: invoice %(invoice)s is no longer chased (%(reason)s).",
                    invoice=move.name, reason=held)}
                continue
            step = process.step_ids.browse(document.step_id)
            try:
                with self.env.cr.savepoint():
                    results[document] = self._collection_send_one_sms(
                        process, step, partners.browse(document.partner_id))
            except (UserError, ValueError) as error:
                results[document] = {"state": "failed", "error": str(error)}
        return results

    @api.model
    def _collection_send_one_sms(self, process, step, partner):
        template = step.sms_template_id
        if not template:
            raise UserError(_("Step %(step)s has no SMS template.", step=step.display_name))
        recipient, number = step._collection_sms_recipient(partner)
        lang = recipient.lang or self.env.lang or "en_US"
        body = template._render_field("body", partner.ids, set_lang=lang)[partner.id]
        author = process.user_id or self.env.user
        message = partner.sudo().with_context(mail_create_nosubscribe=True)._message_sms(
            body, partner_ids=recipient.ids, sms_pid_to_number={recipient.id: number},
            author_id=author.partner_id.id)
        notification = self.env["mail.notification"].sudo().search([
            ("mail_message_id", "=", message.id), ("notification_type", "=", "sms")], limit=1)
        state = channel_engine.sms_state(notification.notification_status) or "sending"
        error = False
        if state == "failed":
            failures = dict(notification._fields["failure_type"]._description_selection(
                self.env))
            error = _("The SMS to %(number)s was not sent: %(failure)s",
                      number=number, failure=failures.get(notification.failure_type)
                      or notification.failure_reason or notification.failure_type)
        return {"state": state, "mail_message_id": message.id, "sms_number": number,
                "error": error}

    # ------------------------------------------------------------------
    # Phone calls
    # ------------------------------------------------------------------
    @api.model
    def _collection_schedule_calls(self, process, documents, today):
        """A call activity on each customer for their agent; its outcome is
        recorded with the call outcome wizard."""
        results = {}
        call_type = self.env.ref("mail.mail_activity_data_call")
        partners = self.env["res.partner"].browse({d.partner_id for d in documents})
        moves = self.env["account.move"].browse({d.move_id for d in documents})
        for document in documents:
            partner = partners.browse(document.partner_id)
            step = process.step_ids.browse(document.step_id)
            try:
                with self.env.cr.savepoint():
                    activity = self._collection_call_activity(
                        process, step, partner, moves.browse(document.move_id), today,
                        call_type)
                results[document] = {"state": "done", "activity_id": activity.id}
            except (UserError, ValueError) as error:
                results[document] = {"state": "failed", "error": str(error)}
        return results

    @api.model
    def _collection_call_activity(self, process, step, partner, move, today, call_type=None):
        call_type = call_type or self.env.ref("mail.mail_activity_data_call")
        user = step._collection_responsible(partner, process)
        number = partner.collection_contact_id.mobile or partner.collection_contact_id.phone \
            or partner.mobile or partner.phone or ""
        return self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True).create({
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": partner.id,
                "activity_type_id": call_type.id,
                "summary": step.activity_summary or step.name,
                "note": Markup("<p>%s</p>") % _(
                    "Collections call about %(invoice)s (%(number)s). Record its outcome "
                    "when done.", invoice=move.name or "", number=number),
                "date_deadline": fields.Date.add(today, days=step.activity_days),
                "user_id": user.id,
            })

    @api.model
    def _collection_fallback_activities(self, process, documents, today):
        """The activities of fallback actions, as the run schedules a step's."""
        decisions = {
            process_engine.Decision(d.partner_id, process.id, "step", d.step_id, d.move_id,
                                    "activity", None, Reason("")): d
            for d in documents
        }
        scheduled = process._collection_schedule_activities(list(decisions), today)
        return {decisions[decision]: values for decision, values in scheduled.items()}

    # ------------------------------------------------------------------
    # Letters by post
    # ------------------------------------------------------------------
    @api.model
    def _collection_postal_service(self, company):
        """Whether ``company`` has Odoo's postal service (an IAP account of
        snailmail with its token)."""
        return bool(self.env["iap.account"].sudo().search_count([
            ("service_name", "=", "snailmail"), ("account_token", "!=", False),
            "|", ("company_ids", "in", company.ids), ("company_ids", "=", False)], limit=1))

    @api.model
    def _collection_post_letters(self, process, documents, results):
        """Queue a ``snailmail.letter`` for each letter made of a step sent by
        post when the company has the postal service; otherwise the letter
        stays printed. Its address is checked first: a letter that cannot be
        posted says why."""
        steps = process.step_ids.filtered("letter_by_post")
        documents = [d for d in documents if d.step_id in steps.ids
                     and results.get(d, {}).get("state") == "done"]
        if not documents or not self._collection_postal_service(process.company_id):
            return
        Letter = self.env["snailmail.letter"].sudo()
        reminder_report = self.env.ref(f"{MODULE}.action_report_collection_reminder",
                                       raise_if_not_found=False)
        posted = {}
        for document in documents:
            values = results[document]
            partner = self.env["res.partner"].browse(document.partner_id)
            key = (values.get("reminder_id"), values.get("attachment_id"))
            if key in posted:
                values["snailmail_letter_id"] = posted[key]
                continue
            if not Letter._is_valid_address(partner):
                values["error"] = _(
                    "Printed, not sent by post: the address of %(customer)s is incomplete "
                    "(street, city, zip and country are needed).",
                    customer=partner.display_name)
                continue
            if values.get("reminder_id"):
                letter_values = {"model": "collection.reminder", "res_id": values["reminder_id"],
                                 "report_template": reminder_report.id if reminder_report
                                 else False}
            else:
                letter_values = {"model": "res.partner", "res_id": partner.id,
                                 "attachment_id": values.get("attachment_id")}
            letter = Letter.create({
                **letter_values,
                "partner_id": partner.id,
                "user_id": (process.user_id or self.env.user).id,
                "company_id": process.company_id.id,
            })
            posted[key] = values["snailmail_letter_id"] = letter.id

    # ------------------------------------------------------------------
    # Fallback channel
    # ------------------------------------------------------------------
    @api.model
    def _collection_run_fallbacks(self, process, documents, results, today):
        """For each document that failed, the next action type of its step's
        fallback chain, as a new history row (kind ``fallback``), produced now."""
        failed = [d for d in documents if results.get(d, {}).get("state") == "failed"]
        if not failed:
            return {}
        Action = self.env["collection.action"]
        fallbacks = Action
        for document in failed:
            action = Action.browse(document.action_id)
            fallbacks |= action._collection_create_fallback(
                error=results[document].get("error") or "",
                tried=action._collection_fallback_chain())
        if not fallbacks:
            return {}
        return self._collection_produce_documents(process, {today: [
            fallback._collection_queued_document() for fallback in fallbacks]})
