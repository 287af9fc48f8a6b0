/** @odoo-module **/

import { Component, onWillStart, onWillUpdateProps, useState } from "@odoo/owl";
import { useService } from "@web/core/utils/hooks";
import { _t } from "@web/core/l10n/translation";
import { deserializeDate, formatDate } from "@web/core/l10n/dates";
import { formatFloat, formatMonetary } from "@web/views/fields/formatters";

const SNAPSHOT_ACTION = "account_collections_automation.collection_kpi_snapshot_action";

/**
 * The performance tiles of the overview: each KPI's latest snapshot figure and
 * its trend over the last 90 days (collection.kpi.snapshot.get_kpi_tiles), for
 * the company or the pool shown. A tile opens the snapshots' graph of its KPI.
 */
export class CollectionsKpiTiles extends Component {
    static template = "account_collections_automation.CollectionsKpiTiles";
    static props = { poolId: { type: [Number, Boolean], optional: true } };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null });
        onWillStart(() => this.load(this.props.poolId));
        onWillUpdateProps((next) => {
            if (next.poolId !== this.props.poolId) {
                return this.load(next.poolId);
            }
        });
    }

    async load(poolId) {
        this.state.data = await this.orm.call("collection.kpi.snapshot", "get_kpi_tiles", [], {
            pool_id: poolId || false,
        });
    }

    format(tile, value) {
        if (value === null || value === undefined || value === false) {
            return "—";
        }
        if (tile.unit === "amount") {
            return formatMonetary(value, { currencyId: this.state.data.currency_id });
        }
        const number = formatFloat(value, { digits: [16, 1] });
        return tile.unit === "percent" ? `${number} %` : _t("%s days", number);
    }

    change(tile) {
        if (tile.change === null) {
            return "";
        }
        const sign = tile.change > 0 ? "+" : "";
        if (tile.unit === "amount") {
            return sign + formatMonetary(tile.change, { currencyId: this.state.data.currency_id });
        }
        return sign + formatFloat(tile.change, { digits: [16, 1] });
    }

    changeClass(tile) {
        if (tile.improving === null) {
            return "text-muted";
        }
        return tile.improving ? "text-success" : "text-danger";
    }

    get since() {
        return this.state.data.since ? formatDate(deserializeDate(this.state.data.since)) : "";
    }

    /** The sparkline's points in a 100 x 24 box. */
    sparkline(tile) {
        const values = tile.points;
        if (values.length < 2) {
            return "";
        }
        const low = Math.min(...values);
        const span = Math.max(...values) - low || 1;
        return values
            .map((value, index) => {
                const x = (index / (values.length - 1)) * 100;
                const y = 22 - ((value - low) / span) * 20;
                return `${x.toFixed(1)},${y.toFixed(1)}`;
            })
            .join(" ");
    }

    openGraph(tile) {
        return this.action.doAction(SNAPSHOT_ACTION, {
            additionalContext: { graph_measure: tile.key, graph_mode: "line" },
        });
    }
}
