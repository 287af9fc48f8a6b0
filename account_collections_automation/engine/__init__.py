# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The collections decision engine: plain Python, never imports ``odoo``.

Plain values in (dataclasses, dates, Decimals), decisions out. The ORM layer
gathers data in bulk, calls these functions, and applies their decisions in
batches. Modules:

- ``vocabulary``: every selection (states, action kinds, timings), once;
- ``dates``: Business Central date formulas (``CM+10D``, ``D15``, ``-1W``);
- ``amounts``: amounts as Decimals (``to_decimal``), once;
- ``aging``: aging buckets (current, 1-30, ... over 120), configurable, and
  the date a ledger line ages from;
- ``cadence``: the next run date of a reminder automation;
- ``reminders``: reminder levels, grace periods, fees and interest;
- ``interest``: finance charges (balance due or average daily balance, rates by date);
- ``process``: customer assignment and process step selection (leading
  invoice, quiet days, exclusions, pre-reminders, predictions);
- ``chase``: which open invoices may be chased (on hold, disputed, promised);
- ``prediction``: an explainable payment-lateness predictor;
- ``risk``: the customer risk score (0-100) and its parts;
- ``summary``: the written summary of a customer's situation;
- ``recipients``: who receives an e-mail or a reminder, who gets an activity;
- ``promises``: a promise to pay kept, broken or pending;
- ``statuses``: the collections status of an open item (validation, the
  invoice's summary, the daily job's kept/broken decision);
- ``worklist``: the ranked worklist's priority score and its top factors;
- ``errors``: the errors the validators raise (field, value, rule).
"""
