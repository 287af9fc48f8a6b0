/** @odoo-module **/

import { Component, onWillStart, onWillUpdateProps, useState } from "@odoo/owl";
import { useService } from "@web/core/utils/hooks";
import { _t } from "@web/core/l10n/translation";
import { CollectionsGrid } from "../collections_grid/collections_grid";

/**
 * The ranked worklist ("work next") of the overview: the customers of the pool
 * shown to contact today, by priority score (collection.workspace.get_worklist),
 * with the top factors of each score in words. A customer's name opens their
 * workspace; "Log a call" logs a done call on the customer.
 */
export class CollectionsWorklist extends Component {
    static template = "account_collections_automation.CollectionsWorklist";
    static components = { CollectionsGrid };
    static props = {
        poolId: { type: [Number, Boolean], optional: true },
        asOf: { type: [String, Boolean], optional: true },
        openWorkspace: Function,
    };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null });
        onWillStart(() => this.load(this.props));
        onWillUpdateProps((next) => {
            if (next.poolId !== this.props.poolId || next.asOf !== this.props.asOf) {
                return this.load(next);
            }
        });
    }

    async load({ poolId, asOf }) {
        this.state.data = await this.orm.call("collection.workspace", "get_worklist", [], {
            pool_id: poolId || false,
            as_of: asOf || false,
        });
    }

    logCall(row) {
        return this.action.doAction(
            {
                type: "ir.actions.act_window",
                name: _t("Log a call"),
                res_model: "collection.log.call.wizard",
                views: [[false, "form"]],
                target: "new",
                context: { default_partner_id: row.id },
            },
            { onClose: () => this.load(this.props) }
        );
    }

    get columns() {
        return [
            { key: "rank", label: _t("Rank"), type: "integer" },
            {
                key: "name",
                label: _t("Customer"),
                onClick: (row, rows) => this.props.openWorkspace(row, rows),
            },
            {
                key: "score",
                label: _t("Score"),
                type: "score",
                title: (row) => row.reason_text,
            },
            { key: "overdue", label: _t("Overdue"), type: "monetary" },
            { key: "oldest_overdue", label: _t("Oldest overdue"), type: "date" },
            { key: "reason_text", label: _t("Why") },
            {
                key: "log_call",
                label: "",
                type: "button",
                buttonLabel: _t("Log a call"),
                onClick: (row) => this.logCall(row),
            },
        ];
    }
}
