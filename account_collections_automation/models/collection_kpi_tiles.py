# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The performance tiles of the coordinator overview: each KPI's latest
snapshot figure and its trend over the last 90 days, for the company or for
the pool the overview shows."""

from datetime import timedelta

from odoo import _lt, api, models
from odoo.tools import SQL

from ..engine import kpi

TREND_DAYS = 90
# (field, label, unit, lower is better)
TILES = (
    ("dso", _lt("DSO"), "days", True),
    ("cei", _lt("CEI"), "percent", False),
    ("avg_days_delinquent", _lt("Average days delinquent"), "days", True),
    ("receivable_overdue", _lt("Overdue"), "amount", True),
)


class CollectionKpiSnapshot(models.Model):
    _inherit = "collection.kpi.snapshot"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def get_kpi_tiles(self, pool_id=False):
        """``{"date", "since", "currency_id", "tiles"}``: per KPI its label,
        unit, latest value, change since the first snapshot of the last 90
        days, whether that is an improvement, and the values between (for a
        sparkline). Empty values are figures that could not be computed."""
        company = self.env.company
        domain = [("company_id", "=", company.id)] + (
            [("dimension", "=", "pool"), ("pool_id", "=", pool_id)] if pool_id
            else [("dimension", "=", "company")])
        latest = self.search(domain, order="date desc, id desc", limit=1)
        result = {"date": False, "since": False, "currency_id": company.currency_id.id,
                  "tiles": []}
        if not latest:
            return result
        points = self.search(
            domain + [("date", ">=", latest.date - timedelta(days=TREND_DAYS))],
            order="date, id")
        # Read the columns themselves: an empty (not computable) figure is NULL
        # there, where the ORM would say 0.0. ``points`` went through the rules.
        self.flush_model()
        self.env.cr.execute(SQL(
            "SELECT date, %s FROM collection_kpi_snapshot WHERE id = ANY(%s) ORDER BY date, id",
            SQL(", ").join(SQL.identifier(field) for field, *_rest in TILES), points.ids))
        rows = self.env.cr.fetchall()
        result.update(date=latest.date, since=rows[0][0])
        for index, (field, label, unit, lower_is_better) in enumerate(TILES, start=1):
            values = [row[index] for row in rows]
            change, improving = kpi.trend(values, lower_is_better)
            result["tiles"].append({
                "key": field, "label": str(label), "unit": unit,
                "value": values[-1],
                "change": None if change is None else float(change),
                "improving": improving,
                "points": [value for value in values if value is not None],
            })
        return result
