# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

{
    "name": "Collections Automation: test extension",
    "summary": "Extends reminders as another module would; installed by the tests only",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tests",
    "license": "LGPL-3",
    "author": "Account Collections Automation contributors",
    "website": "https://github.com/account-collections-automation",
    "depends": ["account_collections_automation"],
    "data": [],
    "installable": True,
    "application": False,
}
