# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The journal entry of a document's charges (a reminder's fee and interest, a
finance charge memo's interest): one writer for both."""

from odoo import Command


def charge_entry_vals(document, ref, charges):
    """``account.move`` values posting ``charges`` (``(name, income account,
    amount)``) of ``document`` (a reminder or a memo: company, partner,
    currency, posting date, due date): the customer's receivable debited by
    their total, due on the document's due date, each charge credited to its
    account; amounts in the document's currency, converted at its posting date."""
    company = document.company_id
    partner = document.partner_id.with_company(company)
    currency = document.currency_id
    date = document.posting_date

    def line(name, account, amount, **extra):
        return Command.create({
            "name": name,
            "account_id": account.id,
            "partner_id": partner.id,
            "currency_id": currency.id,
            "amount_currency": amount,
            "balance": currency._convert(amount, company.currency_id, company, date),
            **extra,
        })

    total = sum(amount for _name, _account, amount in charges)
    return {
        "move_type": "entry",
        "journal_id": company.collection_reminder_journal_id.id,
        "company_id": company.id,
        "date": date,
        "partner_id": partner.id,
        "currency_id": currency.id,
        "ref": ref,
        "line_ids": [line(ref, partner.property_account_receivable_id, total,
                          date_maturity=document.due_date)]
        + [line(name, account, -amount) for name, account, amount in charges],
    }
