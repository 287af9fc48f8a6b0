# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

{
    "name": "Collections Automation: queue_job",
    "summary": "Collections runs, reminder automations and documents as queue_job jobs, "
    "spread over the workers of several Odoo servers",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "Account Collections Automation contributors",
    "website": "https://github.com/account-collections-automation",
    "depends": ["account_collections_automation", "queue_job"],
    "data": [
        "data/queue_job_data.xml",
        "views/collection_process_views.xml",
        "views/collection_automation_views.xml",
    ],
    "installable": True,
    "auto_install": True,
    "application": False,
}
