# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Collections process automation (Dynamics 365 Finance): who follows which
process, and which action each process takes today.

- **Assignment**: a customer follows the process assigned to them manually,
  else the process of lowest rank among those whose pool they are in.
- **Steps** are placed before or after the due date of the customer's
  *leading* item: the oldest open item that is not excluded. An item is an
  invoice's receivable line with a due date: an invoice on a payment term
  with several due dates has one per installment, each with its own due date,
  residual and collections status; the oldest open installment leads. A run takes
  the latest step reached, once; it never goes back to an earlier step and
  never repeats one. When the leading invoice is paid, the next oldest one
  leads and the steps start over for it.
- **Pre-reminder**: one step of a process may be marked as such; it applies to
  *every* open invoice not yet due, once per invoice (not per installment),
  when the invoice reaches it, unless the invoice has already reached the next
  regular step. An invoice due on or before the run date gets no
  pre-reminder: it is no longer about to fall due; nor does any invoice of a
  customer who already has an older item overdue (Dynamics 365's rule).
- **Quiet days**: no automated action for a customer within that many days
  of the process's last action for them, even if the leading invoice has been
  paid meanwhile. Actions are deferred, not lost.
- **Exclusions**: invoices on hold, items disputed or with a pending promise
  to pay are never acted on (``chase.hold_reason``): the next oldest eligible
  item leads; resolved disputes and broken promises come back. A process may also
  exclude invoices whose residual is below an amount, or customers whose aged
  balance is below an amount.
- **Prediction**: when the process uses it and the customer is predicted to
  pay late, each invoice due within ``prediction_days_before`` days gets one
  activity.

History is a set of ``(kind, step_id or 0, move_id)`` triples already done.

Reasons are :class:`~.reasons.Reason` objects: a message id below and plain
parameters; the Odoo layer translates them in the reader's language.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from . import channels, communication
from .chase import FREE_STATUSES, hold_reason
from .errors import ConfigError
from .payment_classes import VERY_LATE, ClassPrediction, classify, predicted_class
from .prediction import Prediction
from .reasons import Reason, _
from .vocabulary import ACTION_STATES, ACTION_TYPES, DECISION_KINDS, EXCLUDE_MODES, TIMINGS, keys

STEP, PRE_REMINDER, PREDICTION = keys(DECISION_KINDS)[:3]
QUEUED, SENDING, DONE, FAILED = keys(ACTION_STATES)[:4]

# Reasons of assignments
MANUALLY_ASSIGNED = _("manually assigned")
POOL_ONLY_PROCESS = _("pool of rank %(rank)s, the only matching process")
POOL_BEST_PROCESS = _("pool of rank %(rank)s, best of %(count)s matching processes")
IN_IDLE_POOL = _("in pool %(pool)s, which no process works")
IN_NO_POOL = _("in no pool")
# Reasons of decisions, and the position of a due date relative to today
DAYS_PAST_DUE = _("%(days)s days past due")
ONE_DAY_PAST_DUE = _("1 day past due")
DUE_IN_DAYS = _("due in %(days)s days")
DUE_IN_ONE_DAY = _("due in 1 day")
DUE_TODAY = _("due today")
STEP_REACHED = _("leading invoice %(when)s; step %(step)s at %(offset)s")
STEP_REACHED_ONE_SKIPPED = _(
    "leading invoice %(when)s; step %(step)s at %(offset)s (1 earlier step skipped)")
STEP_REACHED_SKIPPED = _(
    "leading invoice %(when)s; step %(step)s at %(offset)s "
    "(%(skipped)s earlier steps skipped)")
STEP_RESUMED = _(
    "leading invoice %(when)s; step %(step)s at %(offset)s, the next after %(previous)s "
    "(track step)")
PRE_REMINDER_DUE = _("invoice due on %(date)s, %(when)s; pre-reminder %(step)s at %(offset)s")
PREDICTED_LATE = _(
    "invoice %(when)s, likely to be paid late: %(on_time)s%% on time, %(late)s%% late, "
    "%(very_late)s%% very late; %(factors)s")
PREDICTED_VERY_LATE = _(
    "invoice %(when)s, likely to be paid very late: %(on_time)s%% on time, %(late)s%% late, "
    "%(very_late)s%% very late; %(factors)s")
FACTORS_1 = _("%(first)s")
FACTORS_2 = _("%(first)s; %(second)s")
FACTORS_3 = _("%(first)s; %(second)s; %(third)s")
# Paid invoices needed before the process predicts anything for a customer.
PREDICTION_MIN_SAMPLES = 3


@dataclass(frozen=True)
class StepConfig:
    """A process step: an action ``days`` before or after the due date.

    >>> StepConfig(1, 10, 'email', 'before', 5).offset
    -5
    >>> StepConfig(2, 20, 'letter', 'after', 30).offset
    30
    """

    id: int
    sequence: int
    action_type: str
    timing: str
    days: int
    pre_reminder: bool = False
    name: str = ""
    activity_days: int = 0
    # The action type tried in the same run when this step's action fails.
    fallback_action_type: str = ""
    # An SMS step needs its SMS template.
    has_sms_template: bool = True
    # A phone-call step: calls without an answer before the fallback runs.
    call_retry_limit: int = 0

    @property
    def offset(self) -> int:
        """Days relative to the leading invoice's due date (the one definition:
        the step's ``offset`` field shows it)."""
        return -self.days if self.timing == "before" else self.days

    @property
    def label(self) -> str:
        """The step's name for reasons, or its id when it has none."""
        return f"'{self.name}'" if self.name else f"#{self.id}"


@dataclass(frozen=True)
class ProcessConfig:
    """A collections process (process hierarchy) and its steps."""

    id: int
    rank: int
    quiet_days: int = 0
    exclude_mode: str = "none"
    exclude_amount: Decimal = Decimal(0)
    use_prediction: bool = False
    prediction_days_before: int = 7
    steps: tuple[StepConfig, ...] = ()
    # Take the steps of an item one after the other, never one twice, resuming
    # after the last one done when the item comes back (resolved, promise
    # broken, off hold); off: the latest step reached by today.
    track_step: bool = False
    # An item that had the last step leaves the process: the next oldest leads.
    exclude_after_last_step: bool = False
    # Payment prediction (D365): a payment more than ``very_late_days`` after
    # the due date is very late; an activity for the late (very late) class
    # when its probability reaches the threshold, in percent.
    very_late_days: int = 30
    prediction_late_threshold: int = 50
    prediction_very_late_threshold: int = 50
    # Days the process leaves a customer alone after they replied.
    reply_pause_days: int = 0


class OpenInvoice(NamedTuple):
    """An open item of a customer invoice (one installment: a receivable line
    with its due date), amounts in company currency; ``line_id`` 0 when the
    invoice is read as a whole.

    A named tuple, not a dataclass: a run makes one per open invoice, and a
    tuple is built in half the time (immutable all the same).
    """

    move_id: int
    due_date: date
    residual: Decimal
    amount_total: Decimal
    on_hold: bool = False
    status: str = "none"  # the item's collection status
    promise_date: date | None = None
    line_id: int = 0


class CustomerFacts(NamedTuple):
    """What the engine knows of a customer for one process (a named tuple,
    as ``OpenInvoice``: one per customer of a run, made in a fraction of a
    frozen dataclass's time)."""

    partner_id: int
    invoices: tuple[OpenInvoice, ...]
    aged_balance: Decimal
    last_contact_date: date | None = None
    done: frozenset = frozenset()
    prediction: Prediction | None = None
    # The paid invoices (``prediction.PaymentRecord``) the class prediction learns from.
    payment_history: tuple = ()
    # The customer replied: no action before this date (engine.channels).
    paused_until: date | None = None


_KEEP = object()  # Decision.covering: the decision's own sent_with


class Decision(NamedTuple):
    """An action the process takes for a customer today (a named tuple: a run
    makes one or two per customer; a frozen dataclass sets each of its twelve
    fields through ``object.__setattr__``)."""

    partner_id: int
    process_id: int
    kind: str
    step_id: int | None
    move_id: int
    action_type: str
    offset: int | None
    reason: Reason
    line_id: int = 0  # the item (installment) acted on; 0 when not told
    # The items the action covers (an e-mail or letter lists several), and the
    # key of the decision whose message it is sent with (one per customer).
    move_line_ids: tuple[int, ...] = ()
    sent_with: tuple[str, int, int] | None = None
    outcome: str = ""  # a payment prediction's class: late / very_late

    @property
    def key(self) -> tuple[str, int, int]:
        """The history triple this decision adds once done.

        >>> Decision(7, 1, 'prediction', None, 42, 'activity', None, Reason('')).key
        ('prediction', 0, 42)
        """
        return (self.kind, self.step_id or 0, self.move_id)

    def covering(self, move_line_ids, sent_with=_KEEP):
        """This decision covering ``move_line_ids``, sent with ``sent_with``'s
        message (else as it was): ``dataclasses.replace``, written out (a run
        makes one per customer, and ``replace`` inspects the fields each time).

        >>> decision = Decision(7, 1, 'step', 5, 42, 'email', 10, Reason(''), 3)
        >>> covered = decision.covering((3, 4), ('step', 5, 41))
        >>> covered.move_line_ids, covered.sent_with, covered.line_id, decision.move_line_ids
        ((3, 4), ('step', 5, 41), 3, ())
        >>> covered == decision._replace(move_line_ids=(3, 4), sent_with=('step', 5, 41))
        True
        >>> covered.covering((5,)).sent_with
        ('step', 5, 41)
        >>> len(Decision._fields)  # a new field: add it to covering() too
        12
        """
        return Decision(self.partner_id, self.process_id, self.kind, self.step_id,
                        self.move_id, self.action_type, self.offset, self.reason,
                        self.line_id, move_line_ids,
                        self.sent_with if sent_with is _KEEP else sent_with, self.outcome)


class Assignment(NamedTuple):
    """Which process a customer follows, and why (a named tuple: one per
    customer of a run)."""

    partner_id: int
    process_id: int | None
    source: str
    rank: int | None
    reason: Reason


def assign(
    pool_matches: Mapping[int, Iterable[tuple[int, int]]],
    manual: Mapping[int, int | None],
    idle_pools: Mapping[int, Iterable[str]] | None = None,
) -> dict[int, Assignment]:
    """Assign each customer to a process: manual first, else best pool rank.

    ``pool_matches`` maps a partner to the ``(rank, process_id)`` of every
    active process whose pool they are in; ``manual`` maps a partner to a
    manually assigned process (``None`` = by pool). Ties of rank go to the
    lowest process id. Every partner of either mapping gets an assignment.
    ``idle_pools`` maps a partner to the names of the pools they are in that
    no active process works: a customer in no other pool is said to be there.

    >>> result = assign({1: [(2, 10), (1, 11)], 2: [(3, 12)], 3: [], 4: []}, {2: 10},
    ...                 {4: ['Export']})
    >>> result[1].process_id, str(result[1].reason)
    (11, 'pool of rank 1, best of 2 matching processes')
    >>> result[2].process_id, result[2].source, str(result[2].reason)
    (10, 'manual', 'manually assigned')
    >>> result[3].source, str(result[3].reason)
    ('none', 'in no pool')
    >>> result[4].source, str(result[4].reason)
    ('none', 'in pool Export, which no process works')
    """
    idle_pools = idle_pools or {}
    result = {}
    # A run assigns thousands of customers to a few processes: the pool
    # reasons are made once per (rank, count), and most customers match one
    # process (nothing to sort).
    pool_reasons = {}
    for partner_id in sorted(set(pool_matches) | set(manual) | set(idle_pools)):
        found = list(pool_matches.get(partner_id, ()))
        matches = sorted(set(found)) if len(found) > 1 else found
        ranks = {process_id: rank for rank, process_id in reversed(matches)}
        manual_id = manual.get(partner_id)
        if manual_id is not None:
            result[partner_id] = Assignment(
                partner_id, manual_id, "manual", ranks.get(manual_id), Reason(MANUALLY_ASSIGNED)
            )
        elif matches:
            rank, process_id = matches[0]
            count = len(ranks)
            reason = pool_reasons.get((rank, count))
            if reason is None:
                reason = pool_reasons[(rank, count)] = (
                    Reason.of(POOL_ONLY_PROCESS, rank=rank) if count == 1
                    else Reason.of(POOL_BEST_PROCESS, rank=rank, count=count))
            result[partner_id] = Assignment(partner_id, process_id, "pool", rank, reason)
        elif idle_pools.get(partner_id):
            pools = ", ".join(sorted(idle_pools[partner_id]))
            result[partner_id] = Assignment(
                partner_id, None, "none", None, Reason.of(IN_IDLE_POOL, pool=pools))
        else:
            result[partner_id] = Assignment(partner_id, None, "none", None, Reason(IN_NO_POOL))
    return result


def validate_process(process: ProcessConfig) -> None:
    """Raise :class:`~.errors.ConfigError` naming the field, the value, the rule
    broken and the step of a bad setting; the models' constraints call it.

    >>> validate_process(ProcessConfig(1, 1, steps=(StepConfig(1, 1, 'email', 'after', 3),)))
    >>> validate_process(ProcessConfig(1, 1, quiet_days=-2))
    Traceback (most recent call last):
    ...
    account_collections_automation.engine.errors.ConfigError: quiet_days must not be negative: -2
    >>> try:
    ...     validate_process(ProcessConfig(1, 1, steps=(
    ...         StepConfig(4, 1, 'activity', 'after', 3, activity_days=-1),)))
    ... except ConfigError as error:
    ...     print(error.field, error.value, error.rule, error.step_id)
    activity_days -1 negative 4
    """
    for name in ("prediction_late_threshold", "prediction_very_late_threshold"):
        value = getattr(process, name)
        if not 0 <= value <= 100:
            raise ConfigError(name, value, "negative" if value < 0 else "over_100",
                              f"{name} must be a percentage from 0 to 100: {value!r}")
    for name in ("quiet_days", "prediction_days_before", "reply_pause_days"):
        value = getattr(process, name)
        if value < 0:
            raise ConfigError(name, value, "negative", f"{name} must not be negative: {value!r}")
    if process.exclude_mode not in keys(EXCLUDE_MODES):
        raise ConfigError("exclude_mode", process.exclude_mode, "unknown",
                          f"unknown exclude_mode: {process.exclude_mode!r}")
    if process.exclude_amount < 0:
        raise ConfigError("exclude_amount", process.exclude_amount, "negative",
                          f"exclude_amount must not be negative: {process.exclude_amount!r}")
    if process.exclude_after_last_step and not any(
            not step.pre_reminder for step in process.steps):
        raise ConfigError("exclude_after_last_step", True, "needs_steps",
                          "exclude_after_last_step needs at least one step that is not a "
                          "pre-reminder")
    for step in process.steps:
        validate_step(step)
    validate_steps(process.steps)


def validate_step(step: StepConfig) -> None:
    """Raise :class:`~.errors.ConfigError` on a bad setting of one step; a
    pre-reminder acts before the due date (its offset is negative).

    >>> validate_step(StepConfig(4, 1, 'activity', 'before', 3, activity_days=2))
    >>> validate_step(StepConfig(4, 1, 'activity', 'after', -3))
    Traceback (most recent call last):
    ...
    account_collections_automation.engine.errors.ConfigError: step 4: days must not be negative: -3
    """
    where = f"step {step.id}"
    for name, vocabulary in (("action_type", ACTION_TYPES), ("timing", TIMINGS)):
        value = getattr(step, name)
        if value not in keys(vocabulary):
            raise ConfigError(name, value, "unknown", f"{where}: unknown {name}: {value!r}",
                              step_id=step.id)
    for name in ("days", "activity_days", "call_retry_limit"):
        value = getattr(step, name)
        if value < 0:
            raise ConfigError(name, value, "negative",
                              f"{where}: {name} must not be negative: {value!r}",
                              step_id=step.id)
    if "sms" in (step.action_type, step.fallback_action_type) and not step.has_sms_template:
        raise ConfigError("sms_template_id", None, "required",
                          f"{where}: an SMS step needs its SMS template", step_id=step.id)
    if step.pre_reminder and step.offset >= 0:
        raise ConfigError(
            "pre_reminder", step.offset, "before_due_only",
            f"{where}: a pre-reminder warns before the due date, it cannot be "
            f"{step.timing!r} {step.days} days",
            step_id=step.id,
        )


def validate_steps(steps: Iterable[StepConfig]) -> None:
    """Raise :class:`~.errors.ConfigError` when the steps of one process break
    a rule together: a pre-reminder on more than one step.

    >>> try:
    ...     validate_steps([StepConfig(1, 1, 'email', 'before', 3, True),
    ...                     StepConfig(2, 2, 'email', 'before', 1, True)])
    ... except ConfigError as error:
    ...     print(error.field, error.value, error.rule)
    pre_reminder (1, 2) one_only
    """
    steps = list(steps)
    channels.validate_fallbacks(steps)
    pre_reminders = tuple(step.id for step in steps if step.pre_reminder)
    if len(pre_reminders) > 1:
        raise ConfigError(
            "pre_reminder", pre_reminders, "one_only",
            f"pre_reminder may be set on one step only, not on steps {list(pre_reminders)!r}",
        )


def excluded_invoice(
    process: ProcessConfig, invoice: OpenInvoice, today: date
) -> str | None:
    """Why the process leaves this invoice alone on ``today``, or ``None``.

    >>> process = ProcessConfig(1, 1, exclude_mode='invoice_amount',
    ...                         exclude_amount=Decimal(50))
    >>> day = date(2024, 1, 1)
    >>> excluded_invoice(process, OpenInvoice(9, day, Decimal(40), Decimal(80)), day)
    'residual 40 below 50'
    >>> excluded_invoice(process, OpenInvoice(9, day, Decimal(60), Decimal(80)), day)
    >>> excluded_invoice(process, OpenInvoice(9, day, Decimal(60), Decimal(80),
    ...                                       status='disputed'), day)
    'disputed'
    """
    held = hold_reason(invoice.on_hold, invoice.status, invoice.promise_date, today)
    if held is not None:
        return held
    if process.exclude_mode == "invoice_amount" and invoice.residual < process.exclude_amount:
        return f"residual {invoice.residual} below {process.exclude_amount}"
    return None


# Oldest due date first, then the invoice, then the item: (due_date, move_id,
# line_id) of an ``OpenInvoice`` (a C-level key: a run sorts every item).
_due_order = itemgetter(1, 0, 7)


def _open_invoices(
    process: ProcessConfig, customer: CustomerFacts, today: date
) -> list[OpenInvoice]:
    """Open (residual > 0), not excluded invoices, oldest due date first.

    ``excluded_invoice`` decides; most items are neither on hold nor with a
    status that holds them (``FREE_STATUSES``) and are above the amount
    floor, which is checked here without the call (17,000 items a run at
    the benchmark's size). ``test_open_invoices_fast_path`` checks both
    give the same items."""
    floor = process.exclude_amount if process.exclude_mode == "invoice_amount" else None
    invoices = [
        invoice
        for invoice in customer.invoices
        if invoice.residual > 0 and (
            (not invoice.on_hold and invoice.status in FREE_STATUSES
             and (floor is None or invoice.residual >= floor))
            or excluded_invoice(process, invoice, today) is None)
    ]
    invoices.sort(key=_due_order)
    return invoices


def leading_invoice(
    process: ProcessConfig, customer: CustomerFacts, today: date
) -> OpenInvoice | None:
    """The oldest open invoice the process does not exclude on ``today``, or ``None``.

    >>> customer = CustomerFacts(7, (
    ...     OpenInvoice(2, date(2024, 1, 1), Decimal(10), Decimal(10), on_hold=True),
    ...     OpenInvoice(4, date(2024, 2, 1), Decimal(10), Decimal(10)),
    ...     OpenInvoice(3, date(2024, 2, 1), Decimal(10), Decimal(10)),
    ... ), Decimal(30))
    >>> leading_invoice(ProcessConfig(1, 1), customer, date(2024, 1, 15)).move_id
    3
    """
    invoices = _open_invoices(process, customer, today)
    return invoices[0] if invoices else None


def customer_excluded(process: ProcessConfig, customer: CustomerFacts) -> str | None:
    """Why the process leaves this customer alone, or ``None``.

    >>> process = ProcessConfig(1, 1, exclude_mode='aged_balance',
    ...                         exclude_amount=Decimal(100))
    >>> customer_excluded(process, CustomerFacts(7, (), Decimal(30)))
    'aged balance 30 below 100'
    """
    if process.exclude_mode == "aged_balance" and customer.aged_balance < process.exclude_amount:
        return f"aged balance {customer.aged_balance} below {process.exclude_amount}"
    return None


@lru_cache(maxsize=1024)
def _when(elapsed: int) -> Reason:
    """The position of a due date relative to today, in words (the same few
    hundred values for all the customers of a run: made once each).

    >>> [str(_when(days)) for days in (3, 1, 0, -1, -4)]
    ['3 days past due', '1 day past due', 'due today', 'due in 1 day', 'due in 4 days']
    """
    if elapsed > 0:
        return Reason.of(DAYS_PAST_DUE, days=elapsed) if elapsed != 1 else Reason(ONE_DAY_PAST_DUE)
    if elapsed < 0:
        return Reason.of(DUE_IN_DAYS, days=-elapsed) if elapsed != -1 else Reason(DUE_IN_ONE_DAY)
    return Reason(DUE_TODAY)


@dataclass(frozen=True)
class _StepPlan:
    """A process's steps ordered once for all its customers: the regular
    steps, each with the next one's offset, and the pre-reminders."""

    regular: tuple[StepConfig, ...]
    offsets: tuple[int, ...]
    pre_reminders: tuple[tuple[StepConfig, int, int | None], ...]  # (step, offset, next offset)

    @classmethod
    def of(cls, process: ProcessConfig) -> "_StepPlan":
        regular = tuple(_ordered(step for step in process.steps if not step.pre_reminder))
        offsets = tuple(step.offset for step in regular)
        pre_reminders = []
        for step in _ordered(step for step in process.steps if step.pre_reminder):
            offset = step.offset
            following = next((o for o in offsets if o > offset), None)
            pre_reminders.append((step, offset, following))
        return cls(regular, offsets, tuple(pre_reminders))


def _in_quiet_days(process: ProcessConfig, customer: CustomerFacts, today: date) -> bool:
    last = customer.last_contact_date
    return last is not None and (today - last).days < process.quiet_days


def _ordered(steps: Iterable[StepConfig]) -> list[StepConfig]:
    return sorted(steps, key=lambda step: (step.offset, step.sequence, step.id))


def _step_decision(
    process: ProcessConfig,
    customer: CustomerFacts,
    plan: _StepPlan,
    leading: OpenInvoice,
    today: date,
) -> Decision | None:
    elapsed = (today - leading.due_date).days
    offsets = plan.offsets
    count = 0  # steps reached: the regular steps are ordered by offset
    while count < len(offsets) and offsets[count] <= elapsed:
        count += 1
    if not count:
        return None
    regular = plan.regular
    done = customer.done
    move_id = leading.move_id
    if process.track_step:
        return _tracked_step_decision(process, customer, regular, leading, elapsed, count)
    reached = regular[:count]
    latest = reached[-1]
    if done and any(
        (STEP, step.id, move_id) in done for step in regular if step.offset >= latest.offset
    ):
        return None
    skipped = sum(1 for step in reached[:-1] if (STEP, step.id, move_id) not in done)
    message = (STEP_REACHED if not skipped else STEP_REACHED_ONE_SKIPPED if skipped == 1
               else STEP_REACHED_SKIPPED)
    reason = _step_reason(message, elapsed, latest.label, latest.offset, skipped)
    return Decision(
        customer.partner_id,
        process.id,
        STEP,
        latest.id,
        move_id,
        latest.action_type,
        latest.offset,
        reason,
        leading.line_id,
    )


@lru_cache(maxsize=4096)
def _step_reason(message: str, elapsed: int, label: str, offset: int, skipped: int) -> Reason:
    """The reason of a step reached (the customers of a run share a few
    hundred: each made once, one object for all who share it).

    >>> str(_step_reason(STEP_REACHED, 12, "'Letter'", 10, 0))
    "leading invoice 12 days past due; step 'Letter' at +10"
    """
    return Reason.of(message, when=_when(elapsed), step=label, offset=f"{offset:+d}",
                     skipped=skipped)


def _tracked_step_decision(
    process: ProcessConfig,
    customer: CustomerFacts,
    regular: tuple[StepConfig, ...],
    leading: OpenInvoice,
    elapsed: int,
    reached: int,
) -> Decision | None:
    """Track step: the step after the last one done for the item, once it is
    reached; steps in order, none twice (the first ``reached`` steps are)."""
    done = customer.done
    move_id = leading.move_id
    last_done = max((index for index, step in enumerate(regular)
                     if (STEP, step.id, move_id) in done), default=-1)
    index = last_done + 1
    if index >= reached:
        return None  # every step reached is done, or the next is not reached yet
    step = regular[index]
    if last_done < 0:
        reason = Reason.of(STEP_REACHED, when=_when(elapsed), step=step.label,
                           offset=f"{step.offset:+d}")
    else:
        reason = Reason.of(STEP_RESUMED, when=_when(elapsed), step=step.label,
                           offset=f"{step.offset:+d}", previous=regular[last_done].label)
    return Decision(customer.partner_id, process.id, STEP, step.id, move_id,
                    step.action_type, step.offset, reason, leading.line_id)


def after_last_step(process: ProcessConfig, plan: "_StepPlan", customer: CustomerFacts,
                    invoice: OpenInvoice) -> bool:
    """Whether ``exclude_after_last_step`` takes this item out: it had the
    process's last step (by offset).

    >>> process = ProcessConfig(1, 1, exclude_after_last_step=True, steps=(
    ...     StepConfig(11, 1, 'email', 'after', 10), StepConfig(12, 2, 'letter', 'after', 30)))
    >>> item = OpenInvoice(100, date(2024, 1, 1), Decimal(50), Decimal(50))
    >>> plan = _StepPlan.of(process)
    >>> after_last_step(process, plan, CustomerFacts(7, (item,), Decimal(50),
    ...                 done=frozenset({('step', 11, 100)})), item)
    False
    >>> after_last_step(process, plan, CustomerFacts(7, (item,), Decimal(50),
    ...                 done=frozenset({('step', 12, 100)})), item)
    True
    """
    if not (process.exclude_after_last_step and plan.regular):
        return False
    return (STEP, plan.regular[-1].id, invoice.move_id) in customer.done


def _pre_reminder_decisions(
    process: ProcessConfig,
    customer: CustomerFacts,
    plan: _StepPlan,
    invoices: list[OpenInvoice],
    today: date,
) -> list[Decision]:
    decisions = []
    if not plan.pre_reminders:
        return decisions
    if invoices and invoices[0].due_date < today:
        # The customer already has an older item overdue: the process chases
        # that one; no friendly notice about the next (``invoices`` are the
        # eligible items, oldest due first).
        return decisions
    done = customer.done
    taken = set()  # the history is per invoice: one pre-reminder for its installments
    for invoice in invoices:
        elapsed = (today - invoice.due_date).days
        if elapsed >= 0:
            continue  # due on or before today: no longer about to fall due
        for step, offset, following in plan.pre_reminders:
            if offset > elapsed:
                continue
            if following is not None and elapsed >= following:
                continue  # stale: the invoice already reached the next step
            key = (PRE_REMINDER, step.id, invoice.move_id)
            if key in done or key in taken:
                continue
            taken.add(key)
            reason = Reason.of(PRE_REMINDER_DUE, date=invoice.due_date, when=_when(elapsed),
                               step=step.label, offset=f"{step.offset:+d}")
            decisions.append(
                Decision(
                    customer.partner_id,
                    process.id,
                    PRE_REMINDER,
                    step.id,
                    invoice.move_id,
                    step.action_type,
                    step.offset,
                    reason,
                    invoice.line_id,
                )
            )
    return decisions


def _factors(prediction: ClassPrediction) -> Reason:
    factors = prediction.factors
    message = (FACTORS_1, FACTORS_2, FACTORS_3)[len(factors) - 1]
    return Reason.of(message, **dict(zip(("first", "second", "third"), factors, strict=False)))


def _prediction_decisions(
    process: ProcessConfig,
    customer: CustomerFacts,
    invoices: list[OpenInvoice],
    today: date,
) -> list[Decision]:
    """Payment prediction as D365 presents it: each invoice falling due within
    ``prediction_days_before`` days gets its class probabilities; the late and
    very late classes take an activity when their probability reaches the
    process's threshold. At most one activity per customer per run: the
    invoice most likely to be paid very late, else late, leads; the others
    qualifying that day are covered by it (in the history, no activity)."""
    history = customer.payment_history
    if not process.use_prediction or len(history) < PREDICTION_MIN_SAMPLES:
        return []
    candidates = []
    taken = set()
    for invoice in invoices:
        days_left = (invoice.due_date - today).days
        if not 0 <= days_left <= process.prediction_days_before:
            continue
        key = (PREDICTION, 0, invoice.move_id)
        if key in customer.done or key in taken:
            continue
        taken.add(key)
        prediction = classify(history, invoice.amount_total, process.very_late_days)
        outcome = predicted_class(prediction, process.prediction_late_threshold,
                                  process.prediction_very_late_threshold)
        if outcome is not None:
            candidates.append((invoice, prediction, outcome, days_left))
    if not candidates:
        return []
    lead = max(candidates, key=lambda c: (c[2] == VERY_LATE, c[1].late + c[1].very_late,
                                          -c[0].due_date.toordinal(), -c[0].move_id))
    lead_key = (PREDICTION, 0, lead[0].move_id)
    lines = tuple(sorted({c[0].line_id for c in candidates if c[0].line_id}))
    decisions = []
    for invoice, prediction, outcome, days_left in candidates:
        message = PREDICTED_VERY_LATE if outcome == VERY_LATE else PREDICTED_LATE
        reason = Reason.of(message, when=_when(-days_left), on_time=prediction.on_time,
                           late=prediction.late, very_late=prediction.very_late,
                           factors=_factors(prediction))
        is_lead = invoice is lead[0]
        decisions.append(Decision(
            customer.partner_id, process.id, PREDICTION, None, invoice.move_id, "activity",
            None, reason, invoice.line_id,
            move_line_ids=lines if is_lead else ((invoice.line_id,) if invoice.line_id else ()),
            sent_with=None if is_lead else lead_key, outcome=outcome))
    decisions.sort(key=lambda d: d.sent_with is not None)  # the lead first
    return decisions


def decide(process: ProcessConfig, customer: CustomerFacts, today: date) -> list[Decision]:
    """The actions the process takes for this customer today.

    At most one regular step (for the leading invoice), then pre-reminders
    and prediction activities, each by invoice due date. Nothing for an
    excluded customer or within quiet days.

    >>> process = ProcessConfig(1, 1, quiet_days=2, steps=(
    ...     StepConfig(11, 1, 'email', 'before', 3, pre_reminder=True),
    ...     StepConfig(12, 2, 'email', 'after', 10, name='First reminder'),
    ...     StepConfig(13, 3, 'letter', 'after', 30, name='Second letter'),
    ... ))
    >>> customer = CustomerFacts(7, (
    ...     OpenInvoice(100, date(2024, 1, 1), Decimal(50), Decimal(50)),
    ...     OpenInvoice(101, date(2024, 2, 16), Decimal(80), Decimal(80)),
    ... ), Decimal(130))
    >>> for decision in decide(process, customer, date(2024, 2, 15)):
    ...     print(decision.kind, decision.step_id, decision.move_id)
    ...     print('  ' + str(decision.reason))
    step 13 100
      leading invoice 45 days past due; step 'Second letter' at +30 (1 earlier step skipped)
    >>> later = CustomerFacts(7, customer.invoices[1:], Decimal(80))
    >>> for decision in decide(process, later, date(2024, 2, 15)):
    ...     print(decision.kind, decision.step_id, decision.move_id)
    ...     print('  ' + str(decision.reason))
    pre_reminder 11 101
      invoice due on 2024-02-16, due in 1 day; pre-reminder #11 at -3
    >>> decide(process, CustomerFacts(7, customer.invoices, Decimal(130),
    ...        last_contact_date=date(2024, 2, 14)), date(2024, 2, 15))
    []
    """
    return _decide(process, _StepPlan.of(process), customer, today)


def _decide(
    process: ProcessConfig, plan: _StepPlan, customer: CustomerFacts, today: date
) -> list[Decision]:
    if customer_excluded(process, customer) is not None:
        return []
    if _in_quiet_days(process, customer, today):
        return []
    if channels.is_paused(customer.paused_until, today):
        return []
    invoices = _open_invoices(process, customer, today)
    if process.exclude_after_last_step and customer.done:
        invoices = [invoice for invoice in invoices
                    if not after_last_step(process, plan, customer, invoice)]
    decisions = []
    if invoices:
        step = _step_decision(process, customer, plan, invoices[0], today)
        if step is not None:
            decisions.append(step)
        decisions += _pre_reminder_decisions(process, customer, plan, invoices, today)
        if process.use_prediction:
            decisions += _prediction_decisions(process, customer, invoices, today)
    if decisions:
        # One e-mail and one letter per customer: the engine's grouping.
        decisions = communication.group(decisions, invoices, today)
    return decisions


def decide_many(
    process: ProcessConfig, customers: Iterable[CustomerFacts], today: date
) -> list[Decision]:
    """``decide`` for each customer, in the order given, concatenated.

    >>> decide_many(ProcessConfig(1, 1), [CustomerFacts(7, (), Decimal(0))], date(2024, 1, 1))
    []
    """
    plan = _StepPlan.of(process)  # once for all the customers
    decisions = []
    for customer in customers:
        decisions += _decide(process, plan, customer, today)
    return decisions


def next_step(
    process: ProcessConfig, customer: CustomerFacts, today: date
) -> tuple[StepConfig, date] | None:
    """The regular step the leading invoice reaches next, and the date it does.

    The first step after the last one done for the leading invoice; its date
    may be past when it is reached but not taken yet (quiet days). None when
    there is no leading invoice or every step is done.

    >>> process = ProcessConfig(1, 1, steps=(
    ...     StepConfig(11, 1, 'email', 'before', 5, name='Heads-up'),
    ...     StepConfig(12, 2, 'letter', 'after', 30, name='Letter')))
    >>> lead = OpenInvoice(100, date(2024, 3, 1), Decimal(50), Decimal(50))
    >>> step, when = next_step(process, CustomerFacts(7, (lead,), Decimal(50)), date(2024, 2, 1))
    >>> step.name, when
    ('Heads-up', datetime.date(2024, 2, 25))
    >>> done = frozenset({('step', 11, 100)})
    >>> step, when = next_step(
    ...     process, CustomerFacts(7, (lead,), Decimal(50), done=done), date(2024, 3, 2))
    >>> step.name, when
    ('Letter', datetime.date(2024, 3, 31))
    """
    lead = leading_invoice(process, customer, today)
    if lead is None:
        return None
    steps = [step for step in _ordered(process.steps) if not step.pre_reminder]
    done = [step.offset for step in steps if (STEP, step.id, lead.move_id) in customer.done]
    floor = max(done, default=None)
    for step in steps:
        if floor is None or step.offset > floor:
            return step, lead.due_date + timedelta(days=step.offset)
    return None


def delivery_state(mail_state: str | None) -> str | None:
    """The history state of an e-mail action once Odoo's mail queue tried to
    send its e-mail (``mail.mail`` state), or ``None`` while it has not.

    An e-mail action is done only when the mail server accepted the e-mail;
    refused (exception) or cancelled, it failed, and counts as no contact.

    >>> delivery_state('sent'), delivery_state('exception'), delivery_state('outgoing')
    ('done', 'failed', None)
    """
    return {"sent": DONE, "exception": FAILED, "cancel": FAILED}.get(mail_state)
