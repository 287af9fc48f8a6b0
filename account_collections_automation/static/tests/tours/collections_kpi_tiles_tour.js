/** @odoo-module **/

import { registry } from "@web/core/registry";

// The overview's performance tiles (see TestKpiTilesTour): the DSO tile shows
// a figure in days and its change over the last 90 days; a click opens the
// snapshots' graph.
registry.category("web_tour.tours").add("collections_kpi_tiles_tour", {
    url: "/odoo/action-account_collections_automation.collections_overview_action",
    steps: () => [
        {
            content: "The DSO tile shows the latest figure",
            trigger: ".o_collections_kpi_dso .o_collections_kpi_value:contains(days)",
        },
        {
            content: "and its change since the first snapshot of the last 90 days",
            trigger: ".o_collections_kpi_dso .o_collections_kpi_change:not(:empty)",
        },
        {
            content: "The CEI and overdue tiles are there too",
            trigger: ".o_collections_kpi_cei, .o_collections_kpi_receivable_overdue",
        },
        {
            content: "Open the DSO's history",
            trigger: ".o_collections_kpi_dso",
            run: "click",
        },
        {
            content: "The snapshots' graph",
            trigger: ".o_graph_view .o_graph_renderer canvas",
        },
    ],
});
