# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import collection_assignment
from . import collection_simulation
from . import collection_status_wizard
from . import collection_write_off_wizard
from . import collection_nsf_wizard
from . import collection_activity_wizard
from . import collection_reminder_preview
from . import collection_reminder_create_wizard
from . import collection_process_diff
from . import collection_log_call_wizard
from . import collection_statement_wizard
from . import collection_call_outcome_wizard
from . import collection_finance_charge_create_wizard
