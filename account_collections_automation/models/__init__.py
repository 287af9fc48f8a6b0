# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import collection_ledger
from . import res_company
from . import res_config_settings
from . import collection_credit_group
from . import res_partner
from . import collection_demo
from . import collection_pool
from . import res_users
from . import account_move
from . import collection_process
from . import collection_process_step
from . import collection_process_decide
from . import collection_process_run
from . import collection_document
from . import collection_action
from . import mail_mail
from . import collection_reminder_term
from . import collection_reminder_fee_tier
from . import collection_reminder
from . import collection_reminder_line
from . import collection_reminder_create
from . import collection_reminder_insert
from . import collection_reminder_issue
from . import collection_reminder_send
from . import collection_automation
from . import collection_automation_action
from . import collection_automation_log
from . import account_move_line
from . import account_payment
from . import collection_workspace
from . import collection_workspace_overview
from . import collection_workspace_customer
from . import collection_workspace_timeline
