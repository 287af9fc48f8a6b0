# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Who receives a collections e-mail and who is responsible for an activity.

The models gather the customer's contacts as plain ids (and which of them
have an e-mail address) and apply the choice made here.
"""

from dataclasses import dataclass
from typing import NamedTuple

from .vocabulary import CONTACT_TYPES, RECIPIENTS, keys

CUSTOMER, SALESPERSON, AGENT = keys(RECIPIENTS)
COLLECTIONS_CONTACT, INVOICE_ADDRESS, COMPANY = keys(CONTACT_TYPES)

# Why a step's e-mail has no recipient.
RECIPIENT_REFUSALS = ("no_salesperson", "no_agent", "no_email", "no_mobile")


@dataclass(frozen=True)
class Contacts:
    """A customer's contacts, as partner ids (``None``: there is none).

    ``with_email`` holds the ids among them that have an e-mail address.
    """

    customer_id: int
    salesperson_partner_id: int | None = None
    agent_partner_id: int | None = None
    collections_contact_id: int | None = None
    invoice_address_id: int | None = None
    with_email: frozenset = frozenset()
    # The ids among them that have a usable mobile number (an SMS can go).
    with_mobile: frozenset = frozenset()


class Recipient(NamedTuple):
    """The partner to write to, or why there is none (``refusal``, one of
    :data:`RECIPIENT_REFUSALS`); with ``no_email``, ``partner_id`` is the
    partner chosen, who has no address."""

    partner_id: int | None
    refusal: str | None = None


def step_recipient(recipient: str, contact_type: str, contacts: Contacts) -> Recipient:
    """The partner a process step's e-mail goes to.

    ``recipient`` (a key of ``RECIPIENTS``) picks the customer's salesperson,
    collections agent, or the customer; for the customer, ``contact_type``
    (a key of ``CONTACT_TYPES``) picks their collections contact (else the
    customer), invoice address (else the customer) or the customer itself.
    The partner chosen needs an e-mail address.

    >>> contacts = Contacts(1, salesperson_partner_id=2, collections_contact_id=3,
    ...                     with_email=frozenset({1, 2}))
    >>> step_recipient('salesperson', 'collections', contacts)
    Recipient(partner_id=2, refusal=None)
    >>> step_recipient('agent', 'collections', contacts)
    Recipient(partner_id=None, refusal='no_agent')
    >>> step_recipient('customer', 'collections', contacts)
    Recipient(partner_id=3, refusal='no_email')
    >>> step_recipient('customer', 'invoice', contacts)
    Recipient(partner_id=1, refusal=None)
    """
    if recipient == SALESPERSON:
        partner_id = contacts.salesperson_partner_id
        if not partner_id:
            return Recipient(None, "no_salesperson")
    elif recipient == AGENT:
        partner_id = contacts.agent_partner_id
        if not partner_id:
            return Recipient(None, "no_agent")
    elif contact_type == COLLECTIONS_CONTACT:
        partner_id = contacts.collections_contact_id or contacts.customer_id
    elif contact_type == INVOICE_ADDRESS:
        partner_id = contacts.invoice_address_id or contacts.customer_id
    else:
        partner_id = contacts.customer_id
    if partner_id not in contacts.with_email:
        return Recipient(partner_id, "no_email")
    return Recipient(partner_id)


def reminder_recipient(contacts: Contacts) -> int:
    """The partner a reminder is addressed to: the customer's collections
    contact when they have an e-mail address, else the customer.

    >>> reminder_recipient(Contacts(1, collections_contact_id=3, with_email=frozenset({3})))
    3
    >>> reminder_recipient(Contacts(1, collections_contact_id=3))
    1
    """
    contact_id = contacts.collections_contact_id
    if contact_id and contact_id in contacts.with_email:
        return contact_id
    return contacts.customer_id


def activity_responsible(
    recipient: str,
    *,
    step_user_id: int | None,
    salesperson_id: int | None,
    agent_id: int | None,
    author_id: int | None,
    current_user_id: int,
) -> int:
    """The user a process step's activity is assigned to.

    The step's own responsible; else, for a step addressed to the
    salesperson, the customer's salesperson; else the customer's
    collections agent, salesperson, the process's e-mail author, or the user
    running the process, the first there is (user ids, ``None``: none).

    >>> users = dict(step_user_id=None, salesperson_id=5, agent_id=6, author_id=7,
    ...              current_user_id=8)
    >>> activity_responsible('customer', **users)
    6
    >>> activity_responsible('salesperson', **users)
    5
    >>> activity_responsible('agent', **dict(users, step_user_id=9))
    9
    >>> activity_responsible('customer', **dict(users, salesperson_id=None, agent_id=None))
    7
    """
    if step_user_id:
        return step_user_id
    if recipient == SALESPERSON and salesperson_id:
        return salesperson_id
    return agent_id or salesperson_id or author_id or current_user_id


def sms_recipient(contacts: Contacts) -> Recipient:
    """The partner a process step's SMS goes to: the customer's collections
    contact when they have a usable mobile number, else the customer (the
    fallback of :func:`reminder_recipient`); ``no_mobile`` when neither has
    one, with the partner who should have had it.

    >>> sms_recipient(Contacts(1, collections_contact_id=3, with_mobile=frozenset({1, 3})))
    Recipient(partner_id=3, refusal=None)
    >>> sms_recipient(Contacts(1, collections_contact_id=3, with_mobile=frozenset({1})))
    Recipient(partner_id=1, refusal=None)
    >>> sms_recipient(Contacts(1, collections_contact_id=3))
    Recipient(partner_id=3, refusal='no_mobile')
    """
    contact_id = contacts.collections_contact_id
    if contact_id and contact_id in contacts.with_mobile:
        return Recipient(contact_id)
    if contacts.customer_id in contacts.with_mobile:
        return Recipient(contacts.customer_id)
    return Recipient(contact_id or contacts.customer_id, "no_mobile")
