# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Reminders: sending (e-mail with the PDF) and printing."""

import base64
import logging

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..engine import reminder_send as engine

_logger = logging.getLogger(__name__)

REPORT_XMLID = "account_collections_automation.action_report_collection_reminder"
INVOICE_REPORT_XMLID = "account.account_invoices"

class CollectionReminder(models.Model):
    _inherit = "collection.reminder"  # pylint: disable=consider-merging-classes-inherited

    email_sent_count = fields.Integer(
        string="E-mails Sent", copy=False, readonly=True,
        help="How many times this reminder was e-mailed, in total.")
    level_email_sent_count = fields.Integer(
        string="E-mails Sent at Level", copy=False, readonly=True,
        help="How many times this reminder was e-mailed at its last e-mailed level.")
    last_email_level = fields.Integer(
        string="Last E-mailed Level", copy=False, readonly=True,
        help="The level this reminder was last e-mailed at: an automation e-mails it once "
        "per level unless its send action says otherwise.")
    last_email_at = fields.Datetime(string="Last E-mailed At", copy=False, readonly=True)
    last_send_failure = fields.Text(copy=False, readonly=True)
    last_send_failure_at = fields.Datetime(string="Last Failure At", copy=False, readonly=True)

    # ------------------------------------------------------------------
    # Send / print
    # ------------------------------------------------------------------
    def action_send(self, send_method="email", attach_invoices="none", max_send_count=0,
                    log_interaction=True, description=None):
        """Send issued reminders (e-mail through the mail queue, or print).

        By hand a failure is an error (nothing is sent); the automation goes
        through :meth:`_send_reminders` and logs failures instead.
        """
        sent, skipped, failed = self._send_reminders(
            send_method=send_method, attach_invoices=attach_invoices,
            max_send_count=max_send_count, log_interaction=log_interaction,
            description=description,
        )
        if failed:
            raise UserError("\n".join(
                f"{reminder.display_name} ({reminder.partner_id.display_name}): {message}"
                for reminder, message in failed))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if sent else "warning",
                "message": _("%(sent)s reminder(s) sent, %(skipped)s skipped.",
                             sent=len(sent), skipped=len(skipped)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _send_reminders(self, send_method="email", attach_invoices="none", max_send_count=0,
                        log_interaction=True, description=None, once_a_day=False,
                        once_per_level=False, multiple_per_level=False, min_interval=None):
        """Send each reminder the engine allows (``send_refusal``) in its own savepoint.

        Returns ``(sent, skipped, failed)``: ``sent`` a recordset, ``skipped``
        and ``failed`` lists of ``(reminder, message)``. ``once_a_day`` skips
        the reminders already sent today, ``once_per_level`` those already
        e-mailed at their level (unless ``multiple_per_level``, then until
        ``min_interval`` has passed): the automation's send action. A failure
        is recorded on the reminder (*Last Send Failure*).
        """
        sent = self.browse()
        skipped, failed = [], []
        today = fields.Date.context_today(self)
        by_email = send_method in ("email", "both")
        for reminder in self:
            refusal = engine.send_refusal(
                reminder.state, reminder.send_count, reminder.last_sent_date or None, today,
                max_send_count=max_send_count, once_a_day=once_a_day, by_email=by_email,
                has_template=bool(reminder.level_id.mail_template_id),
                has_email=bool(reminder.recipient_partner_id.email),
                level=reminder.level if once_per_level else None,
                last_email_level=reminder.last_email_level,
                last_email_date=reminder._last_email_date(),
                multiple_per_level=multiple_per_level,
                min_interval=min_interval,
            )
            if refusal:
                message = reminder._send_refusal_message(refusal, max_send_count)
                (skipped if refusal in engine.SEND_SKIPS else failed).append((reminder, message))
                continue
            try:
                with self.env.cr.savepoint():
                    reminder._send_one(send_method, attach_invoices, log_interaction,
                                       description, today)
            except Exception as error:  # noqa: BLE001 -- logged with the reminder
                _logger.info("Reminder %s not sent: %s", reminder.display_name, error)
                failed.append((reminder, str(error) or error.__class__.__name__))
                continue
            sent |= reminder
        now = fields.Datetime.now()
        for reminder, message in failed:
            reminder.write({"last_send_failure": message, "last_send_failure_at": now})
        return sent, skipped, failed

    @api.model
    def _collection_follow_delivery(self, mails):
        """Called by ``mail.mail`` once it tried to send ``mails``: a reminder
        whose e-mail the mail server refused records the reason as its last
        failure, and the e-mail is not counted as sent (so the automation's
        once-per-level rule e-mails it again on its next run)."""
        refused = mails.filtered(
            lambda mail: mail.model == self._name and mail.res_id and mail.state == "exception")
        if not refused:
            return
        now = fields.Datetime.now()
        reminders = self.sudo().browse(refused.mapped("res_id")).exists()
        for mail in refused:
            reminder = reminders.filtered(lambda r, mail=mail: r.id == mail.res_id)
            if not reminder:
                continue
            level_count = max(reminder.level_email_sent_count - 1, 0)
            reminder.write({
                "last_send_failure": mail.failure_reason
                or _("The mail server did not accept the e-mail."),
                "last_send_failure_at": now,
                "email_sent_count": max(reminder.email_sent_count - 1, 0),
                "level_email_sent_count": level_count,
                "last_email_level": reminder.last_email_level if level_count else 0,
            })

    def _last_email_date(self):
        """The date (in the user's time zone) of this reminder's last e-mail, or None."""
        self.ensure_one()
        if not self.last_email_level or not self.last_email_at:
            return None
        return fields.Date.context_today(self, self.last_email_at)

    def _send_refusal_message(self, refusal, max_send_count):
        """The engine's reason for not sending the reminder, in the user's language."""
        self.ensure_one()
        if refusal == "not_issued":
            return _("only issued reminders are sent")
        if refusal == "max_sent":
            return _("already sent %(count)s time(s), the maximum is %(max)s",
                     count=self.send_count, max=max_send_count)
        if refusal == "sent_today":
            return _("already sent today")
        if refusal == "sent_at_level":
            return _("already e-mailed at level %(level)s", level=self.last_email_level)
        if refusal == "interval":
            return _("e-mailed at level %(level)s on %(date)s, the minimum interval has not "
                     "passed", level=self.last_email_level, date=self._last_email_date())
        if refusal == "no_template":
            return _("%(level)s has no e-mail template", level=self.level_id.display_name)
        return _("%(partner)s has no e-mail address",
                 partner=self.recipient_partner_id.display_name)

    def _send_one(self, send_method, attach_invoices, log_interaction, description, today):
        """Send one reminder the engine allows (see :meth:`_send_reminders`)."""
        self.ensure_one()
        report_attachment = None
        attachments = self._invoice_attachments(attach_invoices)
        recipient = self.recipient_partner_id
        if send_method in ("email", "both"):
            self.level_id.mail_template_id.send_mail(
                self.id,
                email_layout_xmlid="mail.mail_notification_light",
                email_values={"attachment_ids": [Command.link(a.id) for a in attachments]},
            )
        if send_method in ("print", "both"):
            report_attachment = self._print_attachment()
        method_label = dict(self.env["collection.automation.action"]._fields[
            "send_method"]._description_selection(self.env))[send_method]
        body = _(
            "Reminder sent (%(method)s) to %(recipient)s.",
            method=method_label, recipient=recipient.display_name,
        )
        if description:
            body = f"{description}: {body}"
        message_attachments = attachments | (report_attachment or attachments.browse())
        self.message_post(body=body, attachment_ids=message_attachments.ids)
        if log_interaction:
            self.partner_id.message_post(body=_(
                "%(reminder)s (level %(level)s, %(amount)s %(currency)s due) sent (%(method)s).",
                reminder=self.name, level=self.level, amount=self.total_due,
                currency=self.currency_id.name, method=method_label,
            ))
        values = {"send_count": self.send_count + 1, "last_sent_date": today}
        if send_method in ("email", "both"):
            same_level = self.last_email_level == self.level
            values.update(
                last_email_at=fields.Datetime.now(),
                email_sent_count=self.email_sent_count + 1,
                level_email_sent_count=self.level_email_sent_count + 1 if same_level else 1,
                last_email_level=self.level,
            )
        self.write(values)

    def _print_attachment(self):
        self.ensure_one()
        pdf, _type = self.env["ir.actions.report"]._render_qweb_pdf(REPORT_XMLID, self.ids)
        return self.env["ir.attachment"].create({
            "name": f"{self._report_filename()}.pdf",
            "type": "binary",
            "datas": base64.b64encode(pdf),
            "res_model": self._name,
            "res_id": self.id,
            "mimetype": "application/pdf",
        })

    def _report_filename(self):
        return _("Reminder %s", self.name).replace("/", "_")

    def _invoice_attachments(self, attach_invoices):
        """The invoices' PDFs, as ``attach_invoices`` says (none / overdue / all)."""
        self.ensure_one()
        if attach_invoices in (None, False, "none"):
            return self.env["ir.attachment"]
        types = ("overdue",) if attach_invoices == "overdue" else ("overdue", "not_due")
        invoices = self.line_ids.filtered(lambda line: line.line_type in types).move_id.filtered(
            lambda m: m.is_invoice(include_receipts=True))
        attachments = self.env["ir.attachment"]
        for invoice in invoices:
            pdf, _type = self.env["ir.actions.report"]._render_qweb_pdf(
                INVOICE_REPORT_XMLID, invoice.ids)
            attachments |= self.env["ir.attachment"].create({
                "name": f"{invoice._get_report_base_filename()}.pdf",
                "type": "binary",
                "datas": base64.b64encode(pdf),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/pdf",
            })
        return attachments

    def action_print(self):
        return self.env.ref(REPORT_XMLID).report_action(self)

    def action_view_fee_move(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.fee_move_id.id,
            "view_mode": "form",
        }
