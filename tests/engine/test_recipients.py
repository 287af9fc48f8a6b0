# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Who receives a step's e-mail or a reminder, who gets a step's activity."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from account_collections_automation.engine import vocabulary
from account_collections_automation.engine.recipients import (
    RECIPIENT_REFUSALS,
    Contacts,
    Recipient,
    activity_responsible,
    reminder_recipient,
    step_recipient,
)

CUSTOMER, SALES, AGENT, CONTACT, INVOICE = 1, 2, 3, 4, 5
ALL = Contacts(CUSTOMER, SALES, AGENT, CONTACT, INVOICE,
               with_email=frozenset({CUSTOMER, SALES, AGENT, CONTACT, INVOICE}))


@pytest.mark.parametrize(
    "recipient, contact_type, contacts, expected",
    [
        ("salesperson", "collections", ALL, Recipient(SALES)),
        ("agent", "invoice", ALL, Recipient(AGENT)),
        ("customer", "collections", ALL, Recipient(CONTACT)),
        ("customer", "invoice", ALL, Recipient(INVOICE)),
        ("customer", "company", ALL, Recipient(CUSTOMER)),
        # Fallbacks to the customer.
        ("customer", "collections", Contacts(CUSTOMER, with_email=frozenset({CUSTOMER})),
         Recipient(CUSTOMER)),
        ("customer", "invoice", Contacts(CUSTOMER, with_email=frozenset({CUSTOMER})),
         Recipient(CUSTOMER)),
        # No salesperson, no agent: no fallback, the step says whom to write to.
        ("salesperson", "collections", Contacts(CUSTOMER, with_email=frozenset({CUSTOMER})),
         Recipient(None, "no_salesperson")),
        ("agent", "collections", Contacts(CUSTOMER, with_email=frozenset({CUSTOMER})),
         Recipient(None, "no_agent")),
        # The collections contact is chosen even without an address: refused, naming them.
        ("customer", "collections", Contacts(CUSTOMER, collections_contact_id=CONTACT,
                                             with_email=frozenset({CUSTOMER})),
         Recipient(CONTACT, "no_email")),
    ],
)
def test_step_recipient(recipient, contact_type, contacts, expected):
    assert step_recipient(recipient, contact_type, contacts) == expected


def test_reminder_recipient_is_the_collections_contact_with_an_address():
    assert reminder_recipient(ALL) == CONTACT
    assert reminder_recipient(Contacts(CUSTOMER, collections_contact_id=CONTACT)) == CUSTOMER
    assert reminder_recipient(Contacts(CUSTOMER)) == CUSTOMER


USERS = {"step_user_id": None, "salesperson_id": 20, "agent_id": 30, "author_id": 40,
         "current_user_id": 50}


@pytest.mark.parametrize(
    "recipient, users, expected",
    [
        ("customer", dict(USERS, step_user_id=10), 10),
        ("salesperson", USERS, 20),
        ("customer", USERS, 30),
        ("agent", USERS, 30),
        ("salesperson", dict(USERS, salesperson_id=None), 30),
        ("customer", dict(USERS, agent_id=None), 20),
        ("customer", dict(USERS, agent_id=None, salesperson_id=None), 40),
        ("customer", dict(USERS, agent_id=None, salesperson_id=None, author_id=None), 50),
    ],
)
def test_activity_responsible(recipient, users, expected):
    assert activity_responsible(recipient, **users) == expected


IDS = st.one_of(st.none(), st.integers(min_value=2, max_value=6))


@given(
    st.sampled_from(vocabulary.keys(vocabulary.RECIPIENTS)),
    st.sampled_from(vocabulary.keys(vocabulary.CONTACT_TYPES)),
    IDS, IDS, IDS, IDS, st.frozensets(st.integers(min_value=1, max_value=6)),
)
def test_step_recipient_is_one_of_the_contacts_with_an_address(
        recipient, contact_type, sales, agent, contact, invoice, with_email):
    contacts = Contacts(1, sales, agent, contact, invoice, with_email)
    partner_id, refusal = step_recipient(recipient, contact_type, contacts)
    assert refusal is None or refusal in RECIPIENT_REFUSALS
    if refusal is None:
        assert partner_id in with_email
        assert partner_id in (1, sales, agent, contact, invoice)
    elif refusal == "no_email":
        assert partner_id not in with_email


@given(st.sampled_from(vocabulary.keys(vocabulary.RECIPIENTS)), IDS, IDS, IDS, IDS)
def test_the_responsible_is_always_someone_given(recipient, step_user, sales, agent, author):
    chosen = activity_responsible(recipient, step_user_id=step_user, salesperson_id=sales,
                                  agent_id=agent, author_id=author, current_user_id=1)
    assert chosen in (step_user, sales, agent, author, 1)
    if step_user:
        assert chosen == step_user
