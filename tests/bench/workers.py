# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The process run with OCA queue_job and N job workers (``setup/bench.sh --workers N``).

    python tests/bench/workers.py --conf CONF --db DB --workers N [--out FILE]

On ``DB`` (a copy of the benchmark's data set where setup/bench.sh installed
account_collections_automation_queue_job): starts one Odoo server with N HTTP
workers, ``queue_job`` server wide and its job runner (``root:N``), warms the
workers' registries, queues the run of every process (the processes' cron),
and measures the wall time until every job of the run is done: the run as the
job workers take it, its batches ``--batch`` customers each. The jobs of the
e-mails and letters the run queues share the workers meanwhile; they are not
waited for.
"""

import argparse
import configparser
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_common import fresh_env, open_registry  # noqa: E402

BRIDGE = "account_collections_automation_queue_job"
UNFINISHED = ("wait_dependencies", "pending", "enqueued", "started")


def log(message):
    print(f"[workers {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port():
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(conf, db, workers, folder):
    """An Odoo server with ``workers`` HTTP workers and the job runner."""
    import odoo

    port = free_port()
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(conf)
    parser["options"].update({
        "http_port": str(port), "gevent_port": str(free_port()),
        "http_interface": "127.0.0.1", "workers": str(workers), "max_cron_threads": "0",
        "server_wide_modules": "base,web,queue_job", "db_name": db, "dbfilter": f"^{db}$",
        "list_db": "False", "logfile": str(folder / "server.log"), "log_level": "warn",
        "limit_time_real": "3600", "limit_time_cpu": "3600",
    })
    parser["queue_job"] = {"channels": f"root:{workers}", "host": "127.0.0.1",
                           "port": str(port)}
    server_conf = folder / "server.conf"
    with open(server_conf, "w") as handle:
        parser.write(handle)
    odoo_bin = Path(odoo.__file__).resolve().parent.parent / "odoo-bin"
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, str(odoo_bin), "-c", str(server_conf)],
                               start_new_session=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError((folder / "server.log").read_text()[-3000:])
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/web/health", timeout=5):
                break
        except OSError:
            time.sleep(1)
    # Each worker loads the database's registry on its first request for it:
    # before the measurement, as a server that has been running a while has.
    def warm():
        try:
            urllib.request.urlopen(
                f"http://127.0.0.1:{port}/queue_job/runjob?db={db}&job_uuid=warm-up",
                timeout=300).read()
        except OSError:
            pass
    threads = [threading.Thread(target=warm) for _ in range(3 * workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # queue_job's runner waits START_DELAY seconds after the server starts
    # before it dispatches anything: a server that has been running a while
    # has long passed it (measured without it: about 4 s of every figure).
    from odoo.addons.queue_job.jobrunner import START_DELAY

    time.sleep(max(0.0, started + START_DELAY + 1 - time.monotonic()))
    return process


def job_span(env):
    """Seconds from the first job's start to the last one's end: the run as the
    workers took it, without the queuing and the runner's dispatch delay."""
    env.cr.execute("""SELECT EXTRACT(EPOCH FROM MAX(date_done) - MIN(date_started))
                        FROM queue_job WHERE identity_key LIKE 'collections.process:%%'""")
    return float(env.cr.fetchone()[0] or 0)


def unfinished(env):
    env.cr.execute("""SELECT state, count(*) FROM queue_job
                       WHERE identity_key LIKE 'collections.process:%%' GROUP BY state""")
    return dict(env.cr.fetchall())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conf", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--batch", type=int, default=250, help="customers per job")
    parser.add_argument("--out")
    args = parser.parse_args(argv)
    registry = open_registry(args.conf, args.db)
    with fresh_env(registry) as env:
        if not env["ir.module.module"].search_count(
                [("name", "=", BRIDGE), ("state", "=", "installed")]):
            raise SystemExit(f"{BRIDGE} is not installed in {args.db}")
        env["ir.config_parameter"].set_param(f"{BRIDGE}.batch_size", str(args.batch))
        customers = sum(env["collection.process"].search([]).mapped("partner_count"))
    folder = Path(tempfile.mkdtemp(prefix="aca-workers-"))
    log(f"starting a server with {args.workers} workers (log: {folder / 'server.log'})")
    server = start_server(args.conf, args.db, args.workers, folder)
    try:
        with fresh_env(registry) as env:
            env["collection.process"]._cron_run_processes()
            jobs = sum(unfinished(env).values())
        started = time.monotonic()
        log(f"{jobs} jobs queued for {customers} customers; waiting for them")
        while True:
            with fresh_env(registry) as env:
                states = unfinished(env)
            if not any(states.get(state) for state in UNFINISHED):
                break
            if server.poll() is not None:
                raise RuntimeError("the server stopped")
            time.sleep(0.2)
        seconds = time.monotonic() - started
        with fresh_env(registry) as env:
            env.cr.execute("SELECT count(*) FROM collection_action")
            actions = env.cr.fetchone()[0]
            span = job_span(env)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
    result = {"workers": args.workers, "jobs": jobs, "batch": args.batch,
              "customers": customers, "actions": actions, "seconds": round(seconds, 2),
              "jobs_span_seconds": round(span, 2), "states": states}
    log(f"run with {args.workers} workers: {seconds:.2f} s from queuing to the last job done "
        f"(the jobs themselves {span:.2f} s), {jobs} jobs, {actions} actions, "
        f"job states {states}")
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    return 0 if set(states) <= {"done"} else 1


if __name__ == "__main__":
    sys.exit(main())
