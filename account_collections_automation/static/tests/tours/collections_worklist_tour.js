/** @odoo-module **/

import { registry } from "@web/core/registry";

// Data (see tests/test_worklist.py): the agent's pool "Worklist Pool" holds
// Alpha (old, large, never contacted), Charlie (never contacted, a call due),
// Bravo (a broken promise, called 4 days ago), Delta (nothing overdue) and
// Echo (called today). The worklist ranks Alpha, Charlie, Bravo; a name opens
// the customer's workspace; "Log a call" logs a done call and the customer
// leaves the day's list.

const worklist = ".o_collections_overview .o_collections_worklist";

registry.category("web_tour.tours").add("collections_worklist_tour", {
    url: "/odoo/action-account_collections_automation.collections_overview_action",
    steps: () => [
        {
            content: "The worklist ranks Alpha first",
            trigger: `${worklist} tbody tr:nth-child(1) td[data-column=name]:contains(Worklist Alpha)`,
        },
        {
            content: "then Charlie, then Bravo",
            trigger: `${worklist} tbody tr:nth-child(2) td[data-column=name]:contains(Worklist Charlie)`,
        },
        {
            trigger: `${worklist} tbody tr:nth-child(3) td[data-column=name]:contains(Worklist Bravo)`,
        },
        {
            content: "Each row says why",
            trigger: `${worklist} tbody tr:nth-child(1) td[data-column=reason_text]:contains(oldest item 100 days overdue)`,
        },
        {
            content: "Delta (nothing overdue) and Echo (called today) are not there",
            trigger: `${worklist} tbody:not(:contains(Worklist Delta)):not(:contains(Worklist Echo))`,
        },
        {
            content: "Open Alpha's workspace from the worklist",
            trigger: `${worklist} tbody tr:nth-child(1) .o_collections_link_name`,
            run: "click",
        },
        {
            content: "Alpha's workspace",
            trigger: ".o_collections_workspace .o_collections_customer_name:contains(Worklist Alpha)",
        },
        {
            content: "Back to the overview",
            trigger: ".o_breadcrumb .o_back_button a",
            run: "click",
        },
        {
            content: "Log a call to Charlie",
            trigger: `${worklist} tbody tr:contains(Worklist Charlie) .o_collections_button_log_call`,
            run: "click",
        },
        {
            content: "The call dialog, for Charlie",
            trigger: ".modal .o_field_widget[name=partner_id]:contains(Worklist Charlie)",
        },
        {
            content: "Say what was said",
            trigger: ".modal .o_field_widget[name=feedback] textarea",
            run: "edit Promised to pay on Friday",
        },
        {
            content: "Log it",
            trigger: ".modal button[name=action_log_call]",
            run: "click",
        },
        {
            content: "Charlie was contacted today: off the day's list; Alpha and Bravo stay",
            trigger: `${worklist} tbody:not(:contains(Worklist Charlie)):contains(Worklist Bravo)`,
        },
        {
            trigger: `${worklist} tbody tr:nth-child(1) td[data-column=name]:contains(Worklist Alpha)`,
        },
    ],
});
