# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Customer statements of account: one row per statement sent or printed
(the history of statements), its figures from the ledger facts through
``engine.statement``, its PDF (``report/collection_statement_report.xml``)
in the customer's language, and its sending (e-mail or print), logged in the
customer's chatter. The wizard, the workspace and the automation action
``statement`` all send through :meth:`_collection_send_statements`."""

from collections import defaultdict

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_amount, format_date

from ..engine import statement as engine
from ..engine import vocabulary

MODULE = "account_collections_automation"
REPORT_XMLID = f"{MODULE}.action_report_collection_statement"
TEMPLATE_XMLID = f"{MODULE}.mail_template_collection_statement"


class CollectionStatement(models.Model):
    """A statement of account sent (e-mailed or printed) to a customer."""

    _name = "collection.statement"
    _description = "Customer Statement of Account"
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name")
    date = fields.Date(required=True, index=True, default=fields.Date.context_today,
                       help="The day the statement was sent or printed.")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True,
                                 ondelete="cascade")
    recipient_partner_id = fields.Many2one("res.partner", string="Recipient")
    company_id = fields.Many2one("res.company", required=True, index=True,
                                 default=lambda self: self.env.company)
    mode = fields.Selection(vocabulary.STATEMENT_MODES, required=True, default="period")
    date_from = fields.Date(string="From")
    date_to = fields.Date(string="To", required=True,
                          help="The end of the period, or the date the open items are as of.")
    send_method = fields.Selection(vocabulary.STATEMENT_SEND_METHODS, required=True,
                                   default="email")
    state = fields.Selection(vocabulary.STATEMENT_STATES, required=True, default="done")
    error = fields.Text(help="Why the statement could not be sent.")
    closing_summary = fields.Char(string="Closing Balance", readonly=True,
                                  help="The closing balance in each currency.")
    user_id = fields.Many2one("res.users", string="Sent By", default=lambda self: self.env.user)
    automation_id = fields.Many2one("collection.automation", string="Automation",
                                    ondelete="set null", index=True)
    attachment_id = fields.Many2one("ir.attachment", string="PDF", ondelete="set null")
    mail_message_id = fields.Many2one("mail.message", string="Message", ondelete="set null")
    mail_id = fields.Many2one("mail.mail", string="Queued E-mail", ondelete="set null")
    # Read as superuser (related fields are): agents may not read mail.mail itself.
    mail_state = fields.Selection(related="mail_id.state", string="E-mail Status")

    @api.depends("partner_id", "date_to")
    def _compute_name(self):
        for statement in self:
            statement.name = _("Statement of account %(customer)s %(date)s",
                               customer=statement.partner_id.name or "",
                               date=fields.Date.to_string(statement.date_to) or "")

    # ------------------------------------------------------------------ figures
    @api.model
    def _statement_figures(self, company, customer_ids, mode, date_from, date_to):
        """{customer id: [engine.statement.Section]}: the statements of
        ``customer_ids`` (commercial partners), from the ledger facts in three
        queries for all of them; a customer with nothing to state has none."""
        try:
            if mode == "period":
                engine.check_period(date_from, date_to)
            elif not date_to:
                raise ValueError("Statement: the date the open items are as of is needed")
        except ValueError as error:
            raise UserError(str(error)) from error
        Ledger = self.env["collection.ledger"]
        customer_ids = list(customer_ids)
        boundaries = company._collection_aging_boundaries()
        order = (company.currency_id.id,)
        items = defaultdict(list)
        for line in Ledger._open_lines(company, date_to, customers=customer_ids):
            items[line.customer_id].append(engine.OpenItem(
                line.move_id, line.currency_id, line.date, line.aging_date,
                line.amount_currency, line.residual_currency))
        if mode == "open_items":
            kinds = self._statement_kinds({i.move_id for rows in items.values() for i in rows})
            return {customer: sections for customer in customer_ids if (sections := (
                engine.open_items_statement(date_to, items[customer], boundaries, kinds, order)))}
        openings = defaultdict(dict)
        for (customer, currency), amount in Ledger._statement_balances(
                company, customer_ids, date_from).items():
            openings[customer][currency] = amount
        movements = defaultdict(list)
        for row in Ledger._statement_movements(company, customer_ids, date_from, date_to):
            movements[row.customer_id].append(engine.Movement(
                row.move_id, row.currency_id, row.date, row.due_date,
                engine.movement_kind(row.move_type, row.is_payment), row.amount))
        return {customer: sections for customer in customer_ids if (sections := (
            engine.period_statement(date_from, date_to, openings[customer], movements[customer],
                                    items[customer], boundaries, order)))}

    @api.model
    def _statement_kinds(self, move_ids):
        """{move id: kind} of the open items' entries (open-items statements)."""
        moves = self.env["account.move"].sudo().browse(move_ids)
        return {move.id: engine.movement_kind(
            move.move_type, bool(move.origin_payment_id or move.statement_line_id))
            for move in moves}

    def _kind_labels(self):
        """The labels of ``vocabulary.STATEMENT_LINE_KINDS``, translated."""
        labels = {
            "invoice": _("Invoice"),
            "credit_note": _("Credit note"),
            "payment": _("Payment"),
            "other": _("Other entry"),
        }
        return labels

    def _statement_report_values(self):
        """What the PDF shows: the sections with their records and labels, in
        the language of the context (the report sets the customer's)."""
        self.ensure_one()
        company = self.company_id
        sections = self._statement_figures(
            company, self.partner_id.ids, self.mode, self.date_from, self.date_to
        ).get(self.partner_id.id, [])
        # The entries' numbers: the statement's access was checked, its entries are the
        # customer's receivables of this company.
        moves = self.env["account.move"].sudo().browse(
            {line.move_id for section in sections for line in section.lines})
        kind_labels = self._kind_labels()
        labels = [bucket["label"] for bucket in self.env["collection.workspace"]._bucket_labels(
            company._collection_aging_boundaries())]
        return {
            "company": company,
            "mode": self.mode,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "bucket_labels": labels,
            "sections": [{
                "currency": self.env["res.currency"].browse(section.currency_id),
                "opening": float(section.opening),
                "closing": float(section.closing),
                "debit": float(section.debit),
                "credit": float(section.credit),
                "overdue": float(section.overdue),
                "buckets": [float(amount) for amount in section.buckets],
                "lines": [{
                    "move": moves.browse(line.move_id),
                    "date": line.date,
                    "due_date": line.due_date,
                    "kind": kind_labels.get(line.kind, line.kind),
                    "debit": float(line.debit),
                    "credit": float(line.credit),
                    "balance": float(line.balance),
                    "days_overdue": line.days_overdue,
                } for line in section.lines],
            } for section in sections],
        }

    # ------------------------------------------------------------------ sending
    @api.model
    def _collection_send_statements(self, partners, mode, date_from, date_to, send_method,
                                    automation=None, skip_empty=False):
        """Send (e-mail) or print the statement of each customer of
        ``partners`` (their commercial entities) for the company of the
        context: one ``collection.statement`` per customer, its PDF in the
        customer's language, posted in the customer's chatter. A customer
        whose statement cannot be sent gets a failed row saying why; nothing
        is raised for it. ``skip_empty``: leave out the customers with nothing
        to state (the automation's runs). Returns the statements."""
        if send_method not in vocabulary.keys(vocabulary.STATEMENT_SEND_METHODS):
            raise UserError(_("Send: %(value)r is not a way to send statements.",
                              value=send_method))
        if mode not in vocabulary.keys(vocabulary.STATEMENT_MODES):
            raise UserError(_("Statement: %(value)r is not a kind of statement.", value=mode))
        if mode == "open_items":
            date_from = False
        company = self.env.company
        customers = partners.commercial_partner_id
        customers.check_access("read")
        if not self.env.user.has_group(f"{MODULE}.group_collections_agent"):
            raise AccessError(_("Only Collections Agents and Managers may send statements."))
        figures = self._statement_figures(company, customers.ids, mode, date_from, date_to)
        if skip_empty:
            customers = customers.filtered(lambda partner: partner.id in figures)
        currencies = self.env["res.currency"].browse(
            {section.currency_id for sections in figures.values() for section in sections})
        statements = self.create([{
            "partner_id": customer.id,
            "recipient_partner_id": (customer.sudo().collection_contact_id or customer).id,
            "company_id": company.id,
            "mode": mode,
            "date_from": date_from,
            "date_to": date_to,
            "send_method": send_method,
            "automation_id": automation.id if automation else False,
            "closing_summary": "; ".join(
                format_amount(self.env, float(section.closing),
                              currencies.browse(section.currency_id))
                for section in figures.get(customer.id, [])) or format_amount(
                    self.env, 0, company.currency_id),
        } for customer in customers])
        for statement in statements:
            try:
                with self.env.cr.savepoint():
                    statement.write(statement._send_one())
            except (UserError, ValueError) as error:
                statement.write({"state": "failed", "error": str(error)})
        return statements

    def _lang(self):
        self.ensure_one()
        return self.recipient_partner_id.lang or self.partner_id.lang or self.env.lang or "en_US"

    def _period_text(self):
        """The statement's period (or date) in words, in the context's language."""
        self.ensure_one()
        if self.mode == "open_items":
            return _("open items as of %(date)s", date=format_date(self.env, self.date_to))
        return _("%(start)s to %(end)s", start=format_date(self.env, self.date_from),
                 end=format_date(self.env, self.date_to))

    def _render_pdf(self):
        """The statement's PDF, in the customer's language, as an attachment of
        the customer (the statement's access was checked)."""
        self.ensure_one()
        lang = self._lang()
        content, report_format = self.env["ir.actions.report"].with_context(
            lang=lang)._render_qweb_pdf(REPORT_XMLID, self.ids)
        name = self.with_context(lang=lang)._filename() + f".{report_format}"
        return self.env["ir.attachment"].sudo().create({
            "name": name,
            "raw": content,
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "mimetype": "application/pdf" if report_format == "pdf" else "text/html",
        })

    def _filename(self):
        self.ensure_one()
        return _("Statement of account %(customer)s %(date)s",
                 customer=self.partner_id.name,
                 date=fields.Date.to_string(self.date_to)).replace("/", "_")

    def _send_one(self):
        """Render, then e-mail or file the statement in the customer's chatter;
        the values of its row."""
        self.ensure_one()
        recipient = self.recipient_partner_id
        if self.send_method == "email" and not recipient.email:
            raise UserError(_("%(partner)s has no e-mail address: the statement is not sent.",
                              partner=recipient.display_name))
        attachment = self._render_pdf()
        author = self.env.user.partner_id
        customer = self.partner_id.sudo().with_context(
            mail_create_nosubscribe=True, mail_notify_force_send=False)
        if self.send_method == "email":
            lang = self._lang()
            template = self.env.ref(TEMPLATE_XMLID)
            values = template.with_context(template_preview_lang=lang)._generate_template(
                self.ids, ["subject", "body_html", "email_from"])[self.id]
            message = customer.with_context(lang=lang).message_post(
                body=Markup(values.get("body_html") or ""),
                subject=values.get("subject") or self._filename(),
                author_id=author.id,
                email_from=values.get("email_from") or self.env.user.email_formatted,
                partner_ids=recipient.ids,
                attachment_ids=attachment.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                email_layout_xmlid="mail.mail_notification_light",
            )
            mail = self.env["mail.mail"].sudo().search(
                [("mail_message_id", "=", message.id)], limit=1)
        else:
            message = customer.message_post(
                body=_("Statement of account (%(period)s) printed; closing balance %(closing)s.",
                       period=self._period_text(), closing=self.closing_summary),
                author_id=author.id,
                attachment_ids=attachment.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            mail = self.env["mail.mail"]
        return {"state": "done", "error": False, "attachment_id": attachment.id,
                "mail_message_id": message.id, "mail_id": mail.id}

    def action_print(self):
        """The PDF of these statements (each in its customer's language)."""
        return self.env.ref(REPORT_XMLID).report_action(self)
