/** @odoo-module **/

import { registry } from "@web/core/registry";

// The customer's workspace (see TestStatementTour): "Send statement" opens the
// statement wizard for this customer; the open items as of the proposed date,
// by e-mail; the test then checks the statement sent, its e-mail and chatter.
registry.category("web_tour.tours").add("collections_statement_tour", {
    steps: () => [
        {
            content: "The customer's workspace is open",
            trigger: ".o_collections_workspace .o_collections_customer_name:contains(Tour Statement Customer)",
        },
        {
            content: "Send a statement",
            trigger: ".o_collections_workspace .o_collections_send_statement",
            run: "click",
        },
        {
            content: "The wizard is for this customer",
            trigger: ".modal .o_field_widget[name=partner_ids]:contains(Tour Statement Customer)",
        },
        {
            content: "The open items as of a date",
            trigger: ".modal .o_field_widget[name=mode] input[data-value=open_items]",
            run: "click",
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
            trigger: ".o_notification:contains(1 statement)",
        },
        {
            content: "The dialog is closed, the workspace still there",
            trigger: "body:not(:has(.modal)) .o_collections_workspace .o_collections_send_statement",
        },
    ],
});
