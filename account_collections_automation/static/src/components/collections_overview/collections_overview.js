/** @odoo-module **/

import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { _t } from "@web/core/l10n/translation";
import { Layout } from "@web/search/layout";
import { CollectionsGrid } from "../collections_grid/collections_grid";
import { CollectionsKpiTiles } from "../collections_kpi_tiles/collections_kpi_tiles";
import { CollectionsWorklist } from "../collections_worklist/collections_worklist";
import {
    WORKSPACE_ACTION,
    readPool,
    storeCustomerList,
    storePool,
} from "./collections_navigation";

/** The collections coordinator overview: work next, my activities, highest and oldest balances. */
export class CollectionsOverview extends Component {
    static template = "account_collections_automation.CollectionsOverview";
    static components = { CollectionsGrid, CollectionsKpiTiles, CollectionsWorklist, Layout };
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({
            data: null,
            poolId: null,
            selectedActivities: [],
            feedback: "",
            closing: false,
        });
        // The pool chosen before (Back, reload), else the user's default pool.
        onWillStart(() => this.load(readPool()));
    }

    async load(poolId) {
        const data = await this.orm.call("collection.workspace", "get_overview", [], {
            pool_id: poolId,
            as_of: this.asOf || false,
        });
        this.state.data = data;
        this.state.poolId = data.pool_id;
        this.state.selectedActivities = this.state.selectedActivities.filter((id) =>
            data.activities.some((act) => act.id === id)
        );
    }

    // ------------------------------------------------------------ as of
    /** The date the balances are shown as of (empty: today). */
    onAsOfChange(ev) {
        this.asOf = ev.target.value || false;
        this.load(this.state.poolId || false);
    }

    onPoolChange(ev) {
        const value = parseInt(ev.target.value) || false;
        storePool(value);
        this.load(value);
    }

    /**
     * The customer's workspace; `rows` are the rows of the grid clicked, in the
     * order shown, for the workspace's next / previous customer.
     */
    openWorkspace(row, rows = [row]) {
        const customerId = (r) => r.customer_id || r.id;
        const ids = [];
        for (const other of rows) {
            const id = customerId(other);
            if (id && !ids.includes(id)) {
                ids.push(id);
            }
        }
        storeCustomerList(ids);
        return this.action.doAction(WORKSPACE_ACTION, {
            props: { resId: customerId(row), asOf: this.asOf || false },
        });
    }

    openRecord(resModel, resId) {
        return this.action.doAction({
            type: "ir.actions.act_window",
            res_model: resModel,
            res_id: resId,
            views: [[false, "form"]],
        });
    }

    openCustomer(row) {
        return this.openRecord("res.partner", row.customer_id || row.id);
    }

    openActivity(row) {
        return this.openRecord(row.res_model, row.res_id);
    }

    async closeActivities() {
        await this.orm.call("collection.workspace", "close_activities", [
            this.state.selectedActivities,
            this.state.feedback,
        ]);
        this.state.feedback = "";
        this.state.closing = false;
        this.state.selectedActivities = [];
        await this.load(this.state.poolId || false);
    }

    newActivity() {
        return this.action.doAction(
            {
                type: "ir.actions.act_window",
                name: _t("New activity"),
                res_model: "collection.activity.wizard",
                views: [[false, "form"]],
                target: "new",
            },
            { onClose: () => this.load(this.state.poolId || false) }
        );
    }

    /** A failed action's history record, with its Retry button. */
    openFailedAction(row) {
        return this.openRecord("collection.action", row.id);
    }

    get failedColumns() {
        return [
            { key: "date", label: _t("Date"), type: "date" },
            {
                key: "partner_name",
                label: _t("Customer"),
                onClick: (row, rows) =>
                    this.openWorkspace(
                        { customer_id: row.partner_id },
                        rows.map((other) => ({ customer_id: other.partner_id }))
                    ),
            },
            {
                key: "action",
                label: _t("Action"),
                value: (row) =>
                    row.step ? `${row.step} (${row.action_type_label})` : row.action_type_label,
                onClick: (row) => this.openFailedAction(row),
            },
            { key: "process", label: _t("Process") },
            { key: "invoice", label: _t("Invoice") },
            {
                key: "error",
                label: _t("Reason"),
                onClick: (row) => this.openFailedAction(row),
                title: (row) => row.error,
            },
        ];
    }

    get currencyId() {
        return this.state.data.currency_id;
    }

    get activityColumns() {
        return [
            { key: "date_deadline", label: _t("Due date"), type: "date" },
            {
                key: "summary",
                label: _t("Purpose"),
                onClick: (row) => this.openActivity(row),
                title: (row) => row.note.replace(/<[^>]*>/g, " "),
            },
            { key: "activity_type", label: _t("Type") },
            {
                key: "customer_name",
                label: _t("Customer"),
                onClick: (row, rows) => this.openWorkspace(row, rows),
            },
            { key: "res_name", label: _t("Document"), onClick: (row) => this.openActivity(row) },
        ];
    }

    get highestColumns() {
        return [
            {
                key: "name",
                label: _t("Customer"),
                onClick: (row, rows) => this.openWorkspace(row, rows),
            },
            {
                key: "account",
                label: _t("Account"),
                value: (row) => row.ref || `#${row.id}`,
                onClick: (row) => this.openCustomer(row),
            },
            { key: "balance", label: _t("Balance"), type: "monetary" },
            { key: "overdue", label: _t("Overdue"), type: "monetary" },
            { key: "credit_limit", label: _t("Credit limit"), type: "monetary" },
            { key: "available_credit", label: _t("Available credit"), type: "monetary" },
            {
                key: "risk_score",
                label: _t("Risk score"),
                type: "score",
                title: (row) => row.risk.tooltip,
            },
        ];
    }

    get oldestColumns() {
        const buckets = this.state.data.buckets.map((bucket, index) => ({
            key: `bucket_${bucket.key}`,
            label: bucket.label,
            type: "monetary",
            value: (row) => row.buckets[index],
        }));
        return [
            {
                key: "name",
                label: _t("Customer"),
                onClick: (row, rows) => this.openWorkspace(row, rows),
            },
            {
                key: "account",
                label: _t("Account"),
                value: (row) => row.ref || `#${row.id}`,
                onClick: (row) => this.openCustomer(row),
            },
            { key: "oldest_overdue", label: _t("Oldest due date"), type: "date" },
            ...buckets,
            { key: "balance", label: _t("Balance"), type: "monetary" },
            { key: "credit_group", label: _t("Customer credit group") },
            { key: "account_status_label", label: _t("Account status") },
        ];
    }
}

registry.category("actions").add("collections_overview", CollectionsOverview);
