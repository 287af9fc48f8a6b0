# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Two Odoo servers share the job queue (OCA queue_job, with the bridge
account_collections_automation_queue_job) on one copy of the test database,
as a deployment on several servers does: each server runs workers and
queue_job's job runner (one of them is the master, the other takes over when
it dies); a load balancer spreads the runner's job requests over both.

The processes' cron and an automation's cron, through Odoo's scheduler, queue
a process run and a reminder automation run over their customers (1,500 each,
3,000 in all, by default; ACA_QJ_E2E_CUSTOMERS) in batches. Checked: both servers executed
jobs; nothing was done twice; a server killed with SIGKILL in the middle of
the run leaves its started jobs to queue_job's dead-job requeue, and the
other server finishes them.

Runs on the database where setup/test.sh installed the bridge
(ACA_QUEUE_JOB_TESTS=1)."""

import configparser
import http.server
import itertools
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import closing, contextmanager
from datetime import timedelta

import pytest
from aca_e2e_scenario import E2E_CONTEXT, MODULE, check, scheduler_thread_state, seed

from odoo import SUPERUSER_ID, Command, api, fields

BRIDGE = "account_collections_automation_queue_job"
# Customers of the process and of the automation: ACA_QJ_E2E_CUSTOMERS each
# (default 1,500: "a few thousand customers"; the test takes about 6 minutes on
# the 2-core machine while another build loads it, 400 about 2).
PROCESS_CUSTOMERS = AUTOMATION_CUSTOMERS = int(os.environ.get("ACA_QJ_E2E_CUSTOMERS", "1500"))
JOB_BATCH = max(10, PROCESS_CUSTOMERS // 24)  # customers per job: about 60 jobs
# Seeding without chatter: thousands of invoices in a few seconds each batch.
QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True,
         "mail_create_nosubscribe": True}
CHANNELS = ("root:4,root.collections.process:4,root.collections.reminders:4,"
            "root.collections.documents:2")
UNFINISHED = ("wait_dependencies", "pending", "enqueued", "started")


def _free_port():
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Balancer(http.server.ThreadingHTTPServer):
    """A load balancer in front of the servers, as a deployment has: the job
    runner's requests go round-robin to the servers that accept connections.
    Each request is handed over and answered at once (the runner does not
    wait for the job); the server runs the job while the balancer waits for
    its answer in the background."""

    daemon_threads = True

    def __init__(self, backends):
        self.backends = backends
        self.turn = itertools.count()
        super().__init__(("127.0.0.1", _free_port()), BalancerHandler)


class BalancerHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 -- http.server's name
        backends = self.server.backends
        start = next(self.server.turn)
        for index in range(len(backends)):
            port = backends[(start + index) % len(backends)]
            try:
                connection = socket.create_connection(("127.0.0.1", port), timeout=2)
            except OSError:
                continue  # a dead server: the next one
            connection.close()
            url = f"http://127.0.0.1:{port}{self.path}"
            threading.Thread(target=self._forward, args=(url,), daemon=True).start()
            self.send_response(200)
            self.end_headers()
            return
        self.send_response(503)
        self.end_headers()

    @staticmethod
    def _forward(url):
        try:
            urllib.request.urlopen(url, timeout=600).read()
        except OSError:
            pass  # the server died with its job: queue_job requeues it


class Server:
    """One Odoo server: workers, queue_job loaded server wide, the job runner."""

    def __init__(self, name, database, balancer_port, tmp_path):
        from odoo.tools import config

        self.name = name
        self.port = _free_port()
        self.log = tmp_path / f"{name}.log"
        parser = configparser.ConfigParser(interpolation=None)
        parser.read(config.rcfile)
        parser["options"].update({
            "http_port": str(self.port), "gevent_port": str(_free_port()),
            "http_interface": "127.0.0.1", "workers": "2", "max_cron_threads": "0",
            "server_wide_modules": "base,web,queue_job", "db_name": database,
            "dbfilter": f"^{database}$", "list_db": "False", "logfile": str(self.log),
            "log_level": "info", "limit_time_real": "600", "limit_time_cpu": "600",
        })
        parser["queue_job"] = {"channels": CHANNELS, "host": "127.0.0.1",
                               "port": str(balancer_port)}
        self.conf = tmp_path / f"{name}.conf"
        with open(self.conf, "w") as handle:
            parser.write(handle)
        import odoo

        odoo_bin = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin")
        self.process = subprocess.Popen(
            [sys.executable, odoo_bin, "-c", str(self.conf)], start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def wait_ready(self, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()[-3000:]
            try:
                with urllib.request.urlopen(
                        f"http://127.0.0.1:{self.port}/web/health", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(1)
        raise AssertionError(f"{self.name} did not start: {self.log.read_text()[-3000:]}")

    def worker_pids(self):
        text = self.log.read_text() if self.log.exists() else ""
        return {int(pid) for pid in re.findall(r"Worker WorkerHTTP \((\d+)\) alive", text)}

    def freeze(self):
        """SIGSTOP the server's processes: a job they run can no longer commit."""
        os.killpg(self.process.pid, signal.SIGSTOP)

    def thaw(self):
        os.killpg(self.process.pid, signal.SIGCONT)

    def kill(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)


@contextmanager
def servers(database, tmp_path, names=("server_a", "server_b")):
    balancer = Balancer([])
    threading.Thread(target=balancer.serve_forever, daemon=True).start()
    started = []
    try:
        for name in names:
            started.append(Server(name, database, balancer.server_address[1], tmp_path))
        balancer.backends = [server.port for server in started]
        yield started
    finally:
        for server in started:
            server.kill()
        balancer.shutdown()


def _seed_automation(env, today):
    """A weekly automation creating reminders for its own customers, each with
    an invoice 20 days overdue; its cron is due."""
    term = env["collection.reminder.term"].create({
        "name": "QJ reminder terms", "company_id": env.company.id,
        "level_ids": [Command.create({"level": 1, "grace_period": "0D",
                                      "due_date_formula": "10D"})],
    })
    partners = env["res.partner"].create([{
        "name": f"QJ Reminded {index:04d}", "is_company": True, "customer_rank": 1,
        "email": f"qj.reminded{index}@example.com",
    } for index in range(AUTOMATION_CUSTOMERS)])
    partners.collection_reminder_term_id = term
    due = today - timedelta(days=20)
    env["account.move"].create([{
        "move_type": "out_invoice", "partner_id": partner.id,
        "invoice_date": due - timedelta(days=30), "invoice_date_due": due,
        "invoice_line_ids": [Command.create({
            "name": "QJ service", "quantity": 1, "price_unit": 100, "tax_ids": []})],
    } for partner in partners]).action_post()
    automation = env["collection.automation"].create({
        "name": "QJ automation", "cadence": "weekly", "term_ids": [Command.set(term.ids)],
        "action_ids": [Command.create({"sequence": 1, "action_type": "create"})],
    })
    automation.action_start()
    automation.cron_id.nextcall = fields.Datetime.now() - timedelta(minutes=1)
    return automation


def _jobs(cr):
    cr.execute("""SELECT uuid, state, worker_pid, retry, identity_key, exc_info
                    FROM queue_job WHERE identity_key LIKE 'collections.%%'""")
    return cr.dictfetchall()


def test_two_servers_share_the_runs_and_recover_a_killed_one(
        odoo_registry_copy, tmp_path):
    registry = odoo_registry_copy
    started = time.monotonic()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, E2E_CONTEXT)
        if "queue.job" not in env or not env["ir.module.module"].search_count(
                [("name", "=", BRIDGE), ("state", "=", "installed")]):
            pytest.skip(f"needs {BRIDGE} installed (setup/test.sh, ACA_QUEUE_JOB_TESTS=1)")

    # The servers start while the data is seeded (their runners find no job yet).
    with servers(registry.db_name, tmp_path) as (server_a, server_b):
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, dict(E2E_CONTEXT, **QUIET))
            env["ir.config_parameter"].set_param(f"{BRIDGE}.batch_size", str(JOB_BATCH))
            today = fields.Date.context_today(env.user)
            seeded = seed(env, customers=PROCESS_CUSTOMERS, tag="QJ")
            automation_id = _seed_automation(env, today).id
            cron = env.ref(f"{MODULE}.ir_cron_collection_process")
            cron.write({"active": True,
                        "nextcall": fields.Datetime.now() - timedelta(minutes=1)})
            cr.commit()
        print(f"seeded in {time.monotonic() - started:.0f}s")
        for server in (server_a, server_b):
            server.wait_ready()

        # Through Odoo's scheduler: both crons queue their runs as jobs.
        with scheduler_thread_state():
            registry["ir.cron"]._process_jobs(registry.db_name)
        with registry.cursor() as cr:
            total = len(_jobs(cr))
        assert total >= 2 * PROCESS_CUSTOMERS // JOB_BATCH, "a job per batch"

        # Kill a server while it runs a job, once each server has done some.
        victim = survivor = None
        killed_jobs = []
        deadline = time.monotonic() + 120
        while victim is None and time.monotonic() < deadline:
            with registry.cursor() as cr:
                jobs = _jobs(cr)
            pids = {server: server.worker_pids() for server in (server_a, server_b)}
            done = {server: [j for j in jobs if j["state"] == "done"
                             and j["worker_pid"] in pids[server]] for server in pids}
            running = {server: [j for j in jobs if j["state"] == "started"
                                and j["worker_pid"] in pids[server]] for server in pids}
            left = [j for j in jobs if j["state"] != "done"]
            for server, other in ((server_a, server_b), (server_b, server_a)):
                if done[server_a] and done[server_b] and running[server] and len(left) > 8:
                    # Freeze it first, then read again: a job that committed
                    # between the read above and the signal is not a killed one.
                    server.freeze()
                    time.sleep(0.5)  # PostgreSQL ends what it already received
                    with registry.cursor() as cr:
                        still_running = [j["uuid"] for j in _jobs(cr)
                                         if j["state"] == "started"
                                         and j["worker_pid"] in pids[server]]
                    if not still_running:
                        server.thaw()
                        continue
                    victim, survivor, killed_jobs = server, other, still_running
                    victim.kill()
                    break
            time.sleep(0.2)
        assert victim is not None, "both servers ran jobs, one was killed mid-run"
        print(f"killed {victim.name} with {len(killed_jobs)} jobs running "
              f"at {time.monotonic() - started:.0f}s")

        # queue_job's dead-job requeue gives its jobs to the other server.
        deadline = time.monotonic() + 150
        while time.monotonic() < deadline:
            with registry.cursor() as cr:
                jobs = _jobs(cr)
            if not [j for j in jobs if j["state"] in UNFINISHED]:
                break
            time.sleep(1)
        survivor_pids = survivor.worker_pids()
        by_uuid = {j["uuid"]: j for j in jobs}
        assert not [j for j in jobs if j["state"] != "done"], [
            (j["state"], j["identity_key"], j["exc_info"]) for j in jobs if j["state"] != "done"]
        for uuid in killed_jobs:
            job = by_uuid[uuid]
            assert job["worker_pid"] in survivor_pids, "finished by the other server"
            assert job["retry"] >= 1, "requeued as a dead job"

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, E2E_CONTEXT)
        # Nothing done twice: each action of the process once, all of them.
        state = check(env, seeded["process_id"])
        assert state["duplicates"] == 0 and state["incomplete"] == [], state
        assert state["actions"] == seeded["expected"]
        cr.execute("""SELECT count(*), count(DISTINCT (kind, step_key, move_id, partner_id))
                        FROM collection_action WHERE process_id = %s""",
                   [seeded["process_id"]])
        assert cr.fetchone() == (seeded["expected"],) * 2
        cr.execute("SELECT count(*) FROM collection_action WHERE process_id = %s "
                   "AND state = 'queued'", [seeded["process_id"]])
        assert cr.fetchone()[0] == 0, "every document produced"
        # One reminder per customer of the automation, its log done with the count.
        cr.execute("""SELECT count(*), count(DISTINCT partner_id) FROM collection_reminder
                       WHERE automation_id = %s""", [automation_id])
        assert cr.fetchone() == (AUTOMATION_CUSTOMERS, AUTOMATION_CUSTOMERS)
        log = env["collection.automation"].browse(automation_id).log_ids
        assert (log.state, log.created_count) == ("done", AUTOMATION_CUSTOMERS)
    print(f"done in {time.monotonic() - started:.0f}s")
