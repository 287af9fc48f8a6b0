#!/usr/bin/env bash
# Re-exports the addon's translation template, i18n/<addon>.pot (Odoo's own
# export, with the demo data's terms: the database has the addon installed
# with demo data), then merges it into every i18n/<lang>.po (polib, in Odoo's
# layout; no fuzzy matching, obsolete entries dropped): new terms come in
# untranslated, terms gone from the code leave, a translation the .po marks
# fuzzy stays fuzzy. Ends with the count of untranslated and fuzzy terms per
# language (tests/test_po_files.py wants none).
#
#   setup/i18n_export.sh                     a throwaway database from the template
#   ACA_I18N_DB=mydb setup/i18n_export.sh    a database with the addon (updated first)
#   ACA_KEEP_DB=1 setup/i18n_export.sh       keep the throwaway database (for ACA_I18N_DB)
source "$(dirname "$0")/common.sh"

if ! odoo_available; then
    echo "Odoo 18 is not installed: run setup/install.sh first" >&2
    exit 1
fi
CONF="$(odoo_config)"
I18N="$REPO_ROOT/$ADDON_NAME/i18n"
POT="$I18N/$ADDON_NAME.pot"
DB="${ACA_I18N_DB:-}"
mkdir -p "$ACA_HOME/logs"
if [ -z "$DB" ]; then
    DB="aca_i18n_$(date +%s)_$$"
    if [ -z "${ACA_KEEP_DB:-}" ]; then
        trap 'dropdb --if-exists "$DB" >/dev/null 2>&1; rm -rf "${ACA_HOME:?}/data/filestore/$DB"' EXIT
    else
        log "keeping the database $DB"
    fi
    new_database_from_template "$DB"
    log "installing $ADDON_NAME with demo data into $DB"
    "$PY" "$ODOO_BIN" -c "$CONF" -d "$DB" -i "$ADDON_NAME" --stop-after-init --log-level=warn \
        > "$ACA_HOME/logs/$DB-install.log" 2>&1 \
        || { tail -n 40 "$ACA_HOME/logs/$DB-install.log" >&2; exit 1; }
else
    log "updating $ADDON_NAME in $DB"
    "$PY" "$ODOO_BIN" -c "$CONF" -d "$DB" -u "$ADDON_NAME" --stop-after-init --log-level=warn
fi

# Merge (Odoo's layout: one line of references per entry, no wrapping): every
# term of the template, with its translation when the .po has one; terms gone
# from the template leave; the header stays the .po's, with the new date.
merge_po() {
    local pot="$1" po
    for po in "$2"/*.po; do
    "$PY" - "$pot" "$po" <<'PY'
import sys

import polib

pot_path, po_path = sys.argv[1:]
pot = polib.pofile(pot_path, wrapwidth=0)
old = polib.pofile(po_path, wrapwidth=0)
translated = {(e.msgctxt, e.msgid): e for e in old if not e.obsolete and e.msgstr}
for entry in pot:
    known = translated.get((entry.msgctxt, entry.msgid))
    entry.msgstr = known.msgstr if known else ""
    # A translation the .po marks fuzzy (to be reviewed) stays fuzzy.
    entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    if known and "fuzzy" in known.flags:
        entry.flags.append("fuzzy")
metadata = dict(old.metadata)
metadata["POT-Creation-Date"] = pot.metadata.get("POT-Creation-Date", "")
pot.metadata = metadata
pot.header = old.header
pot.save(po_path)
missing = sum(1 for e in pot if not e.msgstr)
fuzzy = sum(1 for e in pot if "fuzzy" in e.flags)
print(f"{po_path.rsplit('/', 1)[-1]}: {missing} untranslated terms, {fuzzy} fuzzy "
      "(tests/test_po_files.py wants none)", file=sys.stderr)
PY
done
}

# Exports one addon's template (the addon installed in $DB) and merges it into
# its .po files; a language the addon has no .po for yet starts from the
# main addon's header.
export_addon() {
    local addon="$1" i18n="$REPO_ROOT/$1/i18n" tmp lang
    local pot="$i18n/$addon.pot"
    mkdir -p "$i18n"
    log "exporting $pot"
    tmp="$(mktemp -d)"
    "$PY" "$ODOO_BIN" -c "$CONF" -d "$DB" --i18n-export="$tmp/$addon.pot" \
        --modules="$addon" --log-level=warn
    mv "$tmp/$addon.pot" "$pot"
    rmdir "$tmp"
    for lang in $(cd "$I18N" && ls ./*.po | xargs -n1 basename); do
        [ -f "$i18n/$lang" ] || "$PY" - "$I18N/$lang" "$i18n/$lang" "$addon" <<'PY'
import sys

import polib

header_from, po_path, addon = sys.argv[1:]
source = polib.pofile(header_from, wrapwidth=0)
new = polib.POFile(wrapwidth=0)
new.metadata = dict(source.metadata)
new.header = ("Translation of Odoo Server.\n"
              f"This file contains the translation of the following modules:\n\t* {addon}")
new.save(po_path)
PY
    done
    merge_po "$pot" "$i18n"
}


export_addon "$ADDON_NAME"
# The queue_job bridge, when OCA's queue_job is installed (setup/install.sh).
QJ_ADDON="account_collections_automation_queue_job"
if [ -f "$(site_packages)/odoo/addons/queue_job/__manifest__.py" ]; then
    log "installing $QJ_ADDON into $DB"
    "$PY" "$ODOO_BIN" -c "$CONF" -d "$DB" -i "$QJ_ADDON" --stop-after-init --log-level=warn \
        > "$ACA_HOME/logs/$DB-install-qj.log" 2>&1 \
        || { tail -n 40 "$ACA_HOME/logs/$DB-install-qj.log" >&2; exit 1; }
    export_addon "$QJ_ADDON"
fi
