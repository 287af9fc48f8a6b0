# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Document production: the e-mails and letters of queued collection actions,
rendered and posted in each customer's language. One service, called by the
document queue of ``collection.action`` (and its Retry button); the process
run only queues them."""

import base64
from collections import defaultdict

from markupsafe import Markup

from odoo import _, api, models
from odoo.exceptions import UserError, ValidationError

from ..engine import letters as letter_engine
from ..engine import reminders as reminder_engine

MODULE = "account_collections_automation"


class CollectionDocument(models.AbstractModel):
    _name = "collection.document"
    _description = "Collections Document Production"

    @api.model
    def _collection_produce_documents(self, process, documents_by_date):
        """Render and post the documents of queued e-mail and letter actions of
        ``process``: ``{date: [QueuedDocument]}`` (the date of the run that
        queued them). Returns {document: values for its ``collection.action``};
        a failure is recorded, not raised."""
        process.ensure_one()
        results = {}
        for today, documents in documents_by_date.items():
            emails = [d for d in documents if d.action_type == "email"]
            if emails:
                results.update(self._collection_send_emails(process, emails, today))
            letters = defaultdict(list)
            for document in documents:
                if document.action_type == "letter":
                    letters[document.partner_id].append(document)
            if letters:
                results.update(self._collection_create_letters(process, dict(letters), today))
            if process.create_audit_activity:
                self._collection_audit_activities(process, documents, results, today)
        return results

    @api.model
    def _collection_audit_activities(self, process, documents, results, today):
        """The audit trail of ``create_audit_activity``: a done activity on each
        customer sent an e-mail or a letter, one per customer listing them
        (one activity of a user per record at a time: its followers' key)."""
        sent = defaultdict(list)
        for document in documents:
            if results.get(document, {}).get("state") in ("done", "sending"):
                sent[document.partner_id].append(document)
        if not sent:
            return
        audit_type = self.env.ref(f"{MODULE}.mail_activity_type_collection_audit",
                                  raise_if_not_found=False)
        if not audit_type:
            return
        steps = process.step_ids
        types = dict(steps._fields["action_type"]._description_selection(self.env))
        user = process.user_id or self.env.user
        model_id = self.env["ir.model"]._get_id("res.partner")
        vals_list = [{
            "res_model_id": model_id,
            "res_id": partner_id,
            "activity_type_id": audit_type.id,
            "summary": _("%(process)s: %(documents)s", process=process.name, documents=", ".join(
                f"{types.get(doc.action_type, doc.action_type)} ({steps.browse(doc.step_id).name})"
                for doc in partner_documents)),
            "date_deadline": today,
            "user_id": user.id,
        } for partner_id, partner_documents in sent.items()]
        activities = self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True).create(vals_list)
        activities.action_feedback(feedback=_("Sent by the collections process."))

    @api.model
    def _collection_send_emails(self, process, decisions, today):
        """Render each e-mail in its recipient's language, post it in the
        customer's chatter and queue it; a failure is recorded, not raised."""
        results = {}
        partners = self.env["res.partner"].browse({d.partner_id for d in decisions})
        moves = self.env["account.move"].browse({d.move_id for d in decisions})
        moves.fetch(["name", "collection_on_hold"])
        for decision in decisions:
            partner = partners.browse(decision.partner_id)
            step = process.step_ids.browse(decision.step_id)
            move = moves.browse(decision.move_id)
            # The invoice may have been put on hold, disputed or promised since the run.
            held = move._collection_hold_reason(today)
            if held:
                results[decision] = {"state": "failed", "error": _(
                    "Not sent: invoice %(invoice)s is no longer chased (%(reason)s).",
                    invoice=move.name, reason=held)}
                continue
            try:
                with self.env.cr.savepoint():
                    results[decision] = self._collection_send_email(
                        process, step, partner, decision.move_id, decision.line_ids)
            except (UserError, ValueError) as error:
                results[decision] = {"state": "failed", "error": str(error)}
        return results

    @api.model
    def _collection_send_email(self, process, step, partner, move_id, line_ids=None):
        """``line_ids``: the items the e-mail lists (its template's table, see
        ``account.move._collection_communication_table``)."""
        template = step.mail_template_id
        if not template:
            raise UserError(_("Step %(step)s has no e-mail template.", step=step.display_name))
        recipient = step._collection_recipient(partner)
        lang = recipient.lang or self.env.lang or "en_US"
        context = {"template_preview_lang": lang}
        if line_ids:
            context["collection_line_ids"] = list(line_ids)
        values = template.with_context(**context)._generate_template(
            [move_id], ["subject", "body_html", "email_from", "attachment_ids",
                        "report_template_ids"])[move_id]
        author = process.user_id or self.env.user
        attachments = [(name, base64.b64decode(content))
                       for name, content in values.get("attachments", [])]
        message = partner.sudo().with_context(
            mail_notify_force_send=False, mail_create_nosubscribe=True, lang=lang,
        ).message_post(
            body=Markup(values.get("body_html") or ""),
            subject=values.get("subject") or step.name,
            author_id=author.partner_id.id,
            email_from=process.email_from or values.get("email_from") or author.email_formatted,
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

    @api.model
    def _collection_create_letters(self, process, decisions_by_partner, today):
        """Create one collection letter per customer for their letter decisions.

        ``decisions_by_partner`` maps a partner id to its letter decisions;
        returns {decision: values for its ``collection.action``}. A step with a
        reminder level issues a reminder at that level (the reminder is the
        letter); otherwise, or when no reminder is due, the letter is a PDF of
        the customer's open items.
        """
        results = {}
        by_level = defaultdict(dict)
        by_sequence = defaultdict(dict)
        Step = self.env["collection.process.step"]
        for partner_id, decisions in decisions_by_partner.items():
            for decision in decisions:
                step = Step.browse(decision.step_id)
                level = step.reminder_level_id
                if not level and step.reminder_term_id:
                    by_sequence[step.reminder_term_id].setdefault(partner_id, []).append(decision)
                    continue
                by_level[level].setdefault(partner_id, []).append(decision)
        for term, term_decisions in by_sequence.items():
            # A collection letter sequence: each customer's next level on it.
            levels = self._collection_next_levels(process.company_id, term, term_decisions, today)
            for partner_id, decisions in term_decisions.items():
                by_level[levels.get(partner_id, self.env["collection.reminder.level"])] \
                    .setdefault(partner_id, []).extend(decisions)
        pdf_letters = dict(by_level.pop(self.env["collection.reminder.level"], {}))
        for level, level_decisions in by_level.items():
            issued, left = self._collection_issue_reminders(level, level_decisions, today)
            results.update(issued)
            for partner_id, decisions in left.items():
                pdf_letters.setdefault(partner_id, []).extend(decisions)
        if pdf_letters:
            results.update(self._collection_create_pdf_letters(process, pdf_letters, today))
        return results

    @api.model
    def _collection_next_levels(self, company, term, partner_ids, today):
        """{customer id: the level of ``term`` a letter issues them next} (the
        engine's ``letters.next_level`` from the levels their open items
        reached), read for all the customers at once."""
        reached = defaultdict(list)
        for row in self.env["collection.ledger"]._reminder_open_items(
                company, list(partner_ids), today):
            reached[row[2]].append(row[7] or 0)
        levels = {level.level: level for level in term.level_ids}
        result = {}
        for partner_id in partner_ids:
            number = letter_engine.next_level(levels, reached.get(partner_id, ()))
            if number is not None:
                result[partner_id] = levels[number]
        return result

    @api.model
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

    @api.model
    def _collection_create_pdf_letters(self, process, decisions_by_partner, today):
        """One PDF letter listing the open items per customer, in their language."""
        report = self.env.ref(f"{MODULE}.action_report_collection_letter")
        partners = self.env["res.partner"].browse(list(decisions_by_partner))
        results = {}
        for partner in partners:
            decisions = decisions_by_partner[partner.id]
            try:
                with self.env.cr.savepoint():
                    # The items of the customer's communication, the leading one marked.
                    lead = decisions[0]
                    Report = self.env["ir.actions.report"].with_context(
                        lang=partner.lang or self.env.lang, collection_letter_date=today,
                        collection_company_id=process.company_id.id,
                        collection_line_ids=list(lead.line_ids) or None,
                        collection_lead_move_id=lead.move_id)
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
                        body=_("Collection letter of process %s.", process.display_name),
                        author_id=(process.user_id or self.env.user).partner_id.id,
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
