/** @odoo-module **/

import { registry } from "@web/core/registry";
import { formatDate } from "@web/core/l10n/dates";
const { DateTime } = luxon;

// Data (see tests/test_workspace_tour.py): the user's default pool is "Tour Pool",
// with "Tour Customer" (two overdue invoices, the oldest partly paid, a credit
// note, a contact with an e-mail, an activity "Tour call" for the user) and
// "Tour Second" (one overdue invoice); "Tour Other" is outside the pool. Every
// button of the overview and of the workspace is clicked, and what it does is
// checked here and, where it writes, by the test afterwards. A process run
// failed to e-mail "Tour Second" (no address): the overview lists it.

const overview = ".o_collections_overview";
const workspace = ".o_collections_workspace";
const openGrid = ".o_collections_grid_open tbody";

/** Back by the breadcrumb: to the screen named `name`, or to the previous one. */
function backTo(name) {
    return [
        {
            content: `Back to ${name || "the previous screen"} by the breadcrumb`,
            trigger: name ? `.o_breadcrumb a:contains(${name})` : ".o_breadcrumb .o_back_button a",
            run: "click",
        },
    ];
}

function backToWorkspace() {
    return [
        ...backTo("Tour Customer"),
        {
            content: "The workspace is back, reloaded",
            trigger: `${workspace} .o_collections_customer_name:contains(Tour Customer)`,
        },
        {
            trigger: `${workspace} .o_breadcrumb .o_last_breadcrumb_item:contains(Tour Customer)`,
        },
    ];
}

function selectItems(...rows) {
    return rows.map((row) => ({
        content: `Select open item ${row}`,
        trigger: `${openGrid} tr:nth-child(${row}) input[type=checkbox]:not(:checked)`,
        run: "click",
    }));
}

function overviewSteps() {
    return [
        {
            content: "The overview has a breadcrumb with its name",
            trigger: `${overview} .o_control_panel .o_breadcrumb .o_last_breadcrumb_item:not(:empty)`,
        },
        {
            content: "It opens on the user's default pool",
            trigger: `${overview} .o_collections_pool:has(option:selected:contains(Tour Pool))`,
        },
        {
            trigger: `${overview} .o_collections_highest tbody tr:nth-child(2):last-child`,
        },
        {
            content: "Show all customers",
            trigger: `${overview} .o_collections_pool`,
            run: "selectByIndex 0",
        },
        {
            content: "Customers outside the pool are listed",
            trigger: `${overview} .o_collections_highest .o_collections_link_name:contains(Tour Other)`,
        },
        {
            content: "Open a customer's form from the Account column",
            trigger: `${overview} .o_collections_highest tr:contains(Tour Second) .o_collections_link_account`,
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name] input:value(Tour Second)",
        },
        ...backTo(""),
        {
            content: "Back: the pool chosen (all customers) is kept",
            trigger: `${overview} .o_collections_highest .o_collections_link_name:contains(Tour Other)`,
        },
        {
            trigger: `${overview} .o_collections_pool:has(option:selected[value='0'])`,
        },
        {
            content: "Filter by the tour pool",
            trigger: `${overview} .o_collections_pool`,
            run: "selectByLabel Tour Pool",
        },
        {
            content: "Only the pool's customers remain",
            trigger: `${overview} .o_collections_highest tbody:not(:contains(Tour Other)) tr:nth-child(2):last-child`,
        },
        {
            trigger: `${overview} .o_collections_oldest tbody:not(:contains(Tour Other)) tr:nth-child(2):last-child`,
        },
        {
            content: "Filter the aged balances",
            trigger: `${overview} .o_collections_grid_oldest .o_collections_grid_filter input`,
            run: "edit Second",
        },
        {
            trigger: `${overview} .o_collections_grid_oldest tbody tr:only-child .o_collections_link_name:contains(Tour Second)`,
        },
        {
            trigger: `${overview} .o_collections_grid_oldest .o_collections_grid_filter input`,
            run: "clear",
        },
        {
            content: "The aged balances' Account column opens the customer",
            trigger: `${overview} .o_collections_oldest tr:contains(Tour Customer) .o_collections_link_account`,
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name] input:value(Tour Customer)",
        },
        ...backTo(""),
        {
            content: "Back: the pool is kept",
            trigger: `${overview} .o_collections_pool:has(option:selected:contains(Tour Pool))`,
        },
        // Failed actions: the run's failed e-mail to Tour Second.
        {
            content: "The failed actions are counted and listed",
            trigger: `${overview} .o_collections_failed .o_collections_failed_count:contains(1)`,
        },
        {
            trigger: `${overview} .o_collections_grid_failed tbody tr:only-child:contains(Tour Second):contains(has no e-mail address)`,
        },
        {
            content: "The failed action opens its history record, with Retry",
            trigger: `${overview} .o_collections_grid_failed tr:contains(Tour Second) .o_collections_link_action:contains(Tour reminder e-mail)`,
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Failed)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=error]:contains(has no e-mail address)",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_retry]",
        },
        ...backTo(""),
        {
            content: "Its customer opens the customer's workspace",
            trigger: `${overview} .o_collections_grid_failed tr:contains(Tour Second) .o_collections_link_partner_name`,
            run: "click",
        },
        {
            trigger: `${workspace} .o_collections_customer_name:contains(Tour Second)`,
        },
        ...backTo(""),
        {
            trigger: `${overview} .o_collections_pool:has(option:selected:contains(Tour Pool))`,
        },
        // My activities.
        {
            content: "The activity's purpose opens its document",
            trigger: `${overview} .o_collections_grid_activities tr:contains(Tour call) .o_collections_link_summary`,
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name] input:value(Tour Customer)",
        },
        ...backTo(""),
        {
            content: "...and so does its Document column",
            trigger: `${overview} .o_collections_grid_activities tr:contains(Tour call) .o_collections_link_res_name`,
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name] input:value(Tour Customer)",
        },
        ...backTo(""),
        {
            content: "New activity",
            trigger: `${overview} .o_collections_new_activity`,
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=partner_id] input",
            run: "edit Tour Second",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(Tour Second)",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=summary] input",
            run: "edit Overview follow-up",
        },
        {
            trigger: ".modal button[name=action_schedule]",
            run: "click",
        },
        {
            content: "The new activity is in my activities",
            trigger: `${overview} .o_collections_grid_activities tr:contains(Overview follow-up)`,
        },
        {
            content: "Close the activity: select it",
            trigger: `${overview} .o_collections_grid_activities tr:contains(Overview follow-up) input[type=checkbox]`,
            run: "click",
        },
        {
            trigger: `${overview} .o_collections_close_activity:enabled`,
            run: "click",
        },
        {
            content: "Discard leaves it open",
            trigger: `${overview} .o_collections_feedback button:not(.o_collections_confirm_close)`,
            run: "click",
        },
        {
            trigger: `${overview} .o_collections_activities:not(:has(.o_collections_feedback))`,
        },
        {
            trigger: `${overview} .o_collections_close_activity:enabled`,
            run: "click",
        },
        {
            trigger: `${overview} .o_collections_feedback input`,
            run: "edit Done from the overview",
        },
        {
            trigger: `${overview} .o_collections_confirm_close`,
            run: "click",
        },
        {
            content: "The closed activity is gone",
            trigger: `${overview} .o_collections_grid_activities tbody:not(:contains(Overview follow-up)) tr:contains(Tour call)`,
        },
        // Sorting decides the order of the customers' next / previous.
        {
            content: "Sort the highest balances by customer",
            trigger: `${overview} .o_collections_grid_highest th[data-column=name]`,
            run: "click",
        },
        {
            trigger: `${overview} .o_collections_grid_highest th[data-column=name] .fa-caret-up`,
        },
        {
            content: "...descending",
            trigger: `${overview} .o_collections_grid_highest th[data-column=name]`,
            run: "click",
        },
        {
            trigger: `${overview} .o_collections_grid_highest th[data-column=name] .fa-caret-down`,
        },
        {
            trigger: `${overview} .o_collections_grid_highest tbody tr:nth-child(1):contains(Tour Second)`,
        },
        {
            content: "Open the first customer's workspace",
            trigger: `${overview} .o_collections_grid_highest tbody tr:nth-child(1) .o_collections_link_name`,
            run: "click",
        },
    ];
}

function navigationSteps() {
    return [
        {
            content: "The workspace is named after the customer, in the breadcrumb too",
            trigger: `${workspace} .o_breadcrumb .o_last_breadcrumb_item:contains(Tour Second)`,
        },
        {
            trigger: `${workspace} .o_collections_customer_name:contains(Tour Second)`,
        },
        {
            content: "Next and previous walk the grid's customers in its order",
            trigger: `${workspace} .o_collections_position:contains(1 / 2)`,
        },
        {
            trigger: `${workspace} .o_collections_previous:disabled`,
        },
        {
            trigger: `${workspace} .o_collections_next:enabled`,
            run: "click",
        },
        {
            trigger: `${workspace} .o_collections_customer_name:contains(Tour Customer)`,
        },
        {
            trigger: `${workspace} .o_collections_position:contains(2 / 2)`,
        },
        {
            trigger: `${workspace} .o_collections_next:disabled`,
        },
        {
            content: "The customer replaces the previous one in the breadcrumbs",
            trigger: `${workspace} .o_breadcrumb:not(:contains(Tour Second)) .o_last_breadcrumb_item:contains(Tour Customer)`,
        },
        {
            trigger: `${workspace} .o_collections_previous:enabled`,
            run: "click",
        },
        {
            trigger: `${workspace} .o_collections_customer_name:contains(Tour Second)`,
        },
        {
            trigger: `${workspace} .o_collections_next:enabled`,
            run: "click",
        },
        {
            trigger: `${workspace} .o_collections_customer_name:contains(Tour Customer)`,
        },
        {
            content: "Reload the page",
            trigger: `${workspace} .o_collections_position:contains(2 / 2)`,
            run() {
                window.location.reload();
            },
        },
        {
            content: "After a reload: the same customer, breadcrumbs and position",
            trigger: `${workspace} .o_collections_customer_name:contains(Tour Customer)`,
            timeout: 60000,
        },
        {
            content: "Breadcrumbs: the overview, then the customer (nothing in between)",
            trigger: `${workspace} .o_breadcrumb:not(:has(.breadcrumb-item:nth-child(2))) .breadcrumb-item a:not(:empty)`,
        },
        {
            trigger: `${workspace} .o_breadcrumb .o_last_breadcrumb_item:contains(Tour Customer)`,
        },
        {
            trigger: `${workspace} .o_collections_position:contains(2 / 2)`,
        },
        {
            content: "Open the customer from the workspace",
            trigger: `${workspace} .o_collections_open_customer`,
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name] input:value(Tour Customer)",
        },
        {
            content: "Reload on a form opened from the workspace",
            trigger: ".o_breadcrumb a:contains(Tour Customer)",
            run() {
                window.location.reload();
            },
        },
        {
            content: "The breadcrumbs are restored: overview, workspace, customer",
            trigger: ".o_form_view .o_field_widget[name=name] input:value(Tour Customer)",
            timeout: 60000,
        },
        {
            trigger: ".o_breadcrumb:has(.breadcrumb-item:nth-child(2)):not(:has(.breadcrumb-item:nth-child(3)))",
        },
        ...backTo(""),
        {
            content: "The workspace is restored, named after the customer",
            trigger: `${workspace} .o_collections_customer_name:contains(Tour Customer)`,
        },
        {
            trigger: `${workspace} .o_breadcrumb .o_last_breadcrumb_item:contains(Tour Customer)`,
        },
    ];
}

function workspaceSteps() {
    return [
        {
            content: "New activity from the workspace, for this customer",
            trigger: `${workspace} .o_collections_schedule`,
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=partner_id] input:value(Tour Customer)",
        },
        {
            trigger: ".modal .o_field_widget[name=summary] input",
            run: "edit Workspace follow-up",
        },
        {
            trigger: ".modal button[name=action_schedule]",
            run: "click",
        },
        {
            content: "The activity is in the customer's timeline",
            trigger: `${workspace} .o_collections_timeline_activity:contains(Workspace follow-up)`,
        },
        {
            content: "Draft reminder e-mail: the composer opens, prefilled",
            trigger: `${workspace} .o_collections_draft_reminder`,
            run: "click",
        },
        {
            trigger: ".modal .o_mail_composer_form:contains(Tour Contact) .o_field_widget[name=body]",
        },
        {
            trigger: ".modal .btn-close",
            run: "click",
        },
        {
            content: "E-mail the collections contact",
            trigger: `${workspace} .o_collections_contacts .o_collections_email`,
            run: "click",
        },
        {
            trigger: ".modal .o_mail_composer_form .o_field_widget[name=body] .odoo-editor-editable",
            run: "editor Tour e-mail to the contact",
        },
        {
            trigger: ".modal button.o_mail_send",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The timeline filter shows one kind",
            trigger: `${workspace} .o_collections_timeline_kind`,
            run: "select invoice",
        },
        {
            trigger: `${workspace} .o_collections_timeline_list:not(:has(.o_collections_timeline_activity)) .o_collections_timeline_invoice`,
        },
        {
            content: "A timeline entry opens its document",
            trigger: `${workspace} .o_collections_timeline_invoice a`,
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=partner_id]:contains(Tour Customer)",
        },
        ...backToWorkspace(),
        {
            content: "Open transactions",
            trigger: `${workspace} .o_collections_tab_open`,
            run: "click",
        },
        {
            trigger: `${openGrid} tr:nth-child(2):last-child`,
        },
        {
            content: "The number opens the invoice",
            trigger: `${openGrid} tr:nth-child(1) .o_collections_link_name`,
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=partner_id]:contains(Tour Customer)",
        },
        ...backToWorkspace(),
        {
            trigger: `${workspace} .o_collections_tab_open`,
            run: "click",
        },
        ...selectItems(1),
        {
            trigger: `${workspace} .o_collections_change_status:enabled`,
            run: "click",
        },
        {
            content: "Mark it disputed",
            trigger: ".modal .o_field_widget[name=collection_status] input[data-value=disputed]",
            run: "click",
        },
        {
            content: "A dispute says why: pick the reason",
            trigger: ".modal .o_field_widget[name=dispute_reason_id] input",
            run: "edit Wrong price",
        },
        {
            trigger: ".modal .o-autocomplete--dropdown-item a:contains(Wrong price)",
            run: "click",
        },
        {
            trigger: ".modal button[name=action_apply]",
            run: "click",
        },
        {
            content: "The disputed tab counts it",
            trigger: `${workspace} .o_collections_tab_disputed .badge:contains(1)`,
        },
        {
            trigger: `${openGrid} tr.o_collections_status_disputed`,
        },
        ...selectItems(2),
        {
            trigger: `${workspace} .o_collections_change_status:enabled`,
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
            trigger: `${workspace} .o_collections_tab_promised .badge:contains(1)`,
        },
        ...selectItems(2),
        {
            content: "Put the second invoice on hold",
            trigger: `${workspace} .o_collections_hold:enabled`,
            run: "click",
        },
        {
            trigger: `${openGrid} tr:nth-child(2) td[data-column=on_hold]:not(:empty)`,
        },
        ...selectItems(1, 2),
        {
            content: "Reprint both invoices: one PDF is downloaded",
            trigger: `${workspace} .o_collections_reprint:enabled`,
            run: "click",
        },
        {
            // Two wkhtmltopdf renderings: slow on a loaded machine.
            trigger: ".o_notification.o_collections_downloaded",
            timeout: 60000,
        },
        ...selectItems(1),
        {
            content: "Collections history of the first invoice",
            trigger: `${workspace} .o_collections_history:enabled`,
            run: "click",
        },
        {
            content: "The history lists the reprint and the dispute",
            trigger: ".o_list_view .o_data_row:contains(reprinted)",
        },
        ...backToWorkspace(),
        {
            trigger: `${workspace} .o_collections_tab_open`,
            run: "click",
        },
        {
            content: "Settle: the customer's open items, to match",
            trigger: `${workspace} .o_collections_settle`,
            run: "click",
        },
        {
            content: "Both invoices and the credit note are listed",
            trigger: ".o_list_view:not(:has(.o_data_row:nth-child(4))) .o_data_row:nth-child(3)",
        },
        {
            trigger: ".o_list_view:not(:contains(Tour Second))",
        },
        ...backToWorkspace(),
        {
            content: "Disputed invoices",
            trigger: `${workspace} .o_collections_tab_disputed`,
            run: "click",
        },
        {
            trigger: ".o_collections_grid_disputed tbody tr.o_collections_status_disputed:only-child",
        },
        {
            content: "Promises to pay",
            trigger: `${workspace} .o_collections_tab_promised`,
            run: "click",
        },
        {
            trigger: ".o_collections_grid_promised tbody tr.o_collections_promise_pending:only-child",
        },
        {
            content: "Unsettled payments: the credit note",
            trigger: `${workspace} .o_collections_tab_unsettled`,
            run: "click",
        },
        {
            trigger: ".o_collections_grid_unsettled tbody tr:only-child .o_collections_link_name",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=partner_id]:contains(Tour Customer)",
        },
        ...backToWorkspace(),
        {
            content: "The summary tab",
            trigger: `${workspace} .o_collections_tab_summary`,
            run: "click",
        },
        {
            trigger: `${workspace} .o_collections_summary p`,
        },
        {
            trigger: `${workspace} .o_collections_tab_open`,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("collections_workspace_tour", {
    url: "/odoo/action-account_collections_automation.collections_overview_action",
    steps: () => [
        ...overviewSteps(),
        ...navigationSteps(),
        ...workspaceSteps(),
        {
            content: "An agent is not offered write-off or NSF payment",
            trigger: `${workspace} .o_collections_item_actions:has(.o_collections_reprint):not(:has(.o_collections_write_off)):not(:has(.o_collections_nsf))`,
        },
    ],
});

registry.category("web_tour.tours").add("collections_workspace_manager_tour", {
    url: "/odoo/action-account_collections_automation.collections_overview_action",
    steps: () => [
        ...overviewSteps(),
        ...navigationSteps(),
        ...workspaceSteps(),
        ...selectItems(1),
        {
            content: "NSF payment of the first invoice's payment",
            trigger: `${workspace} .o_collections_nsf:enabled`,
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=invoice_ids] .o_tag",
        },
        {
            trigger: ".modal button[name=action_reverse]",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        ...selectItems(2),
        {
            content: "Write off the second invoice",
            trigger: `${workspace} .o_collections_write_off:enabled`,
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=account_id] input",
            run: "edit Tour write-off",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(Tour write-off)",
            run: "click",
        },
        {
            trigger: ".modal button[name=action_write_off]",
            run: "click",
        },
        {
            content: "Only the first invoice is left open",
            trigger: `${openGrid} tr:only-child.o_collections_status_disputed`,
        },
    ],
});
