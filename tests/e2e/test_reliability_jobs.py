# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""The run's guarantees in job mode (the queue_job bridge installed): real
transactions on a copy of the bridge's test database, the jobs taken and run
as queue_job's job runner and controller do (``/queue_job/runjob``:
``_acquire_job`` with ``FOR NO KEY UPDATE SKIP LOCKED``, then ``_runjob``),
by one or two workers (threads) at once. Whatever the interleaving, every
action is taken once and every e-mail and letter produced once, as in the
inline mode's ``test_reliability_concurrency``; a SIGKILLed worker is
``test_queue_job_servers``' case.

Run by ``setup/test.sh`` on the bridge's database, skipped elsewhere."""

import itertools
import threading
import time

import pytest
from aca_e2e_scenario import E2E_CONTEXT, check, seed

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError

BRIDGE = "account_collections_automation_queue_job"
_TAGS = itertools.count(1)


@pytest.fixture
def scenario(odoo_registry_copy):
    """A process of its own for each test, its run in jobs of 4 customers."""
    registry = odoo_registry_copy
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, E2E_CONTEXT)
        if "queue.job" not in env or not env["ir.module.module"].search_count(
                [("name", "=", BRIDGE), ("state", "=", "installed")]):
            pytest.skip(f"needs {BRIDGE} installed (setup/test.sh)")
        env["ir.config_parameter"].set_param(f"{BRIDGE}.batch_size", "4")
        tag = f"J{next(_TAGS)}"
        seeded = seed(env, customers=24, letters=2, reminders=2, tag=tag)
        cr.commit()
        cr.execute("SELECT now() AT TIME ZONE 'UTC'")
        seeded["since"] = cr.fetchone()[0]  # the jobs of this test: created after

    seeded["registry"] = registry
    return seeded


def _env(cr, user_id=SUPERUSER_ID):
    return api.Environment(cr, user_id, E2E_CONTEXT)


def _run_now(registry, scenario):
    """The Run now button: one transaction, as the manager; it queues."""
    with registry.cursor() as cr:
        process = _env(cr, scenario["manager_id"])["collection.process"].browse(
            scenario["process_id"])
        return process.run(fields.Date.context_today(process))


def _jobs(registry, scenario):
    """{state: count} of the test's jobs: the process's and its documents'."""
    with registry.cursor() as cr:
        cr.execute("""SELECT state, count(*) FROM queue_job
                       WHERE identity_key LIKE 'collections.%%' AND date_created >= %s
                    GROUP BY state""", [scenario["since"]])
        return dict(cr.fetchall())


def _enqueue(registry):
    """The job runner's part: pending jobs whose time has come become enqueued
    (their dependencies done: queue_job keeps them waiting until then).
    Returns their uuids, and whether a pending job waits for a later time."""
    with registry.cursor() as cr:
        cr.execute("""UPDATE queue_job SET state = 'enqueued', date_enqueued = now()
                       WHERE state = 'pending'
                         AND (eta IS NULL OR eta <= now() AT TIME ZONE 'UTC')
                   RETURNING uuid""")
        ready = [row[0] for row in cr.fetchall()]
        cr.execute("SELECT count(*) FROM queue_job WHERE state = 'pending'")
        later = cr.fetchone()[0]
    return ready, later


def _perform(registry, uuid):
    """A worker's part, as ``/queue_job/runjob``: True when this worker ran it."""
    from odoo.addons.queue_job.controllers.main import RunJobController

    with registry.cursor() as cr:
        env = _env(cr)
        job = RunJobController._acquire_job(env, uuid)
        if job is None:
            return False
        try:
            RunJobController._runjob(env, job)
        except Exception:  # noqa: BLE001 -- recorded failed on the job, as the controller does
            pass
        return True


def _worker(registry, uuids, index, barrier, ran):
    """One worker offered ``uuids``, every second one from the end."""
    barrier.wait(30)
    for uuid in uuids if index % 2 == 0 else reversed(uuids):
        if _perform(registry, uuid):
            ran[index] += 1


def _work(registry, workers=1, timeout=120):
    """Run every job until none is left (postponed ones when their time
    comes), with ``workers`` threads taking the enqueued jobs at once.
    Returns how many each worker ran."""
    ran = [0] * workers
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, later = _enqueue(registry)
        if not ready and not later:
            return ran
        if not ready:
            time.sleep(0.5)
            continue
        # Each worker is offered every job: SKIP LOCKED and the job's state
        # give it to one only.
        barrier = threading.Barrier(workers)
        threads = [threading.Thread(target=_worker, args=(registry, ready, index, barrier, ran))
                   for index in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout)
    raise AssertionError(f"jobs left after {timeout} s")


def _assert_exactly_once(scenario):
    with scenario["registry"].cursor() as cr:
        state = check(_env(cr), scenario["process_id"])
    assert state["duplicates"] == 0, state
    assert state["incomplete"] == [] and state["orphan_activities"] == [], state
    assert state["orphan_messages"] == [] and state["orphan_letters"] == [], state
    assert state["orphan_reminders"] == [], state
    assert state["actions"] == scenario["expected"], state
    with scenario["registry"].cursor() as cr:
        cr.execute("""SELECT count(*) FROM collection_action
                       WHERE process_id = %s AND state = 'queued'""", [scenario["process_id"]])
        assert cr.fetchone()[0] == 0, "every queued e-mail and letter was produced"
    return state


def test_run_now_twice_queues_each_batch_once_and_takes_each_action_once(scenario):
    registry = scenario["registry"]
    assert not _run_now(registry, scenario), "Run now queues: no action taken in the click"
    queued = _jobs(registry, scenario)
    assert queued == {"pending": 6}, queued  # 24 customers in batches of 4
    _run_now(registry, scenario)
    assert _jobs(registry, scenario) == queued, "the same batches are not queued again"
    _work(registry)
    _assert_exactly_once(scenario)
    jobs = _jobs(registry, scenario)
    assert set(jobs) == {"done"} and jobs["done"] > 6, jobs  # the batches and their documents
    # Run now again the same day: every batch is done for the date.
    _run_now(registry, scenario)
    assert _jobs(registry, scenario) == jobs
    _assert_exactly_once(scenario)


def test_two_simultaneous_run_now_and_two_workers_take_each_action_once(scenario):
    """Two managers click Run now at the same moment (two transactions): one
    queues the batches, the other is refused with a message (or, had it begun
    after the first committed, would see its jobs and queue nothing); never a
    "could not serialize access" error, never a batch queued twice. Two
    workers then run the jobs at once."""
    registry = scenario["registry"]
    barrier = threading.Barrier(2)
    outcomes = []

    def click():
        barrier.wait(30)
        try:
            outcomes.append(len(_run_now(registry, scenario)))
        except UserError as error:
            outcomes.append(error)

    threads = [threading.Thread(target=click) for _index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert len(outcomes) == 2 and all(outcome == 0 or isinstance(outcome, UserError)
                                      for outcome in outcomes), outcomes
    for error in (outcome for outcome in outcomes if isinstance(outcome, UserError)):
        assert "queued" in str(error), error
    assert _jobs(registry, scenario) == {"pending": 6}, "each batch queued once"
    ran = _work(registry, workers=2)
    assert all(ran), f"both workers ran jobs: {ran}"
    state = _assert_exactly_once(scenario)
    assert state["failed"] == 1, "only the customer without an e-mail address"


def test_a_job_failing_mid_batch_keeps_nothing_and_its_retry_does_it_all(scenario, monkeypatch):
    """A batch job that fails after creating its actions (here: the activities'
    scheduling raises) is rolled back whole and recorded failed with its
    error; requeued, as a user does from queue_job's list, it takes them."""
    registry = scenario["registry"]
    _run_now(registry, scenario)
    Process = registry["collection.process"]  # the model's class
    apply = Process._collection_apply
    failures = []

    def apply_then_fail(self, decisions, today):
        actions = apply(self, decisions, today)
        if not failures:
            failures.append(len(actions))
            raise RuntimeError("mail server down while the batch was applied")
        return actions

    monkeypatch.setattr(Process, "_collection_apply", apply_then_fail)
    _work(registry)
    monkeypatch.setattr(Process, "_collection_apply", apply)
    assert failures and failures[0] > 0, "the failing job had created actions"
    with registry.cursor() as cr:
        cr.execute("""SELECT uuid, exc_info FROM queue_job
                       WHERE identity_key LIKE 'collections.process:%%' AND state = 'failed'
                         AND date_created >= %s""", [scenario["since"]])
        failed = cr.fetchall()
    assert len(failed) == 1 and "mail server down" in failed[0][1], failed
    with registry.cursor() as cr:
        done = check(_env(cr), scenario["process_id"])
    assert done["duplicates"] == 0 and done["incomplete"] == [], done
    assert done["actions"] < scenario["expected"], "the failed batch kept nothing"
    assert done["orphan_activities"] == [] and done["orphan_messages"] == [], done
    with registry.cursor() as cr:
        _env(cr)["queue.job"].search([("uuid", "=", failed[0][0])]).requeue()
    _work(registry)
    _assert_exactly_once(scenario)
