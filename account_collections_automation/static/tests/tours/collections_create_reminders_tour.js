/** @odoo-module **/

import { registry } from "@web/core/registry";

// Invoicing > Collections > Reminders > Create Reminders, as an agent: the menu
// opens the wizard (nothing is written), the agent chooses the "Tour Terms",
// previews (one reminder, and the customer without open items with a reason),
// then confirms in the confirmation dialog. Steps avoid translated texts: the
// test database may run in French or Norwegian.
registry.category("web_tour.tours").add("collections_create_reminders_tour", {
    url: "/odoo/action-account_collections_automation.collection_reminder_action",
    steps: () => [
        {
            content: "Open the Collections menu",
            trigger: ".o_menu_sections [data-menu-xmlid='account_collections_automation.collections_root_menu']",
            run: "click",
        },
        {
            content: "Click Create Reminders",
            trigger: ".dropdown-item[data-menu-xmlid='account_collections_automation.collection_reminder_create_menu']",
            run: "click",
        },
        {
            content: "The menu opens the wizard",
            trigger: ".modal .o_form_view .o_field_widget[name=term_ids]",
        },
        {
            content: "Choose the tour's reminder terms",
            trigger: ".modal .o_field_widget[name=term_ids] input",
            run: "edit Tour Terms",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(Tour Terms)",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=term_ids]:contains(Tour Terms)",
        },
        {
            content: "Preview",
            trigger: ".modal button[name=action_preview]",
            run: "click",
        },
        {
            content: "The preview lists the reminder to create",
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:contains(Tour Reminder Customer)",
        },
        {
            content: "...and the customer who gets none, with the reason",
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:contains(Tour Paid Customer) td[name=skip_kind]:not(:empty)",
        },
        {
            content: "Create Reminders",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "It asks before writing",
            trigger: ".modal:not(.o_inactive_modal) .modal-footer button.btn-primary:not([name])",
            run: "click",
        },
        {
            content: "The created reminder is listed",
            trigger: ".o_list_view .o_data_row:contains(Tour Reminder Customer)",
        },
    ],
});
