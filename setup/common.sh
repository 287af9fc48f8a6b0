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
limit_time_real = 3600
limit_time_cpu = 3600
CONF
    printf '%s' "$conf"
}
