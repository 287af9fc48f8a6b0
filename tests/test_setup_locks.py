# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Two setups started at once on one PostgreSQL (two users, two CI jobs)
share the cached template database: the second waits for the first (a lock
file in ACA_HOME) and reuses its template instead of building it again in
the same database, which failed with SerializationFailure and then
DeadlockDetected on ir_module_module.

The template here holds ``base`` only (ACA_BASE_MODULES) and English only,
under a name of its own (ACA_TEMPLATE_PREFIX), in a throwaway ACA_HOME.
"""

import os
import pathlib
import subprocess
import uuid

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED_HOME = pathlib.Path(
    os.environ.get("ACA_HOME", pathlib.Path.home() / ".cache/account-collections-automation"))
VENV = pathlib.Path(os.environ.get("ACA_VENV", SHARED_HOME / "venv"))


def _bash(script, env):
    return subprocess.run(["bash", "-c", f'source "{ROOT}/setup/common.sh"; {script}'],
                          env=env, capture_output=True, text=True, timeout=900)


def _databases(prefix):
    out = subprocess.run(
        ["psql", "-d", "postgres", "-Atc",
         f"select datname from pg_database where datname like '{prefix}%' order by 1"],
        capture_output=True, text=True, check=True)
    return out.stdout.split()


@pytest.fixture
def setup_env(tmp_path):
    env = dict(os.environ, ACA_HOME=str(tmp_path), ACA_VENV=str(VENV),
               ACA_BASE_MODULES="base", TEMPLATE_LANGS="",
               ACA_TEMPLATE_PREFIX=f"aca_tpllock_{uuid.uuid4().hex[:8]}")
    if _bash("odoo_available", env).returncode != 0:
        pytest.skip("Odoo 18 not installed")
    yield env
    for name in _databases(env["ACA_TEMPLATE_PREFIX"]):
        subprocess.run(["dropdb", "--if-exists", "--force", name], check=False)


def test_two_template_builds_at_once_build_one_template(setup_env):
    build = 'template_database "$(odoo_config)"'
    first = subprocess.Popen(["bash", "-c", f'source "{ROOT}/setup/common.sh"; {build}'],
                             env=setup_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    second = subprocess.Popen(["bash", "-c", f'source "{ROOT}/setup/common.sh"; {build}'],
                              env=setup_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    results = [process.communicate(timeout=900) for process in (first, second)]
    statuses = [first.returncode, second.returncode]
    assert statuses == [0, 0], results
    names = {stdout.strip() for stdout, _stderr in results}
    assert len(names) == 1, results
    template = names.pop()
    assert _databases(setup_env["ACA_TEMPLATE_PREFIX"]) == [template], "one template, no leftover"
    logs = "".join(stderr for _stdout, stderr in results)
    assert logs.count("building template database") == 1, logs
    assert "waiting for another setup" in logs, logs
    # The template is whole: base installed, English the only language.
    installed = subprocess.run(
        ["psql", "-d", template, "-Atc",
         "select state from ir_module_module where name = 'base';"
         "select string_agg(code, ',') from res_lang where active"],
        capture_output=True, text=True, check=True).stdout.split()
    assert installed == ["installed", "en_US"]
