# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import test_collection_process
from . import test_reliability_process
from . import test_foundation
from . import test_reminders
from . import test_access_collections
from . import test_process_letters
from . import test_workspace
from . import test_workspace_tour
from . import test_workspace_integration
from . import test_translations
from . import test_reliability_reminders
from . import test_reminder_creation
from . import test_reminder_fees
from . import test_reminder_creation_tour
from . import test_ledger
from . import test_engine_doctests
from . import test_process_usage
from . import test_pools_and_reasons
from . import test_demo_data
from . import test_audit_and_retention
from . import test_collection_statuses
from . import test_track_step
from . import test_kpi_snapshot
from . import test_process_diff
from . import test_kpi_tiles
from . import test_process_communication
from . import test_process_letter_sequence
from . import test_process_prediction
from . import test_process_channels
from . import test_process_channels_tour
