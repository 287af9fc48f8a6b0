/** @odoo-module **/

import { registry } from "@web/core/registry";

// The customer's collections page (tests/test_portal_page.py), by a token
// holder or a portal user: dispute the first invoice, promise to pay the
// second (first with an amount the server refuses, then a good one), and pay
// the third now with Odoo's demo payment provider. Steps avoid translated
// texts: the page is in the customer's language.
const item = (number) => `tr.o_collections_item[data-number='${number}']`;

function answerSteps() {
    return [
        {
            content: "The page lists the open items",
            trigger: `${item("PORTAL/1")} .o_collections_residual`,
        },
        {
            content: "Choose the first invoice",
            trigger: `${item("PORTAL/1")} input.o_collections_choose`,
            run: "check",
        },
        {
            content: "Choose a dispute reason",
            trigger: "select[name=dispute_reason_id]",
            run: "selectByLabel Portal tour reason",
        },
        {
            trigger: "textarea[name=message]",
            run: "edit The goods arrived damaged",
        },
        {
            content: "Dispute",
            trigger: "button.o_collections_do_dispute",
            run: "click",
        },
        {
            content: "The dispute is recorded: the item shows it",
            trigger: `.o_collections_done, ${item("PORTAL/1")} .o_collections_status_disputed`,
        },
        {
            trigger: `${item("PORTAL/1")} .o_collections_status_disputed`,
        },
        {
            content: "Choose the second invoice",
            trigger: `${item("PORTAL/2")} input.o_collections_choose`,
            run: "check",
        },
        {
            trigger: "input[name=promise_date]",
            content: "A payment date ten days ahead (within the company's horizon)",
            run: ({ anchor }) => {
                const date = new Date(Date.now() + 10 * 24 * 3600 * 1000);
                anchor.value = date.toISOString().slice(0, 10);
            },
        },
        {
            content: "An amount the server refuses",
            trigger: "input[name=promise_amount]",
            run: "edit 12abc",
        },
        {
            trigger: "button.o_collections_do_promise",
            run: "click",
        },
        {
            content: "The page names the field and the value",
            trigger: ".o_collections_error:contains('12abc')",
        },
        {
            content: "The choice and the typed values are kept",
            trigger: `${item("PORTAL/2")} input.o_collections_choose:checked`,
        },
        {
            trigger: "input[name=promise_amount]",
            run: "edit 200",
        },
        {
            trigger: "button.o_collections_do_promise",
            run: "click",
        },
        {
            content: "The promise is recorded",
            trigger: `${item("PORTAL/2")} .o_collections_status_promised`,
        },
        {
            content: "Choose the third invoice",
            trigger: `${item("PORTAL/3")} input.o_collections_choose`,
            run: "check",
        },
        {
            content: "Pay now",
            trigger: "button.o_collections_do_pay",
            run: "click",
        },
        {
            content: "Odoo's payment form, for the item's open amount",
            trigger: ".o_collections_pay_page #o_payment_form",
        },
        {
            trigger: "input[name=o_payment_radio][data-provider-code=demo]",
            run: "click",
        },
        {
            trigger: "#customer_input",
            run: "edit 4242424242424242",
        },
        {
            trigger: "button[name=o_payment_submit_button]",
            run: "click",
        },
        {
            content: "Paid: back on the page",
            trigger: ".o_collections_paid",
            timeout: 30000,
        },
        {
            content: "The paid invoice has left the list",
            trigger: `.o_collections_items:not(:has(${item("PORTAL/3")}))`,
        },
    ];
}

registry.category("web_tour.tours").add("collections_portal_token_tour", {
    steps: answerSteps,
});

registry.category("web_tour.tours").add("collections_portal_user_tour", {
    url: "/my",
    steps: () => [
        {
            content: "The portal home links to the collections page",
            trigger: "a[href='/my/collections']",
            run: "click",
        },
        ...answerSteps(),
    ],
});
