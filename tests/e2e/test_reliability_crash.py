# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Crash safety: an Odoo process running a collections run (commit per batch,
as the cron does) is killed with SIGKILL at a random point; what it committed
is whole, and the next run finishes the rest without doing anything twice."""

import json
import os
import random
import signal
import subprocess
import sys
import time

SCRIPT = os.path.join(os.path.dirname(__file__), "aca_e2e_scenario.py")


def _odoo(database, command, **kwargs):
    from odoo.tools import config

    return subprocess.Popen(
        [sys.executable, SCRIPT, config.rcfile, database, command],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def _result(process, timeout=60):
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err[-3000:]
    line = [line for line in out.splitlines() if line.startswith("RESULT ")][-1]
    return json.loads(line[len("RESULT "):])


def _assert_whole(state):
    assert state["duplicates"] == 0, state
    assert state["incomplete"] == [], "an action without its document or its error"
    assert state["orphan_activities"] == [], "an activity without its history row"
    assert state["orphan_messages"] == [], "an e-mail or letter without its history row"
    assert state["orphan_letters"] == [], "a letter without its history row"
    assert state["orphan_reminders"] == [], "a reminder without its history row"


def test_sigkill_mid_run_keeps_whole_batches_and_next_run_finishes(odoo_db_copy):
    started = time.monotonic()
    seeded = _result(_odoo(odoo_db_copy, "seed"))
    expected = seeded["expected"]
    assert expected >= 40, seeded

    run = _odoo(odoo_db_copy, "run", stdin=subprocess.PIPE)
    # Let a random number of batches (of about 14) commit, then kill at a random
    # point of the next one. The run waits for a go-ahead after each commit: on a
    # quiet machine it otherwise finished every batch before the kill landed
    # ("killed after a batch, before the end" failed with 54 of 54).
    for _batch in range(random.randint(1, max(1, expected // 28))):
        line = run.stdout.readline()
        assert line.strip() == "BATCH", line + run.stderr.read()[-3000:]
        run.stdin.write("go\n")
        run.stdin.flush()
    time.sleep(random.uniform(0, 0.2))
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=10)
    assert run.returncode == -signal.SIGKILL

    finish = _result(_odoo(odoo_db_copy, "finish"))
    after_crash = finish["after_crash"]
    print("committed before the kill:", after_crash["actions"], "of", expected)
    _assert_whole(after_crash)
    assert 0 < after_crash["actions"] < expected, "killed after a batch, before the end"

    # The next run takes exactly what the killed one had not committed.
    assert finish["created"] == expected - after_crash["actions"]
    after_rerun = finish["after_rerun"]
    _assert_whole(after_rerun)
    assert after_rerun["actions"] == expected
    # Only the customer without an address failed (its step's e-mail; no
    # pre-reminder while it has an overdue item).
    assert after_rerun["failed"] == 1, after_rerun["errors"]
    # The pre-reminders of a customer went in one e-mail: one sent with the other.
    assert after_rerun["sent_with"] > 0
    assert len(after_rerun["errors"]) == 1 and "has no e-mail address" in after_rerun["errors"][0]
    assert after_rerun["reminders"] == 4, "issued with their number and fee entry"
    assert {tuple(kind) for kind in after_rerun["kinds"]} == {
        ("pre_reminder", "email"), ("step", "activity"), ("step", "email"),
        ("step", "letter")}
    assert finish["created_again"] == 0, "a third run repeats nothing"
    assert time.monotonic() - started < 90
