# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import collection_job_mixin
from . import collection_process
from . import collection_automation
from . import collection_automation_action
from . import collection_action
from . import queue_job
