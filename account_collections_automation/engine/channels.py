# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""More channels than e-mail and letters, and the customer's answers.

- **Fallback channel**: each process step may name a fallback action type,
  tried in the same run when the step's action fails (no address, no usable
  number, a bounce, a wrong number, no answer after the call retries). When
  the fallback fails too, the chain goes on with the fallback of the
  process's first step (by sequence) of the action type that failed, never
  to an action type tried already; a chain that comes back to an action
  type it left (A -> B -> A) is refused.
- **SMS**: the state of an SMS action follows Odoo's SMS notification.
- **Phone call**: the outcome the agent records decides the item's status,
  whether the call is to be tried again, and whether the fallback runs.
- **Replies**: a customer's reply to a collections e-mail pauses the process
  for that customer for the process's number of days.

Plain values in, decisions out; the models apply them.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from .errors import ConfigError
from .reasons import _
from .vocabulary import ACTION_STATES, ACTION_TYPES, CALL_OUTCOMES, keys

REACHED, NO_ANSWER, PROMISE, DISPUTE, WRONG_NUMBER = keys(CALL_OUTCOMES)
QUEUED, SENDING, DONE, FAILED, BOUNCED = keys(ACTION_STATES)

# Why an action failed, as message ids the models translate.
NO_MOBILE = _("%(recipient)s has no usable mobile number")
SMS_REFUSED = _("the SMS was not sent: %(failure)s")
WRONG_NUMBER_REASON = _("wrong number: %(number)s")
NO_ANSWER_LIMIT = _("no answer after %(count)s calls")
BOUNCE_REASON = _("the e-mail to %(email)s bounced")
FALLBACK_OF = _("fallback of %(action_type)s that failed: %(error)s")
REPLIED = _("the customer replied on %(date)s; the process pauses until %(until)s")
# Refusals of bad settings (the models say them with the field's label).
SMS_TEMPLATE_REQUIRED = _(
    "%(field)s: empty on step %(step)s, which sends an SMS; choose an SMS template.")
FALLBACK_LOOP = _(
    "%(field)s: the fallback chain of step %(step)s loops: %(chain)s; a fallback "
    "never comes back to an action type it left.")
PROMISE_DATE_REQUIRED = _(
    "%(field)s: not set for the outcome %(outcome)s; a promise to pay needs its date.")


def validate_fallbacks(steps: Iterable) -> None:
    """Raise :class:`~.errors.ConfigError` when the fallback chain of a
    process's steps (each an object with ``id``, ``sequence``, ``action_type``
    and ``fallback_action_type``) comes back to an action type it left.

    >>> from types import SimpleNamespace as Step
    >>> validate_fallbacks([Step(id=1, sequence=1, action_type='sms',
    ...                         fallback_action_type='email')])
    >>> try:
    ...     validate_fallbacks([
    ...         Step(id=1, sequence=1, action_type='sms', fallback_action_type='email'),
    ...         Step(id=2, sequence=2, action_type='email', fallback_action_type='sms')])
    ... except ConfigError as error:
    ...     print(error.field, error.value, error.rule, error.step_id)
    fallback_action_type ('sms', 'email', 'sms') loop 1
    >>> try:
    ...     validate_fallbacks([Step(id=3, sequence=1, action_type='sms',
    ...                              fallback_action_type='sms')])
    ... except ConfigError as error:
    ...     print(error.value, error.step_id)
    ('sms', 'sms') 3
    """
    steps = sorted(steps, key=lambda step: (step.sequence, step.id))
    for step in steps:
        fallback = step.fallback_action_type
        if fallback and fallback not in keys(ACTION_TYPES):
            raise ConfigError("fallback_action_type", fallback, "unknown",
                              f"step {step.id}: unknown fallback_action_type: {fallback!r}",
                              step_id=step.id)
    for step in steps:
        chain = [step.action_type]
        current = step
        while current is not None and current.fallback_action_type:
            chain.append(current.fallback_action_type)
            if chain[-1] in chain[:-1]:
                raise ConfigError(
                    "fallback_action_type", tuple(chain), "loop",
                    f"step {step.id}: the fallback chain loops: {' -> '.join(chain)}",
                    step_id=step.id)
            current = _first_of_type(steps, chain[-1])


def _first_of_type(steps, action_type):
    return next((step for step in steps if step.action_type == action_type), None)


def next_fallback(step, steps: Iterable, tried: Iterable[str]) -> str | None:
    """The action type to try after the actions of ``tried`` failed (the
    step's own action type first, in the order tried), or None: the step's
    fallback after its own action, then each fallback's own fallback (the
    process's first step of that type), never one tried already.

    >>> from types import SimpleNamespace as Step
    >>> sms = Step(id=1, sequence=1, action_type='sms', fallback_action_type='email')
    >>> mail = Step(id=2, sequence=2, action_type='email', fallback_action_type='letter')
    >>> next_fallback(sms, [sms, mail], ['sms'])
    'email'
    >>> next_fallback(sms, [sms, mail], ['sms', 'email'])
    'letter'
    >>> next_fallback(sms, [sms, mail], ['sms', 'email', 'letter']) is None
    True
    """
    tried = list(tried)
    if len(tried) <= 1:
        candidate = step.fallback_action_type or None
    else:
        owner = _first_of_type(sorted(steps, key=lambda s: (s.sequence, s.id)), tried[-1])
        candidate = (owner.fallback_action_type or None) if owner is not None else None
    if candidate in tried:
        return None
    return candidate


def sms_state(notification_status: str | None) -> str | None:
    """The history state of an SMS action from its Odoo notification's status
    (``mail.notification.notification_status``), None when unknown.

    >>> sms_state('ready'), sms_state('sent'), sms_state('exception'), sms_state(None)
    ('sending', 'done', 'failed', None)
    """
    return {
        "ready": SENDING,
        "process": SENDING,
        "pending": DONE,
        "sent": DONE,
        "exception": FAILED,
        "bounce": FAILED,
        "canceled": FAILED,
    }.get(notification_status)


class CallEffect(NamedTuple):
    """What a call outcome does: the item's new collections status (None:
    unchanged), whether the call is tried again, whether the call action
    failed (its fallback then runs)."""

    status: str | None
    retry: bool
    failed: bool


def validate_call_outcome(outcome: str, promise_date: date | None,
                          promise_amount: Decimal | None) -> None:
    """Raise :class:`~.errors.ConfigError` on an outcome that lacks what it
    needs: a promise to pay without its date, or with a negative amount.

    >>> validate_call_outcome('promise', date(2026, 7, 1), Decimal(10))
    >>> try:
    ...     validate_call_outcome('promise', None, Decimal(10))
    ... except ConfigError as error:
    ...     print(error.field, error.value, error.rule)
    promise_date None required
    """
    if outcome not in keys(CALL_OUTCOMES):
        raise ConfigError("outcome", outcome, "unknown", f"unknown outcome: {outcome!r}")
    if outcome == PROMISE:
        if not promise_date:
            raise ConfigError("promise_date", promise_date, "required",
                              "a promise to pay needs its date")
        if promise_amount is not None and promise_amount < 0:
            raise ConfigError("promise_amount", promise_amount, "negative",
                              f"promise_amount must not be negative: {promise_amount!r}")


def call_effect(outcome: str, no_answer_count: int, retry_limit: int) -> CallEffect:
    """What a call outcome does. ``no_answer_count`` counts the calls without
    an answer so far, this one included; after ``retry_limit`` of them (the
    step's setting; 0: no retry) the call failed and the fallback runs.

    >>> call_effect('promise', 0, 2)
    CallEffect(status='promised', retry=False, failed=False)
    >>> call_effect('no_answer', 1, 2)
    CallEffect(status=None, retry=True, failed=False)
    >>> call_effect('no_answer', 2, 2)
    CallEffect(status=None, retry=False, failed=True)
    >>> call_effect('wrong_number', 0, 2)
    CallEffect(status=None, retry=False, failed=True)
    """
    if outcome == PROMISE:
        return CallEffect("promised", False, False)
    if outcome == DISPUTE:
        return CallEffect("disputed", False, False)
    if outcome == WRONG_NUMBER:
        return CallEffect(None, False, True)
    if outcome == NO_ANSWER:
        if no_answer_count < retry_limit:
            return CallEffect(None, True, False)
        return CallEffect(None, False, True)
    return CallEffect(None, False, False)


def paused_until(reply_date: date, pause_days: int) -> date:
    """The first day the process acts again for a customer who replied on
    ``reply_date``.

    >>> paused_until(date(2026, 6, 1), 5)
    datetime.date(2026, 6, 6)
    """
    return reply_date + timedelta(days=pause_days)


def is_paused(until: date | None, today: date) -> bool:
    """Whether the process leaves the customer alone today.

    >>> is_paused(date(2026, 6, 6), date(2026, 6, 5)), is_paused(date(2026, 6, 6), date(2026, 6, 6))
    (True, False)
    >>> is_paused(None, date(2026, 6, 6))
    False
    """
    return until is not None and today < until
