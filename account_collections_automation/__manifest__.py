# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Collections Automation",
    "summary": "Collections process automation, reminder levels and automations, "
    "and a collections coordinator workspace",
    "version": "18.0.1.0.0",
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
        "views/collection_workspace_views.xml",
        "wizards/collection_wizards_views.xml",
    ],
    "demo": [
        "demo/collections_demo.xml",
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
    "application": False,
}
