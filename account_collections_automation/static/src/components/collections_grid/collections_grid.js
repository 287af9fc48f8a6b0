/** @odoo-module **/

import { Component, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { deserializeDate, formatDate } from "@web/core/l10n/dates";
import { formatFloat, formatInteger, formatMonetary } from "@web/views/fields/formatters";

/**
 * A sortable, filterable grid of plain rows, shared by the collections
 * overview and the customer workspace. A column is
 * {key, label, type: char|monetary|date|integer|score|button, value?(row), onClick?(row, rows),
 * title?(row), buttonLabel?}; onClick also gets the rows as shown (filtered and sorted); a
 * button column shows a button labelled buttonLabel calling onClick.
 */
export class CollectionsGrid extends Component {
    static template = "account_collections_automation.CollectionsGrid";
    static props = {
        name: String,
        columns: Array,
        rows: Array,
        currencyId: { type: [Number, Boolean], optional: true },
        selectable: { type: Boolean, optional: true },
        selectedIds: { type: Array, optional: true },
        onSelect: { type: Function, optional: true },
        rowKey: { type: String, optional: true },
        emptyText: { type: String, optional: true },
        filterable: { type: Boolean, optional: true },
        rowClass: { type: Function, optional: true },
    };
    static defaultProps = { rowKey: "id", filterable: true, selectedIds: [] };

    setup() {
        this.state = useState({ sortKey: null, sortAsc: true, filter: "" });
    }

    value(row, column) {
        return column.value ? column.value(row) : row[column.key];
    }

    display(row, column) {
        const value = this.value(row, column);
        if (value === false || value === null || value === undefined || value === "") {
            return "";
        }
        switch (column.type) {
            case "monetary":
                return formatMonetary(value, {
                    currencyId: column.currency ? column.currency(row) : this.props.currencyId,
                });
            case "date":
                return formatDate(deserializeDate(value));
            case "float":
            case "score":
                // In the user's language (decimal point, thousands separator).
                return formatFloat(value, { digits: [16, 1] });
            case "integer":
                return formatInteger(value);
            default:
                return String(value);
        }
    }

    get rows() {
        let rows = this.props.rows;
        const filter = this.state.filter.trim().toLowerCase();
        if (filter) {
            rows = rows.filter((row) =>
                this.props.columns.some((column) =>
                    this.display(row, column).toLowerCase().includes(filter)
                )
            );
        }
        const key = this.state.sortKey;
        if (key) {
            const column = this.props.columns.find((col) => col.key === key);
            const sign = this.state.sortAsc ? 1 : -1;
            rows = [...rows].sort((a, b) => {
                const va = this.value(a, column);
                const vb = this.value(b, column);
                if (va === vb) {
                    return 0;
                }
                if (va === false || va === null || va === undefined) {
                    return 1;
                }
                if (vb === false || vb === null || vb === undefined) {
                    return -1;
                }
                return (va < vb ? -1 : 1) * sign;
            });
        }
        return rows;
    }

    sortBy(column) {
        if (this.state.sortKey === column.key) {
            this.state.sortAsc = !this.state.sortAsc;
        } else {
            this.state.sortKey = column.key;
            this.state.sortAsc = !["monetary", "integer", "score", "float"].includes(column.type);
        }
    }

    sortIcon(column) {
        if (this.state.sortKey !== column.key) {
            return "";
        }
        return this.state.sortAsc ? "fa fa-caret-up" : "fa fa-caret-down";
    }

    isSelected(row) {
        return this.props.selectedIds.includes(row[this.props.rowKey]);
    }

    toggle(row) {
        const id = row[this.props.rowKey];
        const ids = this.isSelected(row)
            ? this.props.selectedIds.filter((other) => other !== id)
            : [...this.props.selectedIds, id];
        this.props.onSelect(ids);
    }

    toggleAll(ev) {
        this.props.onSelect(ev.target.checked ? this.rows.map((r) => r[this.props.rowKey]) : []);
    }

    cellClass(column) {
        return ["monetary", "integer", "score", "float"].includes(column.type) ? "text-end" : "";
    }

    scoreClass(row, column) {
        const score = this.value(row, column);
        if (score >= 60) {
            return "text-bg-danger";
        }
        return score >= 30 ? "text-bg-warning" : "text-bg-success";
    }

    get filterPlaceholder() {
        return _t("Filter...");
    }
}
