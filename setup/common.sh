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

# A template database with Odoo's own modules (slow to install, never
# changing) is made once per Odoo tree; new databases are copies of it, and
# the addon is installed into them fresh.
BASE_MODULES="account,mail,l10n_fr_account,l10n_no"
template_database() {
    local conf="$1" tpl
    tpl="aca_tpl_$(printf '%s|%s|%s' "$ODOO_SRC" "$BASE_MODULES" "$(md5sum < "$ODOO_SRC/odoo/release.py")" | md5sum | cut -c1-10)"
    if ! psql -d postgres -Atc "select 1 from pg_database where datname='$tpl'" | grep -q 1; then
        log "building template database $tpl ($BASE_MODULES with demo data, about a minute)"
        mkdir -p "$ACA_HOME/logs"
        dropdb --if-exists "$tpl.tmp" >/dev/null 2>&1 || true
        "$PY" "$ODOO_BIN" -c "$conf" -d "$tpl.tmp" -i "$BASE_MODULES" --stop-after-init \
            --load-language=fr_FR,nb_NO --log-level=warn > "$ACA_HOME/logs/template.log" 2>&1 \
            || { tail -n 40 "$ACA_HOME/logs/template.log" >&2; return 1; }
        psql -d postgres -qc "ALTER DATABASE \"$tpl.tmp\" RENAME TO \"$tpl\""
        rm -rf "$ACA_HOME/data/filestore/$tpl"
        [ -d "$ACA_HOME/data/filestore/$tpl.tmp" ] && mv "$ACA_HOME/data/filestore/$tpl.tmp" "$ACA_HOME/data/filestore/$tpl"
    fi
    printf '%s' "$tpl"
}

new_database_from_template() {
    local db="$1" conf tpl
    conf="$(odoo_config)"
    tpl="$(template_database "$conf")"
    createdb -T "$tpl" "$db"
    mkdir -p "$ACA_HOME/data/filestore"
    if [ -d "$ACA_HOME/data/filestore/$tpl" ]; then
        rm -rf "$ACA_HOME/data/filestore/$db"
        cp -r "$ACA_HOME/data/filestore/$tpl" "$ACA_HOME/data/filestore/$db"
    fi
}
