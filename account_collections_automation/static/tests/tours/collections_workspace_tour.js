/** @odoo-module **/

import { registry } from "@web/core/registry";
import { formatDate } from "@web/core/l10n/dates";
const { DateTime } = luxon;

// The agent's default pool is "Tour Pool" (set by the test); its only customer
// is "Tour Customer", with two overdue invoices. Steps avoid translated texts:
// the test database may run in French or Norwegian.
registry.category("web_tour.tours").add("collections_workspace_tour", {
    url: "/odoo/action-account_collections_automation.collections_overview_action",
    steps: () => [
        {
            content: "The overview opens on the agent's default pool",
            trigger: ".o_collections_overview .o_collections_pool:has(option:selected:contains(Tour Pool))",
        },
        {
            content: "Show all customers",
            trigger: ".o_collections_overview .o_collections_pool",
            run: "selectByIndex 0",
        },
        {
            content: "Other customers are listed",
            trigger: ".o_collections_highest tbody tr:nth-child(2) .o_collections_link_name",
        },
        {
            content: "Filter by the tour pool",
            trigger: ".o_collections_overview .o_collections_pool",
            run: "selectByLabel Tour Pool",
        },
        {
            content: "Only the pool's customer remains in the highest balances",
            trigger: ".o_collections_highest tbody tr:only-child .o_collections_link_name:contains(Tour Customer)",
        },
        {
            content: "...and in the aged balances",
            trigger: ".o_collections_oldest tbody tr:only-child .o_collections_link_name:contains(Tour Customer)",
        },
        {
            content: "Open the customer's workspace",
            trigger: ".o_collections_highest .o_collections_link_name:contains(Tour Customer)",
            run: "click",
        },
        {
            content: "The workspace shows the customer and a summary",
            trigger: ".o_collections_workspace .o_collections_customer_name:contains(Tour Customer)",
        },
        {
            trigger: ".o_collections_summary p",
        },
        {
            content: "Open transactions",
            trigger: ".o_collections_tab_open",
            run: "click",
        },
        {
            content: "Select the oldest invoice",
            trigger: ".o_collections_grid_open tbody tr:nth-child(1) input[type=checkbox]",
            run: "click",
        },
        {
            trigger: ".o_collections_change_status:enabled",
            run: "click",
        },
        {
            content: "Mark it disputed",
            trigger: ".modal .o_field_widget[name=collection_status] input[data-value=disputed]",
            run: "click",
        },
        {
            trigger: ".modal button[name=action_apply]",
            run: "click",
        },
        {
            content: "The disputed tab counts it",
            trigger: ".o_collections_tab_disputed .badge:contains(1)",
        },
        {
            trigger: ".o_collections_grid_open tbody tr.o_collections_status_disputed",
        },
        {
            content: "Select the second invoice",
            trigger: ".o_collections_grid_open tbody tr:nth-child(2) input[type=checkbox]",
            run: "click",
        },
        {
            trigger: ".o_collections_change_status:enabled",
            run: "click",
        },
        {
            content: "Record a promise to pay",
            trigger: ".modal .o_field_widget[name=collection_status] input[data-value=promised]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=promise_date] input",
            run: `edit ${formatDate(DateTime.local(2099, 12, 31))}`,
        },
        {
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: "edit Will pay at the end of the year",
        },
        {
            trigger: ".modal button[name=action_apply]",
            run: "click",
        },
        {
            content: "The promised tab counts it",
            trigger: ".o_collections_tab_promised .badge:contains(1)",
            run: "click",
        },
        {
            content: "The promise is pending",
            trigger: ".o_collections_grid_promised tbody tr.o_collections_promise_pending:only-child",
        },
        {
            trigger: ".o_collections_tab_disputed",
            run: "click",
        },
        {
            content: "One disputed invoice",
            trigger: ".o_collections_grid_disputed tbody tr.o_collections_status_disputed:only-child",
        },
    ],
});
