# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Concurrent runs of one collections process: two real transactions at once
(two cursors, in two threads where one has to wait for the other), on a copy
of the test database. Whatever the interleaving, every action is taken
exactly once, and the run that cannot go on says why."""

import itertools
import threading

import pytest
from aca_e2e_scenario import E2E_CONTEXT, batch_size, check, cron_run, seed

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError

_TAGS = itertools.count(1)


@pytest.fixture
def scenario(odoo_registry_copy):
    """A process of its own for each test, in the module's database copy."""
    registry = odoo_registry_copy
    tag = f"C{next(_TAGS)}"
    with registry.cursor() as cr:
        seeded = seed(api.Environment(cr, SUPERUSER_ID, E2E_CONTEXT), customers=24, letters=2,
                      reminders=2, tag=tag)
        cr.commit()
    seeded["registry"] = registry
    return seeded


def _env(cr, user_id=SUPERUSER_ID):
    return api.Environment(cr, user_id, E2E_CONTEXT)


def _run_now(cr, scenario):
    """What the Run now button does: one transaction, as the manager."""
    env = _env(cr, scenario["manager_id"])
    process = env["collection.process"].browse(scenario["process_id"])
    return len(process.run(fields.Date.context_today(process)))


def _state(scenario):
    with scenario["registry"].cursor() as cr:
        return check(_env(cr), scenario["process_id"])


def _assert_exactly_once(scenario):
    state = _state(scenario)
    assert state["duplicates"] == 0, state
    assert state["incomplete"] == [] and state["orphan_activities"] == [], state
    assert state["orphan_messages"] == [] and state["orphan_letters"] == [], state
    assert state["orphan_reminders"] == [], state
    assert state["actions"] == scenario["expected"], state


def test_second_run_while_first_is_open_is_refused_or_skipped(scenario):
    registry = scenario["registry"]
    with registry.cursor() as first, registry.cursor() as second:
        created = _run_now(first, scenario)
        assert created == scenario["expected"]
        # The first transaction is still open and holds the process's lock.
        with pytest.raises(UserError, match="process is already running"):
            _run_now(second, scenario)
        second.rollback()
        # The cron skips the locked process instead of waiting.
        assert cron_run(_env(second), scenario["process_id"]) == 0
        first.commit()
        assert _run_now(second, scenario) == 0, "the first run's actions are seen"
        second.commit()
    _assert_exactly_once(scenario)


def test_run_from_an_older_snapshot_is_stopped_by_the_history_key(scenario):
    """The second run's snapshot was taken before the first run committed:
    it does not see the first run's history, gets the lock once it is
    released, and would repeat every action. The history's unique key refuses
    them, and the run says so instead of failing with a database error."""
    registry = scenario["registry"]
    with registry.cursor() as first, registry.cursor() as second:
        second.execute("SELECT count(*) FROM collection_action")  # snapshot taken
        assert _run_now(first, scenario) == scenario["expected"]
        first.commit()
        with pytest.raises(UserError, match="another run took actions"):
            _run_now(second, scenario)
        second.rollback()
        assert _run_now(second, scenario) == 0
        second.commit()
    _assert_exactly_once(scenario)


def test_cron_from_an_older_snapshot_retries_the_batch_in_a_new_transaction(scenario):
    registry = scenario["registry"]
    with registry.cursor() as first, registry.cursor() as cron:
        cron.execute("SELECT count(*) FROM collection_action")  # snapshot taken
        assert _run_now(first, scenario) == scenario["expected"]
        first.commit()
        assert cron_run(_env(cron), scenario["process_id"]) == 0
    _assert_exactly_once(scenario)


@pytest.mark.parametrize("click_snapshot", ["before_first_batch", "after_first_batch"])
def test_run_now_slips_between_the_batches_of_a_committing_cron(scenario, click_snapshot):
    """The cron commits per batch, so its lock is free between two batches;
    a Run now click taken there never repeats what the cron committed."""
    registry = scenario["registry"]
    first_batch_committed = threading.Event()
    resume_cron = threading.Event()
    outcome = {}

    def pause_after_first_commit():
        if not first_batch_committed.is_set():
            first_batch_committed.set()
            assert resume_cron.wait(30)

    def cron_thread():
        try:
            with registry.cursor() as cr:
                outcome["cron"] = cron_run(_env(cr), scenario["process_id"],
                                           on_commit=pause_after_first_commit)
        except Exception as error:  # noqa: BLE001 -- reported by the assertion below
            outcome["cron"] = error
            first_batch_committed.set()

    with registry.cursor() as click:
        if click_snapshot == "before_first_batch":
            click.execute("SELECT count(*) FROM collection_action")
        thread = threading.Thread(target=cron_thread)
        thread.start()
        try:
            assert first_batch_committed.wait(60)
            with batch_size(4):
                try:
                    outcome["click"] = _run_now(click, scenario)
                    click_error = None
                except UserError as error:
                    click_error = error
                    click.rollback()
            # The cron goes on while the click's transaction is still open.
            resume_cron.set()
            thread.join(60)
            assert not thread.is_alive()
            click.commit()
        finally:
            resume_cron.set()
            thread.join(60)
    assert isinstance(outcome["cron"], int), outcome
    if click_snapshot == "before_first_batch":
        # The click cannot see the cron's first batch: refused, whole.
        assert "another run took actions" in str(click_error)
        assert outcome["cron"] == scenario["expected"]
    else:
        # The click took every batch but the first; the cron skipped the rest.
        assert click_error is None
        assert outcome["cron"] + outcome["click"] == scenario["expected"]
        assert outcome["click"] > 0
    _assert_exactly_once(scenario)
    with registry.cursor() as cr:
        assert cron_run(_env(cr), scenario["process_id"]) == 0


def test_two_simultaneous_runs_take_each_action_once(scenario):
    registry = scenario["registry"]
    barrier = threading.Barrier(2)
    outcomes = []

    def click():
        with registry.cursor() as cr:
            barrier.wait(30)
            try:
                outcomes.append(_run_now(cr, scenario))
            except UserError as error:
                outcomes.append(error)

    threads = [threading.Thread(target=click) for _index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    created = [o for o in outcomes if isinstance(o, int)]
    refused = [o for o in outcomes if isinstance(o, UserError)]
    assert len(created) + len(refused) == 2, outcomes
    assert sum(created) == scenario["expected"]
    for error in refused:
        assert "process" in str(error)
    _assert_exactly_once(scenario)


def test_two_document_workers_share_the_queue_and_never_produce_twice(scenario):
    """Two workers of the document queue at once: each takes its own batch
    (FOR UPDATE SKIP LOCKED), none waits for the other, and every queued
    e-mail and letter is produced exactly once."""
    registry = scenario["registry"]
    with registry.cursor() as cr:
        assert _run_now(cr, scenario) == scenario["expected"]
        cr.commit()
        queued = _env(cr)["collection.action"].search_count(
            [("state", "=", "queued"), ("process_id", "=", scenario["process_id"])])
    assert queued >= 4, "the run queued e-mails and letters"
    with batch_size(2), registry.cursor() as first, registry.cursor() as second:
        taken_first = _env(first)["collection.action"]._collection_take_queued()
        taken_second = _env(second)["collection.action"]._collection_take_queued()
        assert len(taken_first) == len(taken_second) == 2
        assert not set(taken_first.ids) & set(taken_second.ids), "a batch is one worker's"
        # The first worker produces its batch and commits; the second, still
        # in its old snapshot, produces its own batch, then leaves the rest
        # (it cannot lock rows changed since its snapshot) ...
        taken_first._collection_produce_batch()
        first.commit()
        taken_second._collection_produce_batch()
        Second = _env(second)["collection.action"]
        assert Second._collection_take_queued() == Second
        second.commit()
        # ... which it drains in its next transaction, as the cron does.
        Second._collection_produce_documents(commit=True)
    with registry.cursor() as cr:
        Action = _env(cr)["collection.action"]
        assert Action.search_count([("state", "=", "queued")]) == 0
        assert Action._collection_produce_documents() == Action, "nothing left"
    _assert_exactly_once(scenario)
