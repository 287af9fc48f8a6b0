/** @odoo-module **/

import { registry } from "@web/core/registry";
const { DateTime } = luxon;

// The agent's default pool holds one customer, "AsOf Customer": an invoice of
// 700 due 60 days ago, 300 of it paid 10 days ago (see TestLedgerAsOfTour).
// Twenty days ago the customer owed 700; today 400. Amounts are matched on
// their digits only: the database may run in French or Norwegian.
const twentyDaysAgo = () => DateTime.now().minus({ days: 20 }).toISODate();

/** Pick ``date`` in a native date input, as the browser's picker does. */
function pick(date) {
    return function () {
        this.anchor.value = date;
        this.anchor.dispatchEvent(new Event("input", { bubbles: true }));
        this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
    };
}

registry.category("web_tour.tours").add("collections_as_of_tour", {
    url: "/odoo/action-account_collections_automation.collections_overview_action",
    steps: () => [
        {
            content: "Today the customer owes 400",
            trigger: ".o_collections_highest tbody tr:only-child:contains(AsOf Customer):contains(400)",
        },
        {
            content: "Show the balances as of twenty days ago",
            trigger: ".o_collections_overview input.o_collections_as_of",
            run: pick(twentyDaysAgo()),
        },
        {
            content: "Then the customer owed 700",
            trigger: ".o_collections_highest tbody tr:only-child:contains(AsOf Customer):contains(700)",
        },
        {
            content: "Open the customer's workspace",
            trigger: ".o_collections_highest .o_collections_link_name:contains(AsOf Customer)",
            run: "click",
        },
        {
            content: "The workspace shows the same date and balance",
            trigger: `.o_collections_workspace input.o_collections_as_of:value(${twentyDaysAgo()})`,
        },
        {
            trigger: ".o_collections_workspace .o_collections_balance:contains(700)",
        },
        {
            content: "Back to today in the workspace",
            trigger: ".o_collections_workspace input.o_collections_as_of",
            run: pick(DateTime.now().toISODate()),
        },
        {
            trigger: ".o_collections_workspace .o_collections_balance:contains(400)",
        },
    ],
});
