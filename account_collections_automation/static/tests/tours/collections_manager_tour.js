/** @odoo-module **/

import { registry } from "@web/core/registry";

// Three buttons only Collections Managers (or managers as well as agents) use,
// clicked as a Collections Manager (see TestManagerTours); the test then checks
// what each wrote. Steps avoid translated texts where they can.

// The customer's form: "Revoke collections page link", confirmed.
registry.category("web_tour.tours").add("collections_manager_revoke_tour", {
    steps: () => [
        {
            content: "The customer's form is open",
            trigger: ".o_breadcrumb .active:contains(Manager Tour Customer)",
        },
        {
            content: "Open the Credit and Collections tab",
            trigger: ".o_form_view .o_notebook .nav-link[name=collections]",
            run: "click",
        },
        {
            content: "Revoke the collections page link",
            trigger: ".o_form_view button[name=action_collection_portal_revoke]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Revoked",
            trigger: ".o_notification:contains(Manager Tour Customer)",
        },
    ],
});

// The customer list: two customers selected, Action > Send statements, for
// the previous month, by e-mail.
registry.category("web_tour.tours").add("collections_manager_statement_tour", {
    steps: () => [
        {
            content: "Select the first customer",
            trigger: ".o_list_renderer tr:contains(Aaa Manager Statement A) td.o_list_record_selector input[type=checkbox]",
            run: "click",
        },
        {
            content: "Select the second customer",
            trigger: ".o_list_renderer tr:contains(Aaa Manager Statement B) td.o_list_record_selector input[type=checkbox]",
            run: "click",
        },
        {
            content: "Open the Action menu",
            trigger: ".o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Send statements",
            trigger: ".o-dropdown--menu .o-dropdown-item:contains(Send statements)",
            run: "click",
        },
        {
            content: "The wizard is for both customers",
            trigger: ".modal .o_field_widget[name=partner_ids]:contains(Aaa Manager Statement A):contains(Aaa Manager Statement B)",
        },
        {
            content: "For a period (the previous month by default)",
            trigger: ".modal .o_field_widget[name=mode] input[data-value=period]:checked",
        },
        {
            content: "By e-mail",
            trigger: ".modal .o_field_widget[name=send_method] input[data-value=email]:checked",
        },
        {
            content: "Send",
            trigger: ".modal .o_collections_statement_send",
            run: "click",
        },
        {
            content: "Sent",
            trigger: ".o_notification:contains(2 statement)",
        },
        {
            content: "The dialog is closed, the list still there",
            trigger: "body:not(:has(.modal)) .o_list_renderer",
        },
    ],
});

// The Automation Errors menu: the open errors listed; one opened and
// dismissed from its form.
registry.category("web_tour.tours").add("collections_manager_errors_tour", {
    steps: () => [
        {
            content: "The two open errors of the automation are listed",
            trigger: ".o_list_view .o_data_row:contains(Manager Errors Tour) ~ .o_data_row:contains(Manager Errors Tour)",
        },
        {
            content: "Open the first",
            trigger: ".o_list_view .o_data_row:contains(Manager Errors Tour) td[name=message]",
            run: "click",
        },
        {
            content: "Dismiss it",
            trigger: ".o_form_view .o_form_statusbar button[name=action_dismiss]",
            run: "click",
        },
        {
            content: "Dismissed: it can be restored now",
            trigger: ".o_form_view .o_form_statusbar button[name=action_restore]",
        },
        {
            content: "By this user",
            trigger: ".o_form_view .o_field_widget[name=dismissed_uid]:contains(Manager Tour User)",
        },
    ],
});
