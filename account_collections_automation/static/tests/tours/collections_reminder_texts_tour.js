/** @odoo-module **/

import { registry } from "@web/core/registry";

// A draft reminder's form, as an agent: the Texts tab shows the texts filled
// when it was created; "Update Texts" fills them again from the level's new
// wording. Steps avoid translated texts (the database may run in French).
registry.category("web_tour.tours").add("collections_reminder_texts_tour", {
    steps: () => [
        {
            content: "Open the Texts tab",
            trigger: ".o_form_view .o_notebook .nav-link[name=texts]",
            run: "click",
        },
        {
            content: "The text filled when the reminder was created",
            trigger: ".o_field_widget[name=beginning_text]:contains(Tour first wording 1)",
        },
        {
            content: "Update Texts",
            trigger: ".o_form_view .o_form_statusbar button[name=action_update_texts]",
            run: "click",
        },
        {
            content: "The level's new wording, with the reminder's level",
            trigger: ".o_field_widget[name=beginning_text]:contains(Tour new wording 1)",
        },
    ],
});

// An automation's form, as an agent: the smart button counts the open
// errors and lists them; Dismiss takes one off the open list.
registry.category("web_tour.tours").add("collections_automation_errors_tour", {
    steps: () => [
        {
            content: "The smart button counts two open errors",
            trigger: ".o_form_view button[name=action_view_errors] .o_stat_value:contains(2)",
            run: "click",
        },
        {
            content: "The open errors are listed",
            trigger: ".o_list_view .o_data_row:nth-child(2) button[name=action_dismiss]",
        },
        {
            content: "Dismiss the first",
            trigger: ".o_list_view .o_data_row:first-child button[name=action_dismiss]",
            run: "click",
        },
        {
            content: "One open error left",
            trigger: ".o_list_view:not(:has(.o_data_row:nth-child(2))) .o_data_row",
        },
    ],
});
