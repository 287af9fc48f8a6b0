#!/usr/bin/env bash
# Installs what is missing, idempotently: PostgreSQL (started, with a role for
# the current user), Chromium and wkhtmltopdf, and a virtualenv outside the
# clone holding Odoo 18 (from ODOO_SRC, put on the path by a .pth file) and
# the pinned test tools. Quick when everything is already there.
#
# Exit status 0 even when Odoo cannot be had (the engine tests still run);
# `setup/install.sh --require-odoo` makes that an error.
source "$(dirname "$0")/common.sh"

REQUIRE_ODOO=0
[ "${1:-}" = "--require-odoo" ] && REQUIRE_ODOO=1
mkdir -p "$ACA_HOME"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

# --- system packages ----------------------------------------------------------
missing=()
command -v pg_ctlcluster >/dev/null || missing+=("postgresql")
command -v chromium >/dev/null || command -v chromium-browser >/dev/null || missing+=("chromium")
command -v wkhtmltopdf >/dev/null || missing+=("wkhtmltopdf")
if [ ${#missing[@]} -gt 0 ]; then
    log "installing system packages: ${missing[*]}"
    if ! { as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
        log "WARNING: could not install ${missing[*]} (browser tours or PDF tests will be skipped)"
    fi
fi

# --- PostgreSQL ------------------------------------------------------------------
if command -v pg_ctlcluster >/dev/null; then
    cluster_version="$(ls /etc/postgresql 2>/dev/null | sort -n | tail -n1)"
    cluster_version="${cluster_version:-$PG_VERSION}"
    if ! pg_lsclusters -h 2>/dev/null | awk '{print $4}' | grep -q online; then
        log "starting PostgreSQL $cluster_version"
        as_root pg_ctlcluster "$cluster_version" main start || log "WARNING: PostgreSQL did not start"
    fi
    me="$(id -un)"
    if ! psql -d postgres -Atc 'select 1' >/dev/null 2>&1; then
        log "creating PostgreSQL role $me"
        as_root su postgres -c "psql -qc \"CREATE ROLE \\\"$me\\\" SUPERUSER LOGIN\"" >/dev/null 2>&1 || true
    fi
fi

# --- Odoo source -------------------------------------------------------------------
if [ ! -f "$ODOO_BIN" ]; then
    log "no Odoo tree at ODOO_SRC=$ODOO_SRC; trying Odoo's official 18.0 branch"
    git clone -q --depth 1 --branch 18.0 https://github.com/odoo/odoo.git "$ODOO_SRC" 2>/dev/null \
        || log "could not fetch Odoo 18.0 (set ODOO_SRC to a local Odoo 18 tree)"
fi

# --- virtualenv --------------------------------------------------------------------
stamp_src="$(cat "$ODOO_SRC/requirements.txt" "$REPO_ROOT/setup/requirements-dev.txt" 2>/dev/null)"
stamp="$(printf '%s' "$stamp_src" | md5sum | cut -c1-12)"
if [ -f "$ODOO_BIN" ] && [ "$(cat "$VENV/.aca-stamp" 2>/dev/null)" != "$stamp" ]; then
    log "building the virtualenv $VENV (about 2 minutes)"
    [ -x "$PY" ] || python3 -m venv "$VENV"
    constraint="$ACA_HOME/constraints.txt"
    echo 'setuptools<70' > "$constraint"
    grep -v -i '^python-ldap' "$ODOO_SRC/requirements.txt" > "$ACA_HOME/odoo-requirements.txt"
    export PIP_CONSTRAINT="$constraint" PIP_DISABLE_PIP_VERSION_CHECK=1
    "$PY" -m pip install -q 'setuptools<70' wheel
    "$PY" -m pip install -q -r "$ACA_HOME/odoo-requirements.txt"
    "$PY" -m pip install -q -r "$REPO_ROOT/setup/requirements-dev.txt"
    # OCA's credit control, the benchmark's peer: its wheel wants a package
    # named "odoo" that no registry serves, hence --no-deps.
    "$PY" -m pip install -q --no-deps 'odoo-addon-account-credit-control==18.0.*' \
        || log "WARNING: OCA account_credit_control not installed (the benchmark skips it)"
    echo "$stamp" > "$VENV/.aca-stamp"
fi
# OCA's queue_job, the job queue of account_collections_automation_queue_job;
# the same way (--no-deps), checked on every call since it came later than
# the stamp. Its Python dependency (requests) is one of Odoo's. 18.0.2.1.2:
# the newest release whose test helpers (queue_job.tests.common) import on an
# Odoo 18.0 tree of before 2025 (3.x imports odoo.tests.common.SETATTR_SOURCES);
# it has the job runner's dead-job requeue that a crashed server needs.
QUEUE_JOB_VERSION="18.0.2.1.2"
queue_job_manifest=""
[ -x "$PY" ] && queue_job_manifest="$(site_packages)/odoo/addons/queue_job/__manifest__.py"
if [ -f "$ODOO_BIN" ] && [ -x "$PY" ] && ! grep -qs "\"$QUEUE_JOB_VERSION\"" "$queue_job_manifest"; then
    log "installing OCA queue_job $QUEUE_JOB_VERSION"
    PIP_DISABLE_PIP_VERSION_CHECK=1 "$PY" -m pip install -q --no-deps "odoo-addon-queue-job==$QUEUE_JOB_VERSION" \
        || log "WARNING: OCA queue_job not installed (the queue_job bridge is not tested)"
    (cd /tmp && "$PY" -c 'import requests') || "$PY" -m pip install -q requests
fi
# queue_job depends on Odoo's base_sparse_field. An Odoo tree trimmed of it
# (a copy with the modules the addon uses only) gets Odoo 18.0's own module,
# kept unchanged in setup/vendor (see its README), on the addons path from
# ACA_HOME/extra-addons. Such a tree may also predate api.private (Odoo 18.0
# of 2025, which queue_job 18.0 uses to keep methods from RPC): the copy's
# __init__, loaded before queue_job, then defines it as the later 18.0 does
# (a marker the RPC dispatch reads).
if [ -f "$ODOO_BIN" ] && [ ! -d "$ODOO_SRC/addons/base_sparse_field" ]; then
    vendored="$ACA_HOME/extra-addons/base_sparse_field"
    if ! cmp -s "$REPO_ROOT/setup/vendor/base_sparse_field/models/fields.py" \
            "$vendored/models/fields.py"; then
        log "Odoo tree without base_sparse_field: Odoo's own, from setup/vendor, in $vendored"
        rm -rf "$vendored"
        mkdir -p "$ACA_HOME/extra-addons"
        cp -r "$REPO_ROOT/setup/vendor/base_sparse_field" "$vendored"
        if ! grep -qs "def private" "$ODOO_SRC/odoo/api.py"; then
            cat >> "$vendored/__init__.py" <<'PY'

# Added by account_collections_automation's setup/install.sh: this Odoo tree
# predates odoo.api.private (Odoo 18.0 of 2025), which OCA's queue_job uses.
from odoo import api as _api

if not hasattr(_api, "private"):
    def _private(method):
        method._api_private = True
        return method

    _api.private = _private
PY
        fi
    fi
fi
# Point the virtualenv at this ODOO_SRC on every call, not only when it is
# built: another clone or tree may have used it last.
if [ -f "$ODOO_BIN" ] && [ -x "$PY" ]; then
    echo "$(cd "$ODOO_SRC" && pwd -P)" > "$(site_packages)/odoo18-src.pth"
fi

if odoo_available; then
    log "Odoo 18 ready: $PY, source $ODOO_SRC"
else
    log "Odoo 18 not available"
    [ $REQUIRE_ODOO = 1 ] && exit 1
fi
exit 0
