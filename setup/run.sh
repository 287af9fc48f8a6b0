#!/usr/bin/env bash
# Runs the product on a demo database: installs what is missing, creates the
# database with account and account_collections_automation (with demo data)
# when it does not exist yet, runs the collections processes once, and serves
# Odoo on http://localhost:8069 (login admin / admin).
#
#   setup/run.sh                    the demo database "collections_demo"
#   ACA_DEMO_DB=other setup/run.sh  another database
#   setup/run.sh --reset            drop and rebuild the demo database
#   setup/run.sh --no-serve         prepare the database only
source "$(dirname "$0")/common.sh"

DB="${ACA_DEMO_DB:-collections_demo}"
SERVE=1
for arg in "$@"; do
    case "$arg" in
        --reset) dropdb --if-exists "$DB" 2>/dev/null || true; rm -rf "$ACA_HOME/data/filestore/$DB" ;;
        --no-serve) SERVE=0 ;;
        *) echo "unknown argument: $arg" >&2; exit 2 ;;
    esac
done

bash "$REPO_ROOT/setup/install.sh" --require-odoo 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
CONF="$(odoo_config)"

if ! psql -d postgres -Atc "select 1 from pg_database where datname='$DB'" | grep -q 1; then
    log "creating the demo database $DB"
    new_database_from_template "$DB"
    "$PY" "$ODOO_BIN" -c "$CONF" -d "$DB" -i "$ADDON_NAME" --stop-after-init --log-level=warn
else
    log "updating $ADDON_NAME in $DB"
    "$PY" "$ODOO_BIN" -c "$CONF" -d "$DB" -u "$ADDON_NAME" --stop-after-init --log-level=warn
fi

log "running the collections processes once"
"$PY" "$ODOO_BIN" shell -c "$CONF" -d "$DB" --log-level=warn --no-http <<'PY'
Process = env.get("collection.process")
if Process is not None:
    actions = Process.search([]).run()
    env.cr.commit()
    history = env["collection.action"].search_count([])
    print(f"collections run: {len(actions)} new actions today "
          f"(the process history holds {history}; a second run on a day takes nothing twice)")
PY

if [ "$SERVE" = 1 ]; then
    cat <<MSG

  Odoo is starting on http://localhost:$HTTP_PORT  (database $DB, login admin / admin)
  Open first: Invoicing > Collections > Overview, then a customer's workspace;
  Invoicing > Configuration > Collections holds pools, processes, reminder terms
  and automations. Stop with Ctrl-C.

MSG
    exec "$PY" "$ODOO_BIN" -c "$CONF" -d "$DB" --db-filter="^$DB\$" --http-port="$HTTP_PORT"
fi
