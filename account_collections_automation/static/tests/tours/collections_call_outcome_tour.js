/** @odoo-module **/

import { registry } from "@web/core/registry";

// Data (see tests/test_process_channels_tour.py): a process's phone call
// "Ring the customer" is scheduled on the customer Tour Caller for the agent.
// Marking it done opens the call outcome wizard; the agent records a dispute
// and the call is done with its outcome.

registry.category("web_tour.tours").add("collections_call_outcome_tour", {
    steps: () => [
        {
            content: "Mark the process's call done",
            trigger: ".o-mail-Activity:contains(Ring the customer) .o-mail-Activity-markDone",
            run: "click",
        },
        {
            content: "Done",
            trigger: ".o-mail-ActivityMarkAsDone button[aria-label=Done]",
            run: "click",
        },
        {
            content: "The call outcome wizard opens: the customer disputes",
            trigger: ".modal div[name=outcome] input[data-value=dispute]",
            run: "click",
        },
        {
            content: "A dispute says why: pick the reason",
            trigger: ".modal .o_field_widget[name=dispute_reason_id] input",
            run: "edit Damaged",
        },
        {
            trigger: ".modal .o-autocomplete--dropdown-item a:contains(Damaged or faulty goods)",
            run: "click",
        },
        {
            trigger: ".modal div[name=note] textarea",
            run: "edit The goods arrived damaged",
        },
        {
            content: "Record the outcome",
            trigger: ".modal .o_collections_call_outcome_confirm",
            run: "click",
        },
        {
            content: "The call is done with its outcome in the chatter",
            trigger: ".o-mail-Message:contains(The goods arrived damaged)",
        },
        {
            trigger: "body:not(:has(.modal)):not(:has(.o-mail-Activity:contains(Ring the customer)))",
        },
    ],
});
