/** @odoo-module **/

import { Component, onMounted, onWillStart, status, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { user } from "@web/core/user";
import { download } from "@web/core/network/download";
import { _t } from "@web/core/l10n/translation";
import { deserializeDate, formatDate } from "@web/core/l10n/dates";
import { formatMonetary } from "@web/views/fields/formatters";
import { Layout } from "@web/search/layout";
import { CollectionsGrid } from "../collections_grid/collections_grid";
import { WORKSPACE_ACTION, readCustomerList } from "../collections_overview/collections_navigation";

const MANAGER = "account_collections_automation.group_collections_manager";

/** The collections coordinator workspace of one customer. */
export class CollectionsCustomerWorkspace extends Component {
    static template = "account_collections_automation.CollectionsCustomerWorkspace";
    static components = { CollectionsGrid, Layout };
    static props = ["*"];
    // The path of its ir.actions.client: the web client then knows, when it
    // restores the breadcrumbs from a URL such as collections-workspace/7,
    // that this client action has no multi-record view before the customer.
    static path = "collections-workspace";
    // The breadcrumb of a workspace restored from the URL below another screen
    // (the live workspace names it after the customer).
    static displayName = _t("Customer workspace");

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.notification = useService("notification");
        const action = this.props.action || {};
        // props.resId: opened from the overview, next/previous or restored from the URL;
        // params/context: opened from the customer form or list (older links too).
        this.partnerId =
            this.props.resId ||
            (action.params && action.params.partner_id) ||
            (action.context && action.context.active_id) ||
            false;
        // The customers of the overview grid the agent came from, in its order.
        this.customerIds = readCustomerList();
        this.state = useState({
            data: null,
            tab: "summary",
            selected: [],
            timelineKind: "",
        });
        onWillStart(async () => {
            this.isManager = await user.hasGroup(MANAGER);
            await this.load();
        });
        onMounted(() => {
            // Opened from the customer form or list: the customer goes into the
            // URL too, so that a reload shows the same customer.
            if (!this.props.resId && this.partnerId) {
                this.props.updateActionState?.({ resId: this.partnerId });
            }
        });
    }

    async load() {
        if (!this.partnerId || status(this) === "destroyed") {
            return;
        }
        const data = await this.orm.call("collection.workspace", "get_customer", [
            this.partnerId,
        ], { as_of: this.asOf || false });
        this.state.data = data;
        // The breadcrumb and the browser tab show the customer.
        this.env.config.setDisplayName?.(data.name);
    }

    // ------------------------------------------------------------ as of
    /** The date the balances are shown as of (empty: today); from the overview's. */
    get asOf() {
        if (this._asOf === undefined) {
            const params = (this.props.action && this.props.action.params) || {};
            this._asOf = this.props.asOf || params.as_of || false;
        }
        return this._asOf;
    }

    onAsOfChange(ev) {
        this._asOf = ev.target.value || false;
        this.load();
    }

    /** Reload, unless the component is gone (an action navigated away meanwhile). */
    reload() {
        if (status(this) !== "destroyed") {
            return this.load();
        }
    }

    // ------------------------------------------------------------ next / previous
    get position() {
        return this.customerIds.indexOf(this.partnerId);
    }

    get neighbours() {
        const index = this.position;
        return {
            previous: index > 0 ? this.customerIds[index - 1] : false,
            next: index >= 0 && index < this.customerIds.length - 1
                ? this.customerIds[index + 1]
                : false,
        };
    }

    /** Another customer of the list, in place of this one in the breadcrumbs. */
    goTo(partnerId) {
        if (!partnerId) {
            return;
        }
        return this.action.doAction(WORKSPACE_ACTION, {
            props: { resId: partnerId, asOf: this.asOf || false },
            stackPosition: "replaceCurrentAction",
        });
    }

    previousCustomer() {
        return this.goTo(this.neighbours.previous);
    }

    nextCustomer() {
        return this.goTo(this.neighbours.next);
    }

    // ------------------------------------------------------------ formatting
    money(value, currencyId) {
        if (value === false || value === null || value === undefined) {
            return "";
        }
        return formatMonetary(value, { currencyId: currencyId || this.state.data.currency_id });
    }

    date(value) {
        return value ? formatDate(deserializeDate(value)) : "";
    }

    get tabs() {
        const data = this.state.data;
        return [
            { key: "summary", label: _t("Summary") },
            { key: "open", label: _t("Open transactions"), count: data.open_items.length },
            { key: "disputed", label: _t("Disputed invoices"), count: data.disputed.length },
            { key: "promised", label: _t("Promised to pay"), count: data.promised.length },
            { key: "unsettled", label: _t("Unsettled payments"), count: data.unsettled.length },
        ];
    }

    setTab(key) {
        this.state.tab = key;
        this.state.selected = [];
    }

    get itemsOfTab() {
        const data = this.state.data;
        return { open: data.open_items, disputed: data.disputed }[this.state.tab] || [];
    }

    get agingBars() {
        const data = this.state.data;
        const max = Math.max(1, ...data.aging.map((amount) => Math.abs(amount)));
        return data.buckets.map((bucket, index) => ({
            key: bucket.key,
            label: bucket.label,
            amount: data.aging[index],
            width: Math.round((Math.abs(data.aging[index]) / max) * 100),
            overdue: index > 0,
        }));
    }

    get timeline() {
        const kind = this.state.timelineKind;
        return this.state.data.timeline.filter((entry) => !kind || entry.kind === kind);
    }

    kindLabel(kind) {
        const found = this.state.data.timeline_kinds.find((k) => k.key === kind);
        return found ? found.label : kind;
    }

    kindIcon(kind) {
        return (
            {
                invoice: "fa-file-text-o",
                credit_note: "fa-undo",
                payment: "fa-money",
                activity: "fa-clock-o",
                reminder: "fa-envelope-o",
                collection_action: "fa-bolt",
                status: "fa-flag-o",
                reply: "fa-reply",
                bounce: "fa-exclamation-triangle",
                call: "fa-phone",
                sms: "fa-mobile",
            }[kind] || "fa-circle-o"
        );
    }

    // ------------------------------------------------------------ columns
    statusLabel(status) {
        return {
            none: "",
            disputed: _t("Disputed"),
            promised: _t("Promised to pay"),
            resolved: _t("Resolved"),
            broken: _t("Promise broken"),
        }[status];
    }

    get itemColumns() {
        return [
            { key: "name", label: _t("Number"), onClick: (row) => this.openMove(row.move_id) },
            { key: "date", label: _t("Date"), type: "date" },
            { key: "date_maturity", label: _t("Due date"), type: "date" },
            { key: "days_overdue", label: _t("Days overdue"), type: "integer" },
            { key: "amount", label: _t("Amount"), type: "monetary" },
            { key: "residual", label: _t("Open amount"), type: "monetary" },
            {
                key: "collection_status",
                label: _t("Collection status"),
                value: (row) => this.statusLabel(row.collection_status),
            },
            { key: "promise_date", label: _t("Promised payment date"), type: "date" },
            {
                key: "on_hold",
                label: _t("On hold"),
                value: (row) => (row.on_hold ? _t("On hold") : ""),
            },
        ];
    }

    get promisedColumns() {
        const states = { pending: _t("Pending"), kept: _t("Kept"), broken: _t("Broken") };
        return [
            { key: "name", label: _t("Number"), onClick: (row) => this.openMove(row.move_id) },
            { key: "date_maturity", label: _t("Due date"), type: "date" },
            { key: "promise_date", label: _t("Promised payment date"), type: "date" },
            {
                key: "promise_amount",
                label: _t("Promised amount"),
                type: "monetary",
                currency: (row) => row.currency_id,
            },
            { key: "residual", label: _t("Open amount"), type: "monetary" },
            {
                key: "promise_state",
                label: _t("Promise kept"),
                value: (row) => states[row.promise_state] || "",
            },
        ];
    }

    get unsettledColumns() {
        return [
            {
                key: "name",
                label: _t("Number"),
                onClick: (row) =>
                    row.payment_id
                        ? this.openRecord("account.payment", row.payment_id)
                        : this.openMove(row.move_id),
            },
            { key: "date", label: _t("Date"), type: "date" },
            { key: "ref", label: _t("Reference") },
            { key: "residual", label: _t("Open amount"), type: "monetary" },
        ];
    }

    // ------------------------------------------------------------ navigation
    openRecord(resModel, resId) {
        return this.action.doAction({
            type: "ir.actions.act_window",
            res_model: resModel,
            res_id: resId,
            views: [[false, "form"]],
        });
    }

    openMove(moveId) {
        return this.openRecord("account.move", moveId);
    }

    openCustomer() {
        return this.openRecord("res.partner", this.state.data.id);
    }

    async doServerAction(model, method, args) {
        const result = await this.orm.call(model, method, args);
        this.state.selected = [];
        if (result && typeof result === "object" && result.type) {
            if (result.type === "ir.actions.act_url" && result.target === "download") {
                // A file (reprint): downloaded in place, errors shown in a dialog.
                await download({ url: result.url, data: {} });
                this.notification.add(_t("The document is downloaded."), {
                    type: "success",
                    className: "o_collections_downloaded",
                });
            } else if (result.type === "ir.actions.act_window" && result.target !== "new") {
                // A list or form in place of the workspace (settle, history): the
                // workspace reloads when the user comes back to it.
                return this.action.doAction(result);
            } else {
                await this.action.doAction(result, { onClose: () => this.reload() });
            }
        }
        await this.reload();
    }

    /** The invoices of the selected items (rows are items: an installment each). */
    get selectedMoveIds() {
        const data = this.state.data;
        const items = [...(data.open_items || []), ...(data.disputed || [])];
        const moveIds = items
            .filter((item) => this.state.selected.includes(item.id))
            .map((item) => item.move_id);
        return [...new Set(moveIds)];
    }

    runItemAction(method) {
        const moveIds = this.selectedMoveIds;
        if (!moveIds.length) {
            return;
        }
        return this.doServerAction("account.move", method, [moveIds]);
    }

    runSingleItemAction(method) {
        const moveIds = this.selectedMoveIds;
        if (moveIds.length !== 1) {
            return;
        }
        return this.doServerAction("account.move", method, [moveIds]);
    }

    /** Change status of the selected items themselves (each installment its own). */
    changeStatus() {
        if (!this.state.selected.length) {
            return;
        }
        return this.doServerAction("account.move.line", "action_collection_change_status", [
            this.state.selected,
        ]);
    }

    settle() {
        return this.doServerAction("res.partner", "action_collection_settle_customer", [
            [this.state.data.id],
        ]);
    }

    draftReminder() {
        return this.doServerAction("collection.workspace", "action_draft_reminder_email", [
            this.state.data.id,
        ]);
    }

    scheduleActivity() {
        return this.action.doAction(
            {
                type: "ir.actions.act_window",
                name: _t("New activity"),
                res_model: "collection.activity.wizard",
                views: [[false, "form"]],
                target: "new",
                context: { active_model: "res.partner", active_id: this.state.data.id },
            },
            { onClose: () => this.reload() }
        );
    }

    sendEmail(contact) {
        return this.action.doAction(
            {
                type: "ir.actions.act_window",
                res_model: "mail.compose.message",
                views: [[false, "form"]],
                target: "new",
                context: {
                    default_model: "res.partner",
                    default_res_ids: [this.state.data.id],
                    default_composition_mode: "comment",
                    default_partner_ids: [contact.id],
                },
            },
            { onClose: () => this.reload() }
        );
    }

    openEntry(entry) {
        if (entry.res_model && entry.res_id) {
            return this.openRecord(entry.res_model, entry.res_id);
        }
    }
}

registry.category("actions").add("collections_customer_workspace", CollectionsCustomerWorkspace);
