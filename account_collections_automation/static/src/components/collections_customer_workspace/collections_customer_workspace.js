/** @odoo-module **/

import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { _t } from "@web/core/l10n/translation";
import { deserializeDate, formatDate } from "@web/core/l10n/dates";
import { formatMonetary } from "@web/views/fields/formatters";
import { CollectionsGrid } from "../collections_grid/collections_grid";

/** The collections coordinator workspace of one customer. */
export class CollectionsCustomerWorkspace extends Component {
    static template = "account_collections_automation.CollectionsCustomerWorkspace";
    static components = { CollectionsGrid };
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        const action = this.props.action || {};
        this.partnerId = (action.params && action.params.partner_id) ||
            (action.context && action.context.active_id) || false;
        this.state = useState({
            data: null,
            tab: "summary",
            selected: [],
            timelineKind: "",
        });
        onWillStart(() => this.load());
    }

    async load() {
        if (!this.partnerId) {
            return;
        }
        this.state.data = await this.orm.call("collection.workspace", "get_customer", [
            this.partnerId,
        ], { as_of: this.asOf || false });
    }

    // ------------------------------------------------------------ as of
    /** The date the balances are shown as of (empty: today); from the overview's. */
    get asOf() {
        if (this._asOf === undefined) {
            const params = (this.props.action && this.props.action.params) || {};
            this._asOf = params.as_of || false;
        }
        return this._asOf;
    }

    onAsOfChange(ev) {
        this._asOf = ev.target.value || false;
        this.load();
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
            }[kind] || "fa-circle-o"
        );
    }

    // ------------------------------------------------------------ columns
    statusLabel(status) {
        return { none: "", disputed: _t("Disputed"), promised: _t("Promised to pay") }[status];
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
            await this.action.doAction(result, { onClose: () => this.load() });
        }
        await this.load();
    }

    runItemAction(method) {
        if (!this.state.selected.length) {
            return;
        }
        return this.doServerAction("account.move", method, [this.state.selected]);
    }

    runSingleItemAction(method) {
        if (this.state.selected.length !== 1) {
            return;
        }
        return this.doServerAction("account.move", method, [this.state.selected]);
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
            { onClose: () => this.load() }
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
            { onClose: () => this.load() }
        );
    }

    openEntry(entry) {
        if (entry.res_model && entry.res_id) {
            return this.openRecord(entry.res_model, entry.res_id);
        }
    }
}

registry.category("actions").add("collections_customer_workspace", CollectionsCustomerWorkspace);
