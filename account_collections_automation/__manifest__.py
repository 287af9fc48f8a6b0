# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

{
    "name": "Collections Automation",
    "summary": "Collections process automation, reminder levels and automations, "
    "and a collections coordinator workspace",
    "version": "18.0.1.1.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "Account Collections Automation contributors",
    "website": "https://github.com/account-collections-automation",
    "depends": ["account", "mail"],
    "external_dependencies": {"python": []},
    "data": [
        "security/collections_security.xml",
        "security/ir.model.access.csv",
        "views/collections_menus.xml",
        "views/collection_credit_group_views.xml",
        "views/collection_pool_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "data/collection_process_data.xml",
        "report/collection_letter_report.xml",
        "views/collection_process_views.xml",
        "views/collection_action_views.xml",
        "wizards/collection_simulation_views.xml",
        "wizards/collection_assignment_views.xml",
        "wizards/collection_status_wizard_views.xml",
        "wizards/collection_write_off_wizard_views.xml",
        "wizards/collection_nsf_wizard_views.xml",
        "wizards/collection_activity_wizard_views.xml",
        "wizards/collection_reminder_preview_views.xml",
        "wizards/collection_reminder_create_wizard_views.xml",
        "report/collection_reminder_report.xml",
        "data/collection_reminder_data.xml",
        "data/mail_template_data.xml",
        "views/collection_reminder_term_views.xml",
        "views/collection_reminder_views.xml",
        "views/collection_automation_views.xml",
        "views/account_move_views.xml",
        "views/collection_workspace_views.xml",
    ],
    "demo": [
        "demo/collections_demo.xml",
        "demo/collection_reminder_demo.xml",
        "demo/collection_process_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "account_collections_automation/static/src/components/**/*",
        ],
        "web.assets_tests": [
            "account_collections_automation/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "application": True,
}
