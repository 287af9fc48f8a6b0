# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""What the customer's collections page shows and does, for one access (a
commercial entity in a company): its open items from the ledger facts, and
the answers (dispute, promise to pay, payment) applied through the change
status wizard's rules. Everything runs as superuser on an explicit domain:
the access's customer and company, nothing else."""

from collections import defaultdict

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount, format_date

from ..engine import aging
from ..engine import portal as portal_engine

REMINDERS_SHOWN = 5


class CollectionPortalAccess(models.Model):
    _inherit = "collection.portal.access"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------ page
    def _page_values(self):
        """The page's figures: open items, total due per currency, last reminders."""
        self.ensure_one()
        access = self.sudo()
        customer, company = access.partner_id, access.company_id
        today = fields.Date.context_today(access)
        rows = access.env["collection.ledger"]._open_lines(company, None, [customer.id])
        lines = access.env["account.move.line"].browse([row.line_id for row in rows])
        currencies = access.env["res.currency"].browse({row.currency_id for row in rows})
        status_labels = dict(lines._fields["collection_status"]._description_selection(
            access.env))
        actionable = access._actionable_lines(lines)
        items = []
        totals = defaultdict(float)
        for row in rows:
            line = lines.browse(row.line_id)
            move = line.move_id
            residual = float(row.residual_currency)
            totals[row.currency_id] += residual
            items.append({
                "line": line,
                "move": move,
                "number": move.name,
                "date": row.date,
                "date_maturity": row.aging_date,
                # A credit (a credit note, an unmatched payment) is never overdue.
                "days_overdue": max(aging.days_overdue(row.aging_date, today), 0)
                if residual > 0 else 0,
                "residual": residual,
                "currency": currencies.browse(row.currency_id),
                "status": line.collection_status or "none",
                "status_label": status_labels.get(line.collection_status or "none"),
                "actionable": line in actionable,
                "pdf_url": move.get_portal_url(report_type="pdf", download=True)
                if move.is_sale_document() else False,
            })
        reminders = access.env["collection.reminder"].search([
            ("partner_id", "=", customer.id), ("company_id", "=", company.id),
            ("state", "=", "issued")], limit=REMINDERS_SHOWN, order="date desc, id desc")
        reasons = access.env["collection.dispute.reason"].search([
            ("company_id", "in", (False, company.id))])
        return {
            "access": access,
            "customer": customer,
            "company": company,
            "items": items,
            "totals": [{"currency": currencies.browse(currency_id), "amount": amount}
                       for currency_id, amount in totals.items()],
            "reminders": reminders,
            "reasons": reasons,
            "today": today,
            "horizon": company.collection_portal_promise_days,
            "last_promise_date": fields.Date.add(today, days=company.collection_portal_promise_days)
            if company.collection_portal_promise_days else False,
        }

    @api.model
    def _open_item_count(self, partner, company):
        """How many open items ``partner``'s commercial entity has in ``company``
        (the count of the portal's home page)."""
        rows = self.env["collection.ledger"].sudo()._open_lines(
            company, None, [partner.commercial_partner_id.id])
        return len(rows)

    def _actionable_lines(self, lines):
        """The items of ``lines`` a customer may answer about: the installments
        of posted customer invoices, with something left to pay."""
        return lines.filtered(lambda line: line.display_type == "payment_term"
                              and line.move_id.move_type == "out_invoice"
                              and line.parent_state == "posted"
                              and line.amount_residual_currency > 0)

    def _items(self, line_ids):
        """The open items ``line_ids`` of the access's customer and company; a
        PortalError for an empty choice or one not among them."""
        self.ensure_one()
        access = self.sudo()
        if not line_ids:
            raise portal_engine.PortalError("items", "", "no_items", "no item chosen")
        rows = access.env["collection.ledger"]._open_lines(
            access.company_id, None, [access.partner_id.id])
        lines = access._actionable_lines(
            access.env["account.move.line"].browse([row.line_id for row in rows]))
        chosen = lines.filtered(lambda line: line.id in set(line_ids))
        if len(chosen) != len(set(line_ids)):
            unknown = sorted(set(line_ids) - set(chosen.ids))
            raise portal_engine.PortalError("items", ", ".join(map(str, unknown)), "no_items",
                                            f"not open items of the customer: {unknown}")
        return chosen

    # ------------------------------------------------------------------ answers
    def _answer(self, kind, line_ids, values):
        """Apply the customer's answer ``kind`` (dispute or promise) on the
        items ``line_ids``, with the form's ``values`` (texts as typed).
        Returns an error message (in the page's language) or False. Every
        attempt is logged, refused ones too; a refused one changes nothing."""
        self.ensure_one()
        access = self.sudo()
        if portal_engine.rate_limited(access._attempts_last_hour(),
                                      access.company_id.collection_portal_rate_limit):
            message = _("Too many answers in the last hour with this link (at most %(count)s "
                        "per hour); please try again later.",
                        count=access.company_id.collection_portal_rate_limit)
            access._log(kind, "limited", error=message)
            return message
        request_values = {}
        try:
            with access.env.cr.savepoint():
                lines = access._items(line_ids)
                request_values["move_line_ids"] = [fields.Command.set(lines.ids)]
                if kind == portal_engine.DISPUTE:
                    request_values.update(access._dispute(lines, values))
                elif kind == portal_engine.PROMISE:
                    request_values.update(access._promise(lines, values))
                else:
                    raise portal_engine.PortalError("kind", kind, "required", "unknown answer")
        except portal_engine.PortalError as error:
            access.env.invalidate_all()  # nothing of the refused answer stays, not even cached
            message = access._portal_error_text(error)
        except (ValidationError, UserError) as error:
            access.env.invalidate_all()
            message = error.args[0]
        else:
            request = access._log(kind, "done", message=values.get("message"), **request_values)
            access._tell(request)
            return False
        access._log(kind, "refused", error=message, message=values.get("message"),
                    **{key: value for key, value in request_values.items()
                       if key == "move_line_ids"})
        return message

    def _dispute(self, lines, values):
        reason_text = values.get("dispute_reason_id") or ""
        reason = self.env["collection.dispute.reason"]
        if str(reason_text).isdigit():
            reason = reason.search([("id", "=", int(reason_text)),
                                    ("company_id", "in", (False, self.company_id.id))])
        if not reason:
            raise portal_engine.PortalError("dispute_reason_id", reason_text,
                                            "required" if not reason_text else "not_listed",
                                            "not a listed reason")
        self._apply_status(lines, {"collection_status": "disputed",
                                   "dispute_reason_id": reason.id,
                                   "note": (values.get("message") or "").strip() or False})
        return {"dispute_reason_id": reason.id}

    def _promise(self, lines, values):
        promise_date = portal_engine.parse_date("promise_date", values.get("promise_date"))
        today = fields.Date.context_today(self)
        portal_engine.check_promise_horizon(
            promise_date, today, self.company_id.collection_portal_promise_days)
        amount = portal_engine.parse_amount("promise_amount", values.get("promise_amount"))
        self._apply_status(lines, {"collection_status": "promised",
                                   "promise_date": promise_date,
                                   "promise_amount": float(amount),
                                   "note": (values.get("message") or "").strip() or False})
        return {"promise_date": promise_date, "amount": float(amount),
                "currency_id": lines.currency_id[:1].id}

    def _pay_check(self, line_ids, amount=None):
        """The items ``line_ids`` to pay now, their currency and open total;
        ``amount`` (what the payment form sends) must be that total. Returns
        ``(lines, currency, total, error message or False)``; a refusal is logged."""
        self.ensure_one()
        access = self.sudo()
        lines = access.env["account.move.line"]
        try:
            lines = access._items(line_ids)
            currency = lines.currency_id
            if len(currency) != 1:
                raise portal_engine.PortalError(
                    "items", ", ".join(currency.mapped("name")), "currencies", "currencies")
            total = currency.round(sum(lines.mapped("amount_residual_currency")))
            if amount is not None:
                sent = portal_engine.parse_amount("amount", str(amount))
                if currency.compare_amounts(float(sent), total):
                    raise portal_engine.PortalError("amount", amount, "mismatch", "mismatch")
        except portal_engine.PortalError as error:
            message = access._portal_error_text(error)
            if amount is not None:
                access._log(portal_engine.PAY, "refused", error=message,
                            move_line_ids=[fields.Command.set(lines.ids)])
            return lines, lines.currency_id[:1], 0.0, message
        return lines, currency, total, False

    def _pay_start(self, line_ids, amount):
        """Check and log a payment of the items ``line_ids`` (rate-limited):
        ``(request or None, lines, error message or False)``."""
        self.ensure_one()
        access = self.sudo()
        if portal_engine.rate_limited(access._attempts_last_hour(),
                                      access.company_id.collection_portal_rate_limit):
            message = _("Too many answers in the last hour with this link (at most %(count)s "
                        "per hour); please try again later.",
                        count=access.company_id.collection_portal_rate_limit)
            access._log(portal_engine.PAY, "limited", error=message)
            return None, None, message
        lines, currency, total, message = access._pay_check(line_ids, amount)
        if message:
            return None, lines, message
        request = access._log(portal_engine.PAY, "started", amount=total,
                              currency_id=currency.id,
                              move_line_ids=[fields.Command.set(lines.ids)])
        return request, lines, False

    def _apply_status(self, lines, values):
        """The change status wizard's rules and writes, for the customer."""
        wizard = self.env["collection.status.wizard"].with_company(self.company_id).create({
            "move_ids": [fields.Command.set(lines.move_id.ids)],
            "move_line_ids": [fields.Command.set(lines.ids)],
            **values,
        })
        wizard.action_apply()

    def _log(self, kind, state, **values):
        return self.env["collection.portal.request"].sudo().create({
            "access_id": self.id, "kind": kind, "state": state,
            # The answering user, not the superuser the page runs as.
            "user_id": self.env.uid, **values})

    def _portal_error_text(self, error):
        """The refusal ``error`` (a PortalError) in the page's language."""
        labels = {
            "items": _("Items"),
            "dispute_reason_id": _("Dispute Reason"),
            "promise_date": _("Promised Payment Date"),
            "promise_amount": _("Promised Amount"),
            "amount": _("Amount"),
            "kind": _("Answer"),
        }
        value = error.value
        if error.rule == "beyond_horizon":
            value = format_date(self.env, value)
        messages = {
            "required": _("%(field)s: please fill it in."),
            "not_amount": _("%(field)s: %(value)s is not an amount."),
            "not_date": _("%(field)s: %(value)s is not a date."),
            "not_listed": _("%(field)s: %(value)s is not one of the listed reasons."),
            "beyond_horizon": _("%(field)s: %(value)s is more than %(days)s days ahead; "
                                "promise a date on or before %(last)s."),
            "no_items": _("%(field)s: choose one or more of your open items."),
            "mismatch": _("%(field)s: %(value)s is not the open amount of the chosen items."),
            "currencies": _("%(field)s: the chosen items are in several currencies "
                            "(%(value)s); pay one currency at a time."),
        }
        days = self.company_id.collection_portal_promise_days
        return messages[error.rule] % {
            "field": labels.get(error.field, error.field), "value": value,
            "days": days,
            "last": format_date(self.env, fields.Date.add(fields.Date.context_today(self),
                                                          days=days))}

    # ------------------------------------------------------------------ telling
    def _tell(self, request):
        """The answer in the customer's chatter, and an activity for the agent."""
        customer = self.partner_id
        env = self.with_context(lang=customer.lang or self.env.lang).env
        kinds = dict(request._fields["kind"]._description_selection(env))
        items = Markup("").join(Markup("<li>%s</li>") % line._collection_item_label()
                                for line in request.move_line_ids.with_env(env))
        details = []
        if request.dispute_reason_id:
            details.append(env._("Reason: %s", request.dispute_reason_id.with_env(env).name))
        if request.promise_date:
            details.append(env._("%(amount)s promised for %(date)s",
                                 amount=format_amount(env, request.amount, request.currency_id),
                                 date=format_date(env, request.promise_date)))
        if request.kind == portal_engine.PAY and request.amount:
            details.append(env._("%(amount)s paid online (%(reference)s)",
                                 amount=format_amount(env, request.amount, request.currency_id),
                                 reference=request.transaction_id.reference or ""))
        if request.message:
            details.append(request.message)
        title = env._("Collections page: %(answer)s", answer=kinds[request.kind])
        body = Markup("<p>%s</p><ul>%s</ul>") % (title, items)
        if details:
            body += Markup("<p>%s</p>") % Markup("<br/>").join(details)
        customer.message_post(body=body, subtype_xmlid="mail.mt_note",
                              author_id=request.user_id.partner_id.id
                              if not request.user_id._is_public() else customer.id)
        agent = (customer.collection_agent_id or customer.user_id
                 or self.env.ref("base.user_admin", raise_if_not_found=False))
        customer.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=_("%(answer)s: %(items)s", answer=kinds[request.kind],
                      items=", ".join(request.move_line_ids.move_id.mapped("name"))),
            note=body,
            user_id=agent.id,
        )
