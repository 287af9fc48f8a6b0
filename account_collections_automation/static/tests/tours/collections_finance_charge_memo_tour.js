/** @odoo-module **/

import { registry } from "@web/core/registry";

// The finance charge memo's buttons, clicked in Chromium (see
// TestFinanceChargeMemoTours, which checks what each wrote). Steps find
// buttons by their method's name, not their translated label.

// A Collections Agent on a draft memo's form: Update Texts, Issue, Send by
// E-mail (the composer's Send), then Cancel, confirmed.
registry.category("web_tour.tours").add("collections_finance_charge_memo_form_tour", {
    steps: () => [
        {
            content: "The draft memo's form is open",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=draft]",
        },
        {
            content: "Update the texts from the terms",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_update_texts]",
            run: "click",
        },
        {
            content: "The beginning text is the terms' new one",
            trigger: ".o_form_view .o_notebook .nav-link[name=texts]",
            run: "click",
        },
        {
            content: "New text shown",
            trigger: ".o_form_view .o_field_widget[name=beginning_text]:contains(Updated by the tour)",
        },
        {
            content: "Issue the memo",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_issue]",
            run: "click",
        },
        {
            content: "Issued",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=issued]",
        },
        {
            content: "Send it by e-mail",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_send]",
            run: "click",
        },
        {
            // The PDF is rendered on sending (the test checks the message's attachment).
            content: "The composer is open on the memo's template (the test checks its subject)",
            trigger: ".modal .o_field_widget[name=subject] input",
        },
        {
            content: "Send",
            trigger: ".modal .modal-footer button.o_mail_send",
            run: "click",
        },
        {
            content: "The composer closed; the e-mail is in the chatter",
            trigger: "body:not(:has(.modal)) .o-mail-Chatter .o-mail-Message:contains(Tour Memo Customer)",
        },
        {
            content: "Cancel the memo",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_cancel]",
            run: "click",
        },
        {
            content: "Confirm: its interest entry is reversed",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Cancelled",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=cancel]",
        },
    ],
});

// A Collections Manager on the memo list: two drafts selected, Issue, then
// the same two selected again, Cancel.
function selectRow(name) {
    return {
        content: `Select ${name}`,
        trigger: `.o_list_renderer tr.o_data_row:not(.o_data_row_selected):contains(${name}) td.o_list_record_selector input[type=checkbox]`,
        run: "click",
    };
}

function rowState(name, state, rowClass = "") {
    return {
        content: `${name}: ${state}`,
        trigger: `.o_list_renderer tr.o_data_row${rowClass}:contains(${name}):contains(${state})`,
    };
}

registry.category("web_tour.tours").add("collections_finance_charge_memo_list_tour", {
    steps: () => [
        selectRow("Tour Memo List A"),
        selectRow("Tour Memo List B"),
        {
            content: "Issue both",
            trigger: ".o_list_selection_container button[name=action_issue]",
            run: "click",
        },
        rowState("Tour Memo List A", "Issued"),
        rowState("Tour Memo List B", "Issued"),
        selectRow("Tour Memo List A"),
        selectRow("Tour Memo List B"),
        {
            content: "Cancel both",
            trigger: ".o_list_selection_container button[name=action_cancel]",
            run: "click",
        },
        rowState("Tour Memo List A", "Cancelled", ".text-muted"),
        rowState("Tour Memo List B", "Cancelled", ".text-muted"),
    ],
});
