#!/usr/bin/env bash
# The benchmark of issue #7: collections runs against the bare SQL floor and
# OCA's account_credit_control, on a large book of receivables.
#
#   setup/bench.sh                      2,000 customers, 20,000 invoices ("default")
#   setup/bench.sh --large              10,000 customers, 100,000 invoices ("large")
#   setup/bench.sh --customers N --invoices M
#   setup/bench.sh --reps 5             repetitions per measurement (median, spread)
#   setup/bench.sh --build-only         build (or resume building) the data set, measure nothing
#   setup/bench.sh --build-jobs N       build the invoices in N processes at once (each in
#                                       journals of its own; resumable with any N)
#   setup/bench.sh --rebuild            throw the cached data set away first
#   setup/bench.sh --keep-db            keep the measured database aca_bench_<size>
#   setup/bench.sh --publish            also copy the results to docs/bench/<size>.json
#   setup/bench.sh --baseline REF       first measure the commit REF (a git worktree of it,
#                                       its own measure.py), then this tree: side by side
#   setup/bench.sh --rounds N           with --baseline: N rounds, the baseline and this tree
#                                       measured in turn, --reps split over the rounds
#                                       (default 3: load that drifts during the run
#                                       weighs on both sides alike)
#   setup/bench.sh --workers N          instead: the process run as OCA queue_job jobs on
#                                       one server with N job workers (the queue_job
#                                       bridge installed in the copy), wall time
#
# The data set is built once through the ORM (about 20 minutes for the default
# size; resumable: run the same command again after an interruption) and kept
# as the template database aca_bench_tpl_<size>; every run measures a fresh
# copy of it. When the addon's source changed since the template was made, the
# copy is upgraded (-u) and given the collections setup (pools, processes,
# reminder terms), and kept per fingerprint as aca_bench_tpl_<size>_h<hash>.
# Results: a table on stdout, bench-results/<size>.json (see tests/bench/README.md).
source "$(dirname "$0")/common.sh"

customers=2000
invoices=20000
label=""
reps=5
build_only=""
build_jobs=1
rebuild=""
keep_db=""
publish=""
baseline=""
rounds=3
workers=""
while [ $# -gt 0 ]; do
    case "$1" in
        --large) customers=10000; invoices=100000; label=large ;;
        --customers) customers="$2"; shift ;;
        --invoices) invoices="$2"; shift ;;
        --reps) reps="$2"; shift ;;
        --build-only) build_only=1 ;;
        --build-jobs) build_jobs="$2"; shift ;;
        --rebuild) rebuild=1 ;;
        --keep-db) keep_db=1 ;;
        --publish) publish=1 ;;
        --baseline) baseline="$2"; shift ;;
        --rounds) rounds="$2"; shift ;;
        --workers) workers="$2"; shift ;;
        -h|--help) sed -n '2,31p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done
if [ -z "$label" ]; then
    if [ "$customers" = 2000 ] && [ "$invoices" = 20000 ]; then label=default
    elif [ "$customers" = 10000 ] && [ "$invoices" = 100000 ]; then label=large
    else label="${customers}x${invoices}"; fi
fi

if ! odoo_available; then
    echo "Odoo 18 is not installed: run setup/install.sh first" >&2
    exit 1
fi

CONF="$(odoo_config)"

# Two benchmarks of one size at once would build (and measure) the same
# databases: the second waits for the first (a lock file in ACA_HOME).
mkdir -p "$ACA_HOME/locks"
exec 9>"$ACA_HOME/locks/bench-$label.lock"
if ! flock -n 9; then
    log "waiting for another benchmark of size $label to finish"
    flock 9
fi
TPL="aca_bench_tpl_$label"
BUILD="${TPL}_build"
DB="aca_bench_$label"
FILESTORE="$ACA_HOME/data/filestore"
LOGS="$ACA_HOME/logs"
BENCH_PY="$REPO_ROOT/tests/bench"
MODULES="account,$ADDON_NAME,account_credit_control"
mkdir -p "$LOGS" "$FILESTORE"

copy_db() {  # copy_db SOURCE TARGET: database and filestore
    createdb -T "$1" "$2"
    rm -rf "${FILESTORE:?}/$2"
    if [ -d "$FILESTORE/$1" ]; then cp -r "$FILESTORE/$1" "$FILESTORE/$2"; fi
}
drop_db() {
    dropdb --if-exists --force "$1"
    rm -rf "${FILESTORE:?}/$1"
}
# The addon's source, fingerprinted: a template made from another source is upgraded.
addon_hash() {
    (cd "$REPO_ROOT" && find "$ADDON_NAME" -type f ! -name '*.pyc' ! -path '*/__pycache__/*' \
        | LC_ALL=C sort | xargs md5sum | md5sum | cut -c1-16)
}
stored_hash() {
    psql -d "$1" -Atc "select value from ir_config_parameter where key='aca_bench.addon_hash'"
}
store_hash() {
    psql -d "$1" -qc "insert into ir_config_parameter (key, value) values
        ('aca_bench.addon_hash', '$2') on conflict (key) do update set value = excluded.value"
}

if [ -n "$rebuild" ]; then
    log "dropping the cached data set $TPL"
    drop_db "$TPL"
    drop_db "$BUILD"
    for old in $(psql -d postgres -Atc "SELECT datname FROM pg_database
                 WHERE datname LIKE '${TPL}_h%'"); do
        drop_db "$old"
    done
fi

if ! db_exists "$TPL"; then
    if ! db_exists "$BUILD"; then
        log "installing $MODULES without demo data into $BUILD"
        nice -n 10 "$PY" "$ODOO_BIN" -c "$CONF" -d "$BUILD" -i "$MODULES" --without-demo=all \
            --stop-after-init --log-level=warn > "$LOGS/$BUILD-install.log" 2>&1 \
            || { tail -n 40 "$LOGS/$BUILD-install.log"; drop_db "$BUILD"; exit 1; }
        store_hash "$BUILD" "$(addon_hash)"
    else
        log "resuming the build in $BUILD"
        # The builder loads today's addon: a build begun with an older one is upgraded first.
        if [ "$(stored_hash "$BUILD")" != "$(addon_hash)" ]; then
            log "the addon changed since the build began: upgrading $BUILD"
            nice -n 10 "$PY" "$ODOO_BIN" -c "$CONF" -d "$BUILD" -u "$ADDON_NAME" --stop-after-init \
                --log-level=warn > "$LOGS/$BUILD-upgrade.log" 2>&1 \
                || { tail -n 40 "$LOGS/$BUILD-upgrade.log"; exit 1; }
            store_hash "$BUILD" "$(addon_hash)"
        fi
    fi
    log "building $customers customers and $invoices invoices in $BUILD (log: $LOGS/$BUILD.log)"
    nice -n 10 "$PY" "$BENCH_PY/build_dataset.py" --conf "$CONF" --db "$BUILD" \
        --customers "$customers" --invoices "$invoices" --jobs "$build_jobs" 2>&1 \
        | tee -a "$LOGS/$BUILD.log"
    [ "${PIPESTATUS[0]}" = 0 ] || { log "build interrupted: run the same command to resume"; exit 1; }
    psql -d postgres -qc "ALTER DATABASE \"$BUILD\" RENAME TO \"$TPL\""
    rm -rf "${FILESTORE:?}/$TPL"
    if [ -d "$FILESTORE/$BUILD" ]; then mv "$FILESTORE/$BUILD" "$FILESTORE/$TPL"; fi
    log "data set cached as $TPL"
fi
[ -n "$build_only" ] && exit 0

current="$(addon_hash)"
# The data set upgraded to an addon source is kept per source fingerprint
# (the last few), so that measuring two commits in turn upgrades each once.
CACHED="${TPL}_h${current}"
drop_db "$DB"
if db_exists "$CACHED"; then copy_db "$CACHED" "$DB"; else copy_db "$TPL" "$DB"; fi
[ -n "$keep_db" ] || trap 'drop_db "$DB"' EXIT

if [ "$(stored_hash "$DB")" != "$current" ]; then
    log "the addon changed since $TPL was made: upgrading the copy"
    nice -n 10 "$PY" "$ODOO_BIN" -c "$CONF" -d "$DB" -u "$ADDON_NAME" --stop-after-init \
        --log-level=warn > "$LOGS/$DB-upgrade.log" 2>&1 \
        || { tail -n 40 "$LOGS/$DB-upgrade.log"; exit 1; }
    "$PY" "$BENCH_PY/measure.py" --conf "$CONF" --db "$DB" --setup-only
    store_hash "$DB" "$current"
    log "keeping the upgraded copy as $CACHED"
    copy_db "$DB" "$CACHED"
    # Only the four most recent upgraded copies stay.
    for old in $(psql -d postgres -Atc "SELECT datname FROM pg_database
                 WHERE datname LIKE '${TPL}_h%' ORDER BY oid DESC OFFSET 4"); do
        drop_db "$old"
    done
fi

mkdir -p "$REPO_ROOT/bench-results"
# Both sides of a comparison are measured the same way: on a copy of the data
# set upgraded to their addon and given the collections setup, then vacuumed
# and analyzed (as autovacuum leaves a production database: an upgrade that
# adds a column with a default rewrites the table and clears the visibility
# map, which an index-only scan then pays for in heap fetches).
psql -d "$DB" -qc "VACUUM ANALYZE" 2>/dev/null

# --baseline REF: the commit REF, checked out in a worktree, measured by its
# own measure.py on its own copy, and this tree, in turn: --rounds rounds of
# --reps/--rounds repetitions each (a drift of the machine's load over the
# run then weighs on both sides, not on the one measured second).
if [ -n "$baseline" ]; then
    base_dir="$(mktemp -d /tmp/aca-bench-baseline.XXXXXX)"
    git -C "$REPO_ROOT" worktree add -q --detach "$base_dir" "$baseline" \
        || { echo "--baseline: $baseline is not a commit of this repository" >&2; exit 2; }
    trap 'git -C "$REPO_ROOT" worktree remove --force "$base_dir"; drop_db "${DB}_baseline"; [ -n "$keep_db" ] || drop_db "$DB"' EXIT
    log "baseline: $(git -C "$base_dir" log --oneline -1 | cut -c1-100)"
    BASE_CONF="$(REPO_ROOT="$base_dir" odoo_config)"
    BASE_DB="${DB}_baseline"
    drop_db "$BASE_DB"
    copy_db "$TPL" "$BASE_DB"
    nice -n 10 "$PY" "$ODOO_BIN" -c "$BASE_CONF" -d "$BASE_DB" -u "$ADDON_NAME" --stop-after-init \
        --log-level=warn > "$LOGS/$BASE_DB-upgrade.log" 2>&1 \
        || { tail -n 40 "$LOGS/$BASE_DB-upgrade.log"; exit 1; }
    "$PY" "$base_dir/tests/bench/measure.py" --conf "$BASE_CONF" --db "$BASE_DB" --setup-only
    psql -d "$BASE_DB" -qc "VACUUM ANALYZE" 2>/dev/null
    round_reps=$(( (reps + rounds - 1) / rounds ))
    [ "$round_reps" -ge 1 ] || round_reps=1
    base_files=""
    tree_files=""
    for round in $(seq 1 "$rounds"); do
        log "round $round of $rounds: the baseline"
        "$PY" "$base_dir/tests/bench/measure.py" --conf "$BASE_CONF" --db "$BASE_DB" \
            --label "$label" --reps "$round_reps" \
            --out "$REPO_ROOT/bench-results/$label-baseline-r$round.json" \
            --results-dir "$base_dir/bench-results" || exit 1
        log "round $round of $rounds: this tree"
        "$PY" "$BENCH_PY/measure.py" --conf "$CONF" --db "$DB" --label "$label" \
            --reps "$round_reps" --out "$REPO_ROOT/bench-results/$label-r$round.json" \
            --results-dir "$REPO_ROOT/bench-results" || exit 1
        base_files="${base_files:+$base_files,}$REPO_ROOT/bench-results/$label-baseline-r$round.json"
        tree_files="${tree_files:+$tree_files,}$REPO_ROOT/bench-results/$label-r$round.json"
    done
    "$PY" "$BENCH_PY/compare.py" "$base_files" "$tree_files" --merged-out \
        "$REPO_ROOT/bench-results/$label-baseline.json" "$REPO_ROOT/bench-results/$label.json"
    if [ -n "$publish" ]; then
        mkdir -p "$REPO_ROOT/docs/bench"
        cp "$REPO_ROOT/bench-results/$label.json" "$REPO_ROOT/docs/bench/$label.json"
        log "copied to docs/bench/$label.json: commit it"
    fi
    exit 0
fi
if [ -n "$workers" ]; then
    QJ_ADDON="account_collections_automation_queue_job"
    log "installing $QJ_ADDON (OCA queue_job) into $DB"
    nice -n 10 "$PY" "$ODOO_BIN" -c "$CONF" -d "$DB" -i "$QJ_ADDON" --stop-after-init \
        --log-level=warn > "$LOGS/$DB-queue-job.log" 2>&1 \
        || { tail -n 40 "$LOGS/$DB-queue-job.log"; exit 1; }
    "$PY" "$BENCH_PY/workers.py" --conf "$CONF" --db "$DB" --workers "$workers" \
        --out "$REPO_ROOT/bench-results/$label-workers-$workers.json"
    exit $?
fi
"$PY" "$BENCH_PY/measure.py" --conf "$CONF" --db "$DB" --label "$label" --reps "$reps" \
    --out "$REPO_ROOT/bench-results/$label.json" --results-dir "$REPO_ROOT/bench-results"
if [ -n "$publish" ]; then
    mkdir -p "$REPO_ROOT/docs/bench"
    cp "$REPO_ROOT/bench-results/$label.json" "$REPO_ROOT/docs/bench/$label.json"
    log "copied to docs/bench/$label.json: commit it"
fi
