# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The addon's vocabularies, defined once.

Each vocabulary is a list of ``(key, label)`` pairs (a list, since Odoo reads
any other selection as the name of a method): Odoo selection fields use them as
they are (``fields.Selection(vocabulary.ACTION_TYPES)``), the engine uses the
keys. Labels are English; Odoo translates them through ``i18n/``.
"""

# --- collections process (Dynamics 365 Finance) -----------------------------
ACTION_TYPES = [
    ("activity", "Activity"),
    ("email", "E-mail"),
    ("letter", "Collection letter"),
    ("sms", "SMS"),
    ("phone_call", "Phone call"),
]
TIMINGS = [
    ("before", "Before due date"),
    ("after", "After due date"),
]
RECIPIENTS = [
    ("customer", "Customer"),
    ("salesperson", "Sales group"),
    ("agent", "Collections agent"),
]
CONTACT_TYPES = [
    ("collections", "Collections contact"),
    ("invoice", "Invoice address"),
    ("company", "Company"),
]
EXCLUDE_MODES = [
    ("none", "None"),
    ("aged_balance", "Customer aged balance less than"),
    ("invoice_amount", "Invoice amount less than"),
]
# What made the engine propose an action.
DECISION_KINDS = [
    ("step", "Process step"),
    ("pre_reminder", "Pre-reminder"),
    ("prediction", "Payment prediction"),
    ("fallback", "Fallback channel"),
    ("reply", "Customer replied"),
]
# An e-mail or letter action is queued by the run; the document queue renders
# and posts its document: a letter is then done, an e-mail is sending until the
# mail server accepts it (done) or refuses it (failed). See
# ``process.delivery_state``.
ACTION_STATES = [
    ("queued", "Queued"),
    ("sending", "Sending"),
    ("done", "Done"),
    ("failed", "Failed"),
    ("bounced", "Bounced"),
]

# What the agent heard on a process's phone call (the call outcome wizard).
CALL_OUTCOMES = [
    ("reached", "Reached"),
    ("no_answer", "No answer"),
    ("promise", "Promise to pay"),
    ("dispute", "Dispute"),
    ("wrong_number", "Wrong number"),
]

# --- coordinator workspace ----------------------------------------------------
# The collections status of an open receivable item (an invoice's line with a
# due date: each installment has its own); see ``engine.statuses``.
COLLECTION_STATUSES = [
    ("none", "None"),
    ("disputed", "Disputed"),
    ("promised", "Promised to pay"),
    ("resolved", "Resolved"),
    ("broken", "Promise broken"),
]
PROMISE_STATES = [
    ("pending", "Pending"),
    ("kept", "Kept"),
    ("broken", "Broken"),
]
ACCOUNT_STATUSES = [
    ("active", "Active"),
    ("on_hold", "On hold"),
    ("blocked", "Blocked"),
    ("closed", "Closed"),
]

# --- reminders (Business Central) ---------------------------------------------
REMINDER_STATES = [
    ("draft", "Draft"),
    ("issued", "Issued"),
    ("cancel", "Cancelled"),
]
REMINDER_LINE_TYPES = [
    ("overdue", "Overdue"),
    ("not_due", "Not yet due"),
    ("fee", "Additional fee"),
    ("interest", "Interest"),
]
# How a reminder level's fees are computed (Business Central's "Add. Fee
# Calculation Type"): the level's fixed amounts, or its tiers (see engine/fees.py).
FEE_CALCULATIONS = [
    ("fixed", "Fixed"),
    ("single_dynamic", "Single dynamic"),
    ("accumulated_dynamic", "Accumulated dynamic"),
]
CADENCES = [
    ("manual", "Manual"),
    ("weekly", "Weekly"),
    ("monthly", "Monthly"),
    ("custom", "Custom"),
]
AUTOMATION_STATES = [
    ("draft", "Draft"),
    ("active", "Active"),
    ("paused", "Paused"),
]
AUTOMATION_ACTION_TYPES = [
    ("create", "Create"),
    ("issue", "Issue"),
    ("send", "Send"),
    ("statement", "Send statements"),
    ("finance_charge", "Finance charge memos"),
]
SEND_METHODS = [
    ("email", "E-mail"),
    ("print", "Print"),
    ("both", "E-mail and print"),
]
ATTACH_INVOICES = [
    ("none", "No invoices"),
    ("overdue", "Overdue invoices only"),
    ("all", "All open invoices"),
]
# Why a customer gets no reminder: the engine's Skip reasons
# (engine.reminders.SKIP_REASONS), and a customer without open receivables.
REMINDER_SKIP_REASONS = [
    ("no_items", "No open receivables"),
    ("no_overdue", "Nothing overdue"),
    ("not_eligible", "No invoice due for its next level yet"),
    ("below_minimum", "Below the minimum amount"),
    ("max_reminders", "Maximum number of reminders reached"),
    ("no_levels", "The reminder terms have no such level"),
]
LOG_STATES = [
    ("running", "Running"),
    ("done", "Done"),
    ("failed", "Failed"),
    ("stopped", "Stopped on error"),
]

# --- performance (KPI snapshots) ----------------------------------------------
KPI_DIMENSIONS = [
    ("company", "Company total"),
    ("pool", "Customer pool"),
    ("agent", "Collections agent"),
    ("process", "Collections process"),
]
# What differs between two strategies for one customer (engine/strategy.py).
STRATEGY_CHANGES = [
    ("only_this", "Only this process acts"),
    ("only_other", "Only the other acts"),
    ("step", "Step"),
    ("action_type", "Action type"),
    ("date", "Date"),
    ("items", "Items covered"),
]
# What a payment is counted after: the last process step, or reminder level.
KPI_COLLECTED_SOURCES = [
    ("step", "Process step"),
    ("reminder", "Reminder level"),
]

# --- customer statements -------------------------------------------------------
# What a statement of account lists: the transactions of a period (with the
# opening and closing balances), or the items open as of a date.
STATEMENT_MODES = [
    ("period", "Transactions of a period"),
    ("open_items", "Open items as of a date"),
]
# The kind of a statement's transaction (engine.statement.movement_kind).
STATEMENT_LINE_KINDS = [
    ("invoice", "Invoice"),
    ("credit_note", "Credit note"),
    ("payment", "Payment"),
    ("other", "Other entry"),
]
STATEMENT_SEND_METHODS = [
    ("email", "E-mail"),
    ("print", "Print"),
]
STATEMENT_STATES = [
    ("done", "Done"),
    ("failed", "Failed"),
]


def keys(vocabulary):
    """The keys of a vocabulary, in order.

    >>> keys(TIMINGS)
    ('before', 'after')
    """
    return tuple(key for key, _label in vocabulary)

# --- the customer's collections page (portal) -----------------------------------
# What a customer did on the page: each answer is logged (the rate limit counts them).
PORTAL_REQUEST_KINDS = [
    ("dispute", "Dispute"),
    ("promise", "Promise to pay"),
    ("pay", "Pay now"),
]
PORTAL_REQUEST_STATES = [
    ("done", "Done"),
    ("refused", "Refused"),
    ("limited", "Refused: too many answers this hour"),
    ("started", "Payment started"),
    ("paid", "Paid"),
]

# --- finance charges (Business Central) -----------------------------------------
# How a finance charge's interest is based (engine/interest.py): on the balance
# due on the memo's date, or on the item's balance of each day.
INTEREST_METHODS = [
    ("balance_due", "Balance due"),
    ("average_daily_balance", "Average daily balance"),
]
FINANCE_CHARGE_MEMO_STATES = [
    ("draft", "Draft"),
    ("issued", "Issued"),
    ("cancel", "Cancelled"),
]
