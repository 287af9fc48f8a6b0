# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Demo data: a receivables book that shows every collections feature.

Built by code rather than XML because it is a ledger, not a list of records:
45 customers in three credit groups and five countries, whose payment habits
(on time, a little late, very late, not paying) shape about 450 posted
invoices in two currencies, due from 150 days ago to 60 days ahead (dated at
the latest today, never in the future), their
payments (some partial, some late: the payment history the predictor learns
from), a few open credit notes and unreconciled payments. Deterministic: a
seeded random generator and dates relative to today. French and Belgian
customers speak French, Norwegian ones Norwegian (when those languages are
installed), the others English.
"""

import random
from datetime import timedelta

from odoo import Command, api, fields, models

CUSTOMER_NAMES = [
    "Alpine Outfitters", "Bergen Marine Supply", "Boulangerie Lemoine", "Brasserie du Port",
    "Cabinet Martel", "Cargo Nord Logistics", "Château Vallon", "Clinique des Alpes",
    "Dalen Bygg", "Delta Textiles", "Épicerie Fine Roux", "Fjord Fisheries",
    "Garage Perrin", "Hafslund Elektro", "Hôtel du Lac", "Imprimerie Leclerc",
    "Jardins de Provence", "Kvamme Trelast", "Laiterie Bernard", "Lofoten Seafood",
    "Maison Dufour", "Menuiserie Garnier", "Nordlys Energi", "Optique Chevalier",
    "Papeterie Moreau", "Pharmacie Girard", "Quincaillerie Blanc", "Rema Kontor",
    "Savonnerie Fabre", "Skagen Rederi", "Solberg Transport", "Studio Lambert",
    "Tannerie Mercier", "Trondheim Tech", "Usine Faure", "Vinmonopol Vest",
    "Voss Turisme", "Westfjord Hotell", "Atelier Bonnet", "Brugge Chocolatiers",
    "Rhein Maschinenbau", "Hamburg Handel", "Boston Bikes", "Denver Devices",
    "Antwerp Diamonds Trading",
]
COUNTRY_CODES = ["FR", "NO", "FR", "FR", "FR", "NO", "FR", "FR", "NO", "BE", "FR", "NO",
                 "FR", "NO", "FR", "FR", "FR", "NO", "FR", "NO", "FR", "FR", "NO", "FR",
                 "FR", "FR", "FR", "NO", "FR", "NO", "NO", "FR", "FR", "NO", "FR", "NO",
                 "NO", "NO", "FR", "BE", "DE", "DE", "US", "US", "BE"]
# Payment habits: (share of customers, days late when paying, share never paid)
HABITS = {
    "punctual": (0, 0.0),
    "late": (12, 0.05),
    "very_late": (40, 0.2),
    "defaulting": (75, 0.6),
}
HABIT_CYCLE = ["punctual", "punctual", "late", "punctual", "very_late", "late",
               "punctual", "defaulting", "late"]
TODAY_OFFSETS = (-150, 60)  # due dates spread from 150 days ago to 60 ahead


class CollectionDemoBuilder(models.AbstractModel):
    _name = "collection.demo.builder"
    _description = "Collections Demo Data Builder"

    @api.model
    def build_demo_data(self):
        company = self.env.company
        rng = random.Random(4242)
        today = fields.Date.context_today(self)
        foreign = self._demo_foreign_currency(company, today)
        partners = self._demo_customers(rng)
        journal = self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)
        bank = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1)

        invoice_vals, plans = [], []
        for index, partner in enumerate(partners):
            habit = HABIT_CYCLE[index % len(HABIT_CYCLE)]
            currency = foreign if partner.country_id.code in ("US", "DE") else company.currency_id
            for _n in range(10):
                due = today + timedelta(days=rng.randint(*TODAY_OFFSETS))
                amount = round(rng.uniform(180, 7800), 2)
                invoice_vals.append(self._demo_invoice_vals(
                    partner, journal, currency, due, amount, "out_invoice"))
                plans.append((habit, due, amount))
        invoices = self.env["account.move"].create(invoice_vals)

        refund_vals = [
            self._demo_invoice_vals(partners[i], journal, company.currency_id,
                                    today - timedelta(days=20 + i), round(rng.uniform(90, 900), 2),
                                    "out_refund")
            for i in range(0, 40, 7)
        ]
        (invoices | self.env["account.move"].create(refund_vals)).action_post()

        self._demo_payments(rng, invoices, plans, bank, today)
        # Payments received but not yet matched with an invoice.
        unmatched = self.env["account.payment"].create([{
            "partner_id": partners[i].id,
            "amount": round(rng.uniform(150, 1500), 2),
            "date": today - timedelta(days=i),
            "payment_type": "inbound",
            "partner_type": "customer",
            "journal_id": bank.id,
            "memo": "Payment without reference",
        } for i in range(3, 40, 9)])
        unmatched.action_post()
        self._demo_statuses(partners, journal, today)
        return True

    def _demo_statuses(self, partners, journal, today):
        """Each collections status on some demo customers' open items, and an
        invoice on a two-installment payment term (half now, half in 30 days)."""
        term = self.env["account.payment.term"].create({
            "name": "Half now, half in 30 days",
            "line_ids": [
                Command.create({"value": "percent", "value_amount": 50, "nb_days": 0}),
                Command.create({"value": "percent", "value_amount": 50, "nb_days": 30}),
            ],
        })
        installments = self.env["account.move"].create({
            "move_type": "out_invoice",
            "partner_id": partners[2].id,
            "journal_id": journal.id,
            "invoice_date": today - timedelta(days=45),
            "invoice_payment_term_id": term.id,
            "invoice_line_ids": [Command.create({
                "name": "Installation, in two installments", "quantity": 1,
                "price_unit": 4800.0, "tax_ids": [Command.clear()]})],
        })
        installments.action_post()
        self.env["ir.model.data"]._update_xmlids([{
            "xml_id": "account_collections_automation.demo_installment_invoice",
            "record": installments, "noupdate": True}])
        Line = self.env["account.move.line"]

        def oldest_open_item(partner):
            moves = self.env["account.move"].search([
                ("partner_id", "=", partner.id), ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"), ("payment_state", "in", ("not_paid", "partial")),
                ("id", "!=", installments.id)])
            return Line._collection_open_items(moves)[:1]

        first, second = Line._collection_open_items(installments)
        first.write({"collection_status": "disputed",
                     "collection_dispute_reason_id": self.env.ref(
                         "account_collections_automation.dispute_reason_quantity").id,
                     "collection_dispute_note": "Two units of the four were installed."})
        second.write({"collection_status": "promised",
                      "collection_promise_date": today + timedelta(days=10),
                      "collection_promise_amount": second.amount_residual_currency})
        disputed = oldest_open_item(partners[1])
        disputed.write({"collection_status": "disputed",
                        "collection_dispute_reason_id": self.env.ref(
                            "account_collections_automation.dispute_reason_damaged").id,
                        "collection_dispute_note": "The goods arrived broken."})
        promised = oldest_open_item(partners[4])
        promised.write({"collection_status": "promised",
                        "collection_promise_date": today + timedelta(days=7),
                        "collection_promise_amount": promised.amount_residual_currency})
        resolved = oldest_open_item(partners[5])
        resolved.write({"collection_status": "disputed",
                        "collection_dispute_reason_id": self.env.ref(
                            "account_collections_automation.dispute_reason_price").id})
        resolved.write({"collection_status": "resolved",
                        "collection_resolution_note": "The price was right; the customer "
                        "agreed."})
        broken = oldest_open_item(partners[7])
        # As the daily job leaves a promise not kept.
        broken.write({"collection_status": "broken", "collection_promise_state": "broken",
                      "collection_promise_date": today - timedelta(days=3),
                      "collection_promise_amount": broken.amount_residual_currency})

    # ------------------------------------------------------------------
    def _demo_foreign_currency(self, company, today):
        Currency = self.env["res.currency"].with_context(active_test=False)
        code = "USD" if company.currency_id.name == "EUR" else "EUR"
        currency = Currency.search([("name", "=", code)], limit=1)
        currency.active = True
        if not currency.rate_ids.filtered(lambda r: r.company_id in (company, False)):
            self.env["res.currency.rate"].create({
                "currency_id": currency.id,
                "company_id": company.id,
                "name": today - timedelta(days=400),
                "rate": 0.92 if code == "EUR" else 1.08,
            })
        return currency

    def _demo_customers(self, rng):
        groups = [self.env.ref(f"account_collections_automation.demo_credit_group_{key}")
                  for key in ("key", "smb", "export")]
        agents = self.env.ref("base.user_admin")
        demo_user = self.env.ref("base.user_demo", raise_if_not_found=False)
        if demo_user:
            agents |= demo_user
        countries = {c.code: c for c in self.env["res.country"].search(
            [("code", "in", list(set(COUNTRY_CODES)))])}
        partners = self.env["res.partner"]
        xmlids = []
        for index, name in enumerate(CUSTOMER_NAMES):
            country = countries[COUNTRY_CODES[index]]
            slug = "".join(ch for ch in name.lower() if ch.isalnum())[:18]
            if country.code in ("US", "DE", "BE"):
                group = groups[2]
            elif index % 4 == 0:
                group = groups[0]
            else:
                group = groups[1]
            partner = self.env["res.partner"].create({
                "name": name,
                "is_company": True,
                "customer_rank": 1,
                "country_id": country.id,
                "city": rng.choice(["Lyon", "Paris", "Nantes"]) if country.code == "FR"
                else rng.choice(["Oslo", "Bergen", "Tromsø"]) if country.code == "NO" else False,
                "email": f"info@{slug}.example.com",
                "phone": f"+{rng.randint(30, 49)} {rng.randint(100, 999)} "
                f"{rng.randint(1000, 9999)}",
                "lang": "fr_FR" if country.code in ("FR", "BE") and self._lang_active("fr_FR")
                else "nb_NO" if country.code == "NO" and self._lang_active("nb_NO") else "en_US",
                "credit_limit": rng.choice([5000, 10000, 20000, 50000]),
                "collection_credit_group_id": group.id,
                "collection_account_status": "on_hold" if index in (7, 25)
                else "blocked" if index == 16 else "active",
                "collection_agent_id": agents[index % len(agents)].id,
                "user_id": self.env.ref("base.user_admin").id,
            })
            contact = self.env["res.partner"].create({
                "name": rng.choice(["Claire", "Ingrid", "Marc", "Sofie", "Julien", "Erik"])
                + " " + rng.choice(["Dubois", "Hansen", "Petit", "Johansen", "Laurent", "Berg"]),
                "parent_id": partner.id,
                "type": "contact",
                "function": "Accounts Payable",
                "email": f"ap@{slug}.example.com",
            })
            partner.collection_contact_id = contact
            partners |= partner
            xmlids.append({
                "xml_id": f"account_collections_automation.demo_customer_{index + 1:02d}",
                "record": partner,
                "noupdate": True,
            })
        self.env["ir.model.data"]._update_xmlids(xmlids)
        return partners

    def _lang_active(self, code):
        return bool(self.env["res.lang"].search_count([("code", "=", code)]))

    def _demo_invoice_vals(self, partner, journal, currency, due, amount, move_type):
        # Thirty days' terms, but an invoice is never dated in the future.
        invoice_date = min(due - timedelta(days=30), fields.Date.context_today(self))
        return {
            "move_type": move_type,
            "partner_id": partner.id,
            "journal_id": journal.id,
            "currency_id": currency.id,
            "invoice_date": invoice_date,
            "invoice_date_due": due if move_type == "out_invoice" else invoice_date,
            "invoice_line_ids": [Command.create({
                "name": "Consulting services" if amount > 2000 else "Supplies",
                "quantity": 1,
                "price_unit": amount,
                "tax_ids": [Command.clear()],
            })],
        }

    def _demo_payments(self, rng, invoices, plans, bank, today):
        payment_vals, to_match = [], []
        for invoice, (habit, due, amount) in zip(invoices, plans, strict=True):
            days_late, never_share = HABITS[habit]
            paid_on = due + timedelta(days=max(-5, int(rng.gauss(days_late, 4))))
            if paid_on > today or rng.random() < never_share:
                # Not paid (yet); some of the open ones got a partial payment.
                if due < today and rng.random() < 0.18:
                    paid_on = today - timedelta(days=rng.randint(1, 20))
                    amount = round(amount * 0.4, 2)
                else:
                    continue
            payment_vals.append({
                "partner_id": invoice.partner_id.id,
                "amount": amount,
                "currency_id": invoice.currency_id.id,
                "date": paid_on,
                "payment_type": "inbound",
                "partner_type": "customer",
                "journal_id": bank.id,
                "memo": invoice.name,
            })
            to_match.append(invoice)
        payments = self.env["account.payment"].create(payment_vals)
        payments.action_post()
        for payment, invoice in zip(payments, to_match, strict=True):
            (payment.move_id.line_ids | invoice.line_ids).filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
                and not line.reconciled
            ).reconcile()

    @api.model
    def _demo_reminder_posting_accounts(self, company):
        Account = self.env["account.account"].with_company(company)
        income = Account.search(
            [("account_type", "=", "income_other"), *Account._check_company_domain(company)],
            limit=1) or Account.search(
            [("account_type", "=", "income"), *Account._check_company_domain(company)], limit=1)
        journal = self.env["account.journal"].search(
            [("type", "=", "general"), *self.env["account.journal"]._check_company_domain(company)],
            limit=1)
        return income, journal
