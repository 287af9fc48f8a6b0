# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The customer's collections page: ``/my/collections/<customer>``, opened
with the signed link of collections e-mails, reminders and letters (no login
needed) or by the customer's portal users from ``/my``. Every read and write
goes through ``collection.portal.access`` (superuser, on the access's customer
and company only); a wrong or revoked token gets a bare 403 page."""

from werkzeug.urls import url_encode

from odoo import _, http
from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.http import request

from odoo.addons.payment.controllers.portal import PaymentPortal

from ..engine import portal as portal_engine

ANSWER_FIELDS = ("dispute_reason_id", "promise_date", "promise_amount", "message")


class CollectionsPortal(PaymentPortal):
    # ------------------------------------------------------------------ access
    def _collections_access(self, partner_id, access_token):
        """The page's access for this request: by its token, or for a logged-in
        user of the customer; None for anybody else (and a wrong token)."""
        Access = request.env["collection.portal.access"]
        if access_token:
            access = Access._check_token(partner_id, access_token)
            return access or None
        user = request.env.user
        if user._is_public() or user.partner_id.commercial_partner_id.id != partner_id:
            return None
        return Access._for_partner(user.partner_id, user.company_id)

    def _collections_forbidden(self):
        return request.render("account_collections_automation.portal_collections_forbidden",
                              {}, status=403)

    def _collections_lang(self, access, access_token):
        """The customer's language for a signed link (a portal user has theirs)."""
        lang = access.partner_id.lang
        installed = dict(request.env["res.lang"].get_installed())
        if access_token and lang in installed:
            request.update_context(lang=lang)
            access = access.with_context(lang=lang)
        return access

    def _collections_url(self, access, access_token, suffix="", **query):
        if access_token:
            query["access_token"] = access_token
        url = f"/my/collections/{access.partner_id.id}{suffix}"
        return f"{url}?{url_encode(query)}" if query else url

    @staticmethod
    def _collections_line_ids(values):
        """The chosen items' ids (the form's ``line_ids``: one or several,
        or a comma-separated list); what is not a number is left out and
        then refused as not one of the customer's items."""
        raw = values if isinstance(values, list) else [values or ""]
        ids = []
        for value in raw:
            for part in str(value).split(","):
                part = part.strip()
                ids.append(int(part) if part.isdigit() else -1)
        return [line_id for line_id in ids if line_id] if any(raw) else []

    # ------------------------------------------------------------------ /my
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "collection_item_count" in counters:
            user = request.env.user
            count = 0
            if not user._is_public():
                # A read-only request: counted without making the page's access.
                count = request.env["collection.portal.access"]._open_item_count(
                    user.partner_id, user.company_id)
            values["collection_item_count"] = count
        return values

    @http.route("/my/collections", type="http", auth="user", website=True, sitemap=False)
    def portal_my_collections(self, **kwargs):
        partner = request.env.user.partner_id.commercial_partner_id
        return request.redirect(f"/my/collections/{partner.id}")

    # ------------------------------------------------------------------ the page
    @http.route("/my/collections/<int:partner_id>", type="http", auth="public",
                methods=["GET"], website=True, sitemap=False)
    def portal_collections_page(self, partner_id, access_token=None, **kwargs):
        access = self._collections_access(partner_id, access_token)
        if not access:
            return self._collections_forbidden()
        access = self._collections_lang(access, access_token)
        return self._collections_render(access, access_token, paid=kwargs.get("paid"))

    def _collections_render(self, access, access_token, error=None, done=None, form=None,
                            chosen=(), paid=None):
        values = access._page_values()
        values.update({
            "page_name": "collections",
            "access_token": access_token,
            "page_url": self._collections_url(access, access_token),
            "answer_url": f"/my/collections/{access.partner_id.id}/answer",
            "pay_url": f"/my/collections/{access.partner_id.id}/pay",
            "error": error,
            "done": done,
            "paid": paid,
            "form": form or {},
            "chosen": set(chosen),
        })
        return request.render("account_collections_automation.portal_collections_page", values)

    @http.route("/my/collections/<int:partner_id>/answer", type="http", auth="public",
                methods=["POST"], website=True, sitemap=False)
    def portal_collections_answer(self, partner_id, access_token=None, kind=None, **post):
        """A dispute or a promise to pay on the chosen items."""
        access = self._collections_access(partner_id, access_token)
        if not access:
            return self._collections_forbidden()
        access = self._collections_lang(access, access_token)
        line_ids = self._collections_line_ids(request.httprequest.form.getlist("line_ids"))
        form = {name: post.get(name) or "" for name in ANSWER_FIELDS}
        if kind not in (portal_engine.DISPUTE, portal_engine.PROMISE):
            kind = str(kind or "")[:20]
            return self._collections_render(
                access, access_token, error=_("Answer: %s is not an answer of this page.", kind),
                form=form, chosen=line_ids)
        error = access._answer(kind, line_ids, form)
        if error:
            return self._collections_render(access, access_token, error=error, form=form,
                                            chosen=line_ids)
        done = (_("Thank you: your dispute was recorded; we will look into it and get back "
                  "to you.") if kind == portal_engine.DISPUTE
                else _("Thank you: your promise to pay was recorded."))
        return self._collections_render(access, access_token, done=done)

    # ------------------------------------------------------------------ pay now
    @http.route("/my/collections/<int:partner_id>/pay", type="http", auth="public",
                methods=["POST"], website=True, sitemap=False)
    def portal_collections_pay(self, partner_id, access_token=None, **post):
        """Pay the chosen items now: Odoo's payment form, for their open total."""
        access = self._collections_access(partner_id, access_token)
        if not access:
            return self._collections_forbidden()
        access = self._collections_lang(access, access_token)
        line_ids = self._collections_line_ids(request.httprequest.form.getlist("line_ids"))
        lines, currency, total, error = access._pay_check(line_ids)
        if error:
            return self._collections_render(access, access_token, error=error,
                                            chosen=line_ids)
        customer, company = access.partner_id, access.company_id
        logged_in = not request.env.user._is_public()
        partner_sudo = request.env.user.partner_id if logged_in else customer
        availability_report = {}
        providers_sudo = request.env["payment.provider"].sudo()._get_compatible_providers(
            company.id, partner_sudo.id, total, currency_id=currency.id,
            report=availability_report)
        payment_methods_sudo = request.env["payment.method"].sudo()._get_compatible_payment_methods(
            providers_sudo.ids, partner_sudo.id, currency_id=currency.id,
            report=availability_report)
        tokens_sudo = request.env["payment.token"].sudo()._get_available_tokens(
            providers_sudo.ids, partner_sudo.id)
        values = {
            "page_name": "collections_pay",
            "access": access,
            "customer": customer,
            "items": lines,
            "page_url": self._collections_url(access, access_token),
            # The payment form's context (see payment.form).
            "amount": total,
            "currency": currency,
            "partner_id": partner_sudo.id,
            "providers_sudo": providers_sudo,
            "payment_methods_sudo": payment_methods_sudo,
            "tokens_sudo": tokens_sudo,
            "availability_report": availability_report,
            "show_tokenize_input_mapping": self._compute_show_tokenize_input_mapping(
                providers_sudo),
            "transaction_route": "/my/collections/%s/transaction/%s" % (
                customer.id, ",".join(map(str, lines.ids))),
            "landing_route": self._collections_url(access, access_token, paid=1),
            "access_token": access_token,
            "company_mismatch": not self._can_partner_pay_in_company(partner_sudo, company),
            "expected_company": company,
        }
        return request.render("account_collections_automation.portal_collections_pay", values)

    @http.route("/my/collections/<int:partner_id>/transaction/<string:line_ids>", type="json",
                auth="public")
    def portal_collections_transaction(self, partner_id, line_ids, access_token=None, **kwargs):
        """The payment form's transaction for the chosen items: Odoo's payment
        flow, the invoices attached, so that Odoo reconciles them when paid."""
        access = self._collections_access(partner_id, access_token)
        if not access:
            raise ValidationError(_("The access token is invalid."))
        access = self._collections_lang(access, access_token)
        answer, lines, error = access._pay_start(
            self._collections_line_ids(line_ids), kwargs.get("amount"))
        if error:
            raise ValidationError(error)
        self._validate_transaction_kwargs(kwargs)
        logged_in = not request.env.user._is_public()
        partner_sudo = request.env.user.partner_id if logged_in else access.partner_id
        kwargs.update({"currency_id": answer.currency_id.id, "partner_id": partner_sudo.id,
                       "amount": answer.amount})
        tx_sudo = self._create_transaction(
            custom_create_values={
                "invoice_ids": [Command.set(lines.move_id.ids)],
                "collection_portal_request_id": answer.id,
            },
            **kwargs,
        )
        answer.transaction_id = tx_sudo
        return tx_sudo._get_processing_values()
