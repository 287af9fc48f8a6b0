# shellcheck shell=bash
# Shared settings of the setup scripts; sourced, never run.
#
# Everything heavy (the virtualenv, the Odoo configuration, the template
# databases) lives outside the clone, in ACA_HOME, so that a fresh clone on
# the same machine (CI) finds it ready.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ADDON_NAME="account_collections_automation"
ACA_HOME="${ACA_HOME:-$HOME/.cache/account-collections-automation}"
VENV="${ACA_VENV:-$ACA_HOME/venv}"
PY="$VENV/bin/python"
PG_VERSION="${PG_VERSION:-15}"
HTTP_PORT="${HTTP_PORT:-8069}"

# ODOO_SRC: a local Odoo 18.0 tree. Default: the shared tree beside the clone,
# else a checkout of Odoo's official upstream 18.0 branch in ACA_HOME.
if [ -z "${ODOO_SRC:-}" ] && [ -d "$REPO_ROOT/../shared/odoo-18.0/odoo" ]; then
    ODOO_SRC="$(cd "$REPO_ROOT/../shared/odoo-18.0" && pwd)"
fi
ODOO_SRC="${ODOO_SRC:-$ACA_HOME/odoo-18.0}"
# An absolute path: the Odoo configuration and the venv's .pth outlive this shell.
[ -d "$ODOO_SRC" ] && ODOO_SRC="$(cd "$ODOO_SRC" && pwd -P)"
ODOO_BIN="$ODOO_SRC/odoo-bin"

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

odoo_available() {
    [ -x "$PY" ] && [ -f "$ODOO_BIN" ] && \
        (cd /tmp && "$PY" -c 'import odoo.release as r, sys; sys.exit(0 if r.version_info[0] == 18 else 1)') >/dev/null 2>&1
}

site_packages() {
    "$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])'
}

# The Odoo configuration for this clone: addons path = Odoo's, the OCA wheels',
# and this repository. Written on every call since the clone may move.
# ACA_HTTP_PORT: another HTTP port (tours), for two test runs side by side.
odoo_config() {
    local conf="$ACA_HOME/odoo-$(printf '%s' "$REPO_ROOT" | md5sum | cut -c1-8).conf"
    local oca_addons
    oca_addons="$(site_packages)/odoo/addons"
    local addons="$ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$REPO_ROOT"
    [ -d "$oca_addons" ] && addons="$addons,$oca_addons"
    # Modules an Odoo tree trimmed of them lacks (install.sh: base_sparse_field).
    [ -d "$ACA_HOME/extra-addons" ] && addons="$addons,$ACA_HOME/extra-addons"
    cat > "$conf" <<CONF
[options]
addons_path = $addons
data_dir = $ACA_HOME/data
admin_passwd = admin
db_host = False
db_port = False
list_db = True
without_demo = False
log_level = info
max_cron_threads = 1
http_port = ${ACA_HTTP_PORT:-8069}
limit_time_real = 3600
limit_time_cpu = 3600
CONF
    printf '%s' "$conf"
}

# Databases several runs share (the template databases, the demo database,
# the benchmark's data sets) are built under a lock file in ACA_HOME: two
# setups started at once on one PostgreSQL (two users, two CI jobs) never
# build the same database together; the second waits, then reuses it.
#   with_lock NAME COMMAND...   runs COMMAND holding ACA_HOME/locks/NAME.lock
with_lock() {
    local name="$1"; shift
    mkdir -p "$ACA_HOME/locks"
    (
        if ! flock -n 9; then
            log "waiting for another setup to finish with $name ($ACA_HOME/locks/$name.lock)"
            flock 9
        fi
        "$@"
    ) 9>"$ACA_HOME/locks/$name.lock"
}

db_exists() { psql -d postgres -Atc "select 1 from pg_database where datname='$1'" | grep -q 1; }

# A template database with Odoo's own modules (slow to install, never
# changing) is made once per Odoo tree and list of languages; new databases
# are copies of it, and the addon is installed into them fresh.
# ACA_BASE_MODULES: other modules (e.g. "base" for a quick template in tests).
# Languages: English first, so that English is installed and is the default
# language (of the admin, of new partners); French and Norwegian are loaded
# too. TEMPLATE_LANGS="" makes a template with English only (the plain
# odoo-bin run of CI, as most integrators run the tests).
BASE_MODULES="${ACA_BASE_MODULES:-account,mail,l10n_fr_account,l10n_no}"
TEMPLATE_LANGS="${TEMPLATE_LANGS-en_US,fr_FR,nb_NO}"
TEMPLATE_PREFIX="${ACA_TEMPLATE_PREFIX:-aca_tpl}"
template_name() {
    printf '%s_%s' "$TEMPLATE_PREFIX" "$(printf '%s|%s|%s|%s' "$ODOO_SRC" "$BASE_MODULES" \
        "$(md5sum < "$ODOO_SRC/odoo/release.py")" "$TEMPLATE_LANGS" | md5sum | cut -c1-10)"
}

_build_template() {  # under the template lock: a second builder finds it made
    local conf="$1" tpl="$2" langs=()
    db_exists "$tpl" && return 0
    [ -n "$TEMPLATE_LANGS" ] && langs=(--load-language="$TEMPLATE_LANGS")
    log "building template database $tpl ($BASE_MODULES with demo data, languages ${TEMPLATE_LANGS:-en_US}, about a minute)"
    mkdir -p "$ACA_HOME/logs"
    dropdb --if-exists "$tpl.tmp" >/dev/null 2>&1 || true
    "$PY" "$ODOO_BIN" -c "$conf" -d "$tpl.tmp" -i "$BASE_MODULES" --stop-after-init \
        "${langs[@]}" --log-level=warn > "$ACA_HOME/logs/$tpl.log" 2>&1 \
        || { tail -n 40 "$ACA_HOME/logs/$tpl.log" >&2; return 1; }
    psql -d postgres -qc "ALTER DATABASE \"$tpl.tmp\" RENAME TO \"$tpl\"" || return 1
    rm -rf "$ACA_HOME/data/filestore/$tpl"
    if [ -d "$ACA_HOME/data/filestore/$tpl.tmp" ]; then
        mv "$ACA_HOME/data/filestore/$tpl.tmp" "$ACA_HOME/data/filestore/$tpl"
    fi
}

template_database() {
    local conf="$1" tpl
    tpl="$(template_name)"
    if ! db_exists "$tpl"; then
        # Built as "$tpl.tmp", renamed when complete: a template that exists is whole.
        with_lock "$tpl" _build_template "$conf" "$tpl" || return 1
    fi
    printf '%s' "$tpl"
}

_copy_database() {  # _copy_database SOURCE TARGET: database and filestore
    createdb -T "$1" "$2"
    mkdir -p "$ACA_HOME/data/filestore"
    rm -rf "${ACA_HOME:?}/data/filestore/$2"
    if [ -d "$ACA_HOME/data/filestore/$1" ]; then
        cp -r "$ACA_HOME/data/filestore/$1" "$ACA_HOME/data/filestore/$2"
    fi
}

new_database_from_template() {
    local db="$1" conf tpl
    conf="$(odoo_config)"
    tpl="$(template_database "$conf")"
    _copy_database "$tpl" "$db"
}
