#!/usr/bin/env bash
# Runs the product on a demo database: installs what is missing, creates the
# database with account and account_collections_automation (with demo data)
# when it does not exist yet, runs the collections processes once, and serves
# Odoo on http://localhost:8069 (login admin / admin; ACA_HTTP_PORT: another
# port). The admin works in English; the demo customers in French, Norwegian
# or English. The runs' e-mails and letters are made by the document queue
# once the server runs (letters are PDFs styled by the server), each in its
# customer's language.
#
# Two run.sh started at once on one PostgreSQL: the second waits for the
# first to build the demo database (a lock file in ACA_HOME), then uses it.
#
#   setup/run.sh                    the demo database "collections_demo"
#   ACA_DEMO_DB=other setup/run.sh  another database
#   setup/run.sh --reset            drop and rebuild the demo database
#   setup/run.sh --no-serve         prepare the database only
source "$(dirname "$0")/common.sh"

DB="${ACA_DEMO_DB:-collections_demo}"
PORT="${ACA_HTTP_PORT:-$HTTP_PORT}"
SERVE=1
RESET=0
for arg in "$@"; do
    case "$arg" in
        --reset) RESET=1 ;;
        --no-serve) SERVE=0 ;;
        *) echo "unknown argument: $arg" >&2; exit 2 ;;
    esac
done

bash "$REPO_ROOT/setup/install.sh" --require-odoo 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
CONF="$(odoo_config)"

prepare_demo_database() {  # under the demo database's lock
    if [ "$RESET" = 1 ]; then
        dropdb --if-exists --force "$DB" 2>/dev/null || true
        rm -rf "${ACA_HOME:?}/data/filestore/$DB"
    fi
    if ! db_exists "$DB"; then
        log "creating the demo database $DB"
        # Built under another name, renamed when whole: a database that exists is complete.
        dropdb --if-exists --force "$DB.tmp" 2>/dev/null || true
        new_database_from_template "$DB.tmp"
        "$PY" "$ODOO_BIN" -c "$CONF" -d "$DB.tmp" -i "$ADDON_NAME" --stop-after-init \
            --log-level=warn || return 1
        psql -d postgres -qc "ALTER DATABASE \"$DB.tmp\" RENAME TO \"$DB\"" || return 1
        rm -rf "${ACA_HOME:?}/data/filestore/$DB"
        if [ -d "$ACA_HOME/data/filestore/$DB.tmp" ]; then
            mv "$ACA_HOME/data/filestore/$DB.tmp" "$ACA_HOME/data/filestore/$DB"
        fi
    else
        log "updating $ADDON_NAME in $DB"
        "$PY" "$ODOO_BIN" -c "$CONF" -d "$DB" -u "$ADDON_NAME" --stop-after-init \
            --log-level=warn || return 1
    fi

    log "running the collections processes once"
    "$PY" "$ODOO_BIN" shell -c "$CONF" -d "$DB" --log-level=warn --no-http <<PY
# The letters' PDFs fetch their styles from this server (wkhtmltopdf).
if env["ir.config_parameter"].get_param("web.base.url.freeze") != "True":
    env["ir.config_parameter"].set_param("web.base.url", "http://localhost:$PORT")
Process = env.get("collection.process")
if Process is not None:
    actions = Process.search([]).run()
    env.cr.commit()
    history = env["collection.action"].search_count([])
    queued = env["collection.action"].search_count([("state", "=", "queued")])
    print(f"collections run: {len(actions)} new actions today "
          f"(the process history holds {history}; a second run on a day takes nothing twice); "
          f"{queued} e-mails and letters queued: the server's document queue makes them")
PY
}
with_lock "demo-$DB" prepare_demo_database

if [ "$SERVE" = 1 ]; then
    cat <<MSG

  Odoo is starting on http://localhost:$PORT  (database $DB, login admin / admin)
  Open first: Invoicing > Collections > Overview, then a customer's workspace;
  Invoicing > Configuration > Collections holds pools, processes, reminder terms
  and automations. Stop with Ctrl-C.

MSG
    exec "$PY" "$ODOO_BIN" -c "$CONF" -d "$DB" --db-filter="^$DB\$" --http-port="$PORT"
fi
