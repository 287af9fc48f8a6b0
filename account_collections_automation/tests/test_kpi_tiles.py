# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The performance tiles of the overview: the latest figures and their trend
over the last 90 days (get_kpi_tiles), and the tiles clicked in Chromium."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from ..engine import kpi
from .test_workspace_tour import AGENT, MANAGER, _server_errors_told


@tagged("post_install", "-at_install")
class TestKpiTiles(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")
        cls.today = fields.Date.context_today(cls.env.user)
        Snapshot = cls.env["collection.kpi.snapshot"]
        Snapshot.search([]).unlink()
        last = cls.today.replace(day=1) - timedelta(days=1)
        before = last.replace(day=1) - timedelta(days=1)
        cls.customer = cls.env["res.partner"].create(
            {"name": "Tiles Customer", "is_company": True, "customer_rank": 1})
        # A sale in each of the three months, so that every DSO is known.
        for day, amount in ((before - timedelta(days=20), 900), (last - timedelta(days=5), 400),
                            (cls.today, 100)):
            move = cls.env["account.move"].create({
                "move_type": "out_invoice", "partner_id": cls.customer.id,
                "invoice_date": day, "invoice_date_due": day + timedelta(days=15),
                "invoice_line_ids": [Command.create(
                    {"name": "x", "quantity": 1, "price_unit": amount, "tax_ids": []})]})
            move.action_post()
        for day in (before, last, cls.today):
            Snapshot.compute_snapshots(day)
        cls.snapshots = Snapshot.search(
            [("dimension", "=", "company"), ("company_id", "=", cls.env.company.id)],
            order="date")
        cls.agent = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Tiles Agent", "login": "tiles_agent", "password": "tiles_agent",
            "email": "tiles_agent@example.com", "lang": "en_US",
            "groups_id": [Command.set([cls.env.ref("base.group_user").id,
                                       cls.env.ref(AGENT).id])]})
        cls.manager = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Tiles Manager", "login": "tiles_manager", "password": "tiles_manager",
            "email": "tiles_manager@example.com", "lang": "en_US",
            "groups_id": [Command.set([cls.env.ref("base.group_user").id,
                                       cls.env.ref(MANAGER).id])]})

    def test_latest_figures_and_their_trend(self):
        data = self.env["collection.kpi.snapshot"].with_user(self.agent).get_kpi_tiles()
        self.assertEqual(data["date"], self.today)
        self.assertEqual(data["since"], self.snapshots[0].date)
        tiles = {tile["key"]: tile for tile in data["tiles"]}
        self.assertEqual(list(tiles), ["dso", "cei", "avg_days_delinquent", "receivable_overdue"])
        first, latest = self.snapshots[0], self.snapshots[-1]
        dso = tiles["dso"]
        self.assertAlmostEqual(dso["value"], latest.dso, places=2)
        self.assertAlmostEqual(dso["change"], latest.dso - first.dso, places=2)
        self.assertEqual(dso["improving"], latest.dso < first.dso if latest.dso != first.dso
                         else None)
        self.assertEqual(len(dso["points"]), 3)
        overdue = tiles["receivable_overdue"]
        self.assertAlmostEqual(overdue["value"], latest.receivable_overdue, places=2)
        change, improving = kpi.trend([first.receivable_overdue, latest.receivable_overdue])
        self.assertAlmostEqual(overdue["change"], float(change), places=2)
        self.assertEqual(overdue["improving"], improving)

    def test_no_snapshot_no_tiles(self):
        self.env["collection.kpi.snapshot"].search([]).unlink()
        self.assertEqual(self.env["collection.kpi.snapshot"].get_kpi_tiles()["tiles"], [])

    def test_tiles_tour(self):
        with self.assertNoLogs(__name__, "WARNING"), _server_errors_told():
            self.start_tour("/odoo", "collections_kpi_tiles_tour", login="tiles_agent",
                            timeout=300)

    def test_tiles_tour_as_manager(self):
        with self.assertNoLogs(__name__, "WARNING"), _server_errors_told():
            self.start_tour("/odoo", "collections_kpi_tiles_tour", login="tiles_manager",
                            timeout=300)
