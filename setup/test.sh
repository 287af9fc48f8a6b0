#!/usr/bin/env bash
# Runs every test: ruff, the engine tests (outside Odoo), and, when Odoo 18 is
# installed, the addon's Odoo tests on a throwaway database where the module
# is freshly installed with demo data. Ends with pytest's summary line.
#
#   setup/test.sh                 everything
#   setup/test.sh -k date         pytest arguments are passed through
#   setup/test.sh tests/engine    path arguments choose the tests
#   ACA_KEEP_DB=1 setup/test.sh   keep the test database for a look afterwards
#   ACA_SKIP_LINT=1 setup/test.sh skip ruff while iterating (CI never sets it)
#   ACA_SKIP_ODOO_BIN=1 setup/test.sh
#                                 skip the plain odoo-bin run while iterating
#
# Without path or -k arguments, the Odoo tests also run a second time the way
# OCA's CI and most integrators run them: `odoo-bin -i <addon> --test-enable`
# on a database with English only (no language loaded beforehand); any ERROR
# or FAIL line of its log fails the run (log: ACA_HOME/logs/<db>-odoo-bin.log).
source "$(dirname "$0")/common.sh"

bash "$REPO_ROOT/setup/install.sh" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
cd "$REPO_ROOT"

if odoo_available; then
    RUN_PY="$PY"
else
    RUN_PY="$(command -v python3)"
    "$RUN_PY" -m pip install -q pytest hypothesis ruff >/dev/null 2>&1 || true
fi

if [ -z "${ACA_SKIP_LINT:-}" ]; then
    log "ruff"
    "$RUN_PY" -m ruff check "$REPO_ROOT" || { log "ruff found problems"; exit 1; }
fi

# pylint-odoo with OCA's mandatory checks (.pylintrc-mandatory), beside ruff.
if [ -z "${ACA_SKIP_LINT:-}" ]; then
    log "pylint-odoo (OCA's mandatory checks)"
    odoo_available || "$RUN_PY" -m pip install -q "pylint-odoo==9.3.2" >/dev/null 2>&1 || true
    "$RUN_PY" -m pylint --rcfile="$REPO_ROOT/.pylintrc-mandatory" "$REPO_ROOT/$ADDON_NAME" \
        "$REPO_ROOT/account_collections_automation_queue_job" \
        "$REPO_ROOT"/tests/addons/*/ || { log "pylint-odoo found problems"; exit 1; }
fi

if ! odoo_available; then
    echo "Odoo 18 not installed: the addon's Odoo tests were NOT run"
    "$RUN_PY" -m pytest -p no:cacheprovider -q "$REPO_ROOT/tests" "$@"
    status=$?
    [ $status = 5 ] && status=0
    exit $status
fi

CONF="$(odoo_config)"
DB="aca_test_$(date +%s)_$$"
INSTALL_LOG="$ACA_HOME/logs/$DB-install.log"
mkdir -p "$ACA_HOME/logs"
EXTRA_DBS=()  # copies made for the extension modules and the plain odoo-bin run
cleanup() {
    local db
    if [ -z "${ACA_KEEP_DB:-}" ]; then
        for db in "$DB" "${EXTRA_DBS[@]}"; do
            dropdb --if-exists "$db" >/dev/null 2>&1 || true
            rm -rf "$ACA_HOME/data/filestore/$db"
        done
    else
        log "kept database $DB ${EXTRA_DBS[*]}"
    fi
}
trap cleanup EXIT

new_database_from_template "$DB"

# Modules the tests use that the addon does not depend on: Odoo's demo payment
# provider (the customer page's Pay now tours; they are skipped without it, as
# Odoo's own payment tours are).
TEST_MODULES="${ACA_TEST_MODULES-payment_demo}"
log "installing $ADDON_NAME${TEST_MODULES:+ (and $TEST_MODULES for the tests)} with demo data into $DB"
set +e
"$PY" "$ODOO_BIN" -c "$CONF" -d "$DB" -i "$ADDON_NAME${TEST_MODULES:+,$TEST_MODULES}" \
    --stop-after-init > "$INSTALL_LOG" 2>&1
install_status=$?
set -e
echo "$install_status" > "$INSTALL_LOG.status"

# Path arguments choose the tests; without any, every test runs.
paths=()
for arg in "$@"; do [ -e "$arg" ] && paths+=("$arg"); done

# The extension test module (tests/addons/): another module extending the
# reminders. It is installed on a copy of the test database, with tests/addons
# on that run's addons path only, and its tests run there; the addon's own
# tests (tests/conftest.py leaves tests/addons out) see the addon alone.
EXT_ADDONS="$REPO_ROOT/tests/addons"
ext_paths=()
for arg in "${paths[@]}"; do
    case "$(cd "$(dirname "$arg")" && pwd)/$(basename "$arg")" in
        "$EXT_ADDONS"*|"$REPO_ROOT/tests"|"$REPO_ROOT/tests/") ext_paths+=("$arg");;
    esac
done
[ ${#paths[@]} = 0 ] && ext_paths=("$EXT_ADDONS")
ext_status=0
if [ ${#ext_paths[@]} -gt 0 ]; then
    EXT_DB="${DB}_ext"
    EXT_CONF="${CONF%.conf}-ext.conf"
    sed "s|^addons_path = .*|&,$EXT_ADDONS|" "$CONF" > "$EXT_CONF"
    EXTRA_DBS+=("$EXT_DB")
    createdb -T "$DB" "$EXT_DB"
    [ -d "$ACA_HOME/data/filestore/$DB" ] && cp -r "$ACA_HOME/data/filestore/$DB" "$ACA_HOME/data/filestore/$EXT_DB"
    log "installing the extension test modules of tests/addons into $EXT_DB"
    ext_modules="$(cd "$EXT_ADDONS" && ls -d */ | tr -d / | paste -sd, -)"
    set +e
    "$PY" "$ODOO_BIN" -c "$EXT_CONF" -d "$EXT_DB" -i "$ext_modules" --stop-after-init \
        > "$ACA_HOME/logs/$EXT_DB-install.log" 2>&1 \
        || { tail -n 30 "$ACA_HOME/logs/$EXT_DB-install.log" >&2; ext_status=1; }
    if [ $ext_status = 0 ]; then
        log "pytest: the extension test modules' tests"
        ACA_EXTENSION_TESTS=1 "$PY" -m pytest -p no:cacheprovider --odoo-config="$EXT_CONF" \
            --odoo-database="$EXT_DB" "${ext_paths[@]}"
        ext_status=$?
        [ $ext_status = 5 ] && ext_status=0
    fi
    set -e
fi
# The queue_job bridge (account_collections_automation_queue_job, with OCA's
# queue_job): installed on another copy of the test database, where its
# tests, the run's reliability tests in job mode and the e2e test of two
# servers sharing the job queue run (ACA_QUEUE_JOB_TESTS=1; elsewhere
# tests/conftest.py leaves them out).
QJ_ADDON="account_collections_automation_queue_job"
QJ_E2E="$REPO_ROOT/tests/e2e/test_queue_job_servers.py"
QJ_E2E_JOBS="$REPO_ROOT/tests/e2e/test_reliability_jobs.py"
qj_paths=()
for arg in "${paths[@]}"; do
    case "$(cd "$(dirname "$arg")" && pwd)/$(basename "$arg")" in
        "$REPO_ROOT/$QJ_ADDON"*|"$QJ_E2E"*|"$QJ_E2E_JOBS"*) qj_paths+=("$arg");;
        "$REPO_ROOT/tests"|"$REPO_ROOT/tests/"|"$REPO_ROOT/tests/e2e"|"$REPO_ROOT/tests/e2e/") qj_paths+=("$QJ_E2E_JOBS" "$QJ_E2E");;
    esac
done
[ ${#paths[@]} = 0 ] && qj_paths=("$REPO_ROOT/$QJ_ADDON/tests" "$QJ_E2E_JOBS" "$QJ_E2E")
qj_status=0
QJ_INSTALL_LOG=""
if [ ${#qj_paths[@]} -gt 0 ]; then
    if [ -f "$(site_packages)/odoo/addons/queue_job/__manifest__.py" ]; then
        QJ_DB="${DB}_qj"
        QJ_INSTALL_LOG="$ACA_HOME/logs/$QJ_DB-install.log"
        EXTRA_DBS+=("$QJ_DB")
        createdb -T "$DB" "$QJ_DB"
        [ -d "$ACA_HOME/data/filestore/$DB" ] && cp -r "$ACA_HOME/data/filestore/$DB" "$ACA_HOME/data/filestore/$QJ_DB"
        log "installing $QJ_ADDON (and OCA queue_job) into $QJ_DB"
        set +e
        "$PY" "$ODOO_BIN" -c "$CONF" -d "$QJ_DB" -i "$QJ_ADDON" --stop-after-init > "$QJ_INSTALL_LOG" 2>&1
        qj_status=$?
        echo "$qj_status" > "$QJ_INSTALL_LOG.status"
        if [ $qj_status = 0 ]; then
            log "pytest: the queue_job bridge's tests"
            ACA_QUEUE_JOB_TESTS=1 "$PY" -m pytest -p no:cacheprovider --odoo-config="$CONF" \
                --odoo-database="$QJ_DB" "${qj_paths[@]}"
            qj_status=$?
            [ $qj_status = 5 ] && qj_status=0
        else
            tail -n 30 "$QJ_INSTALL_LOG" >&2
        fi
        set -e
    else
        log "WARNING: OCA queue_job is not installed (setup/install.sh): the bridge is not tested"
    fi
fi
full_run=0
if [ ${#paths[@]} = 0 ] && [ $# = 0 ]; then full_run=1; fi
plain_status=0
# The plain odoo-bin run, on a database with English only.
if [ $full_run = 1 ] && [ -z "${ACA_SKIP_ODOO_BIN:-}" ]; then
    PLAIN_DB="${DB}_plain"
    PLAIN_LOG="$ACA_HOME/logs/$PLAIN_DB-odoo-bin.log"
    EXTRA_DBS+=("$PLAIN_DB")
    TEMPLATE_LANGS="" new_database_from_template "$PLAIN_DB"
    log "odoo-bin -i $ADDON_NAME --test-enable on $PLAIN_DB (English only; log: $PLAIN_LOG)"
    start=$(date +%s)
    set +e
    "$PY" "$ODOO_BIN" -c "$CONF" -d "$PLAIN_DB" -i "$ADDON_NAME" --test-enable \
        --stop-after-init --log-level=test > "$PLAIN_LOG" 2>&1
    plain_status=$?
    set -e
    # Odoo's log lines: "<date> <time> <pid> <LEVEL> <db> <logger>: ...".
    problems="$(grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) |^(FAIL|ERROR): ' "$PLAIN_LOG" || true)"
    summary="$(grep -E 'odoo.tests.result: .* tests' "$PLAIN_LOG" | tail -n 1 | sed 's/.*odoo.tests.result: //')"
    echo "odoo-bin --test-enable (English only): ${summary:-no test summary}, $(( $(date +%s) - start ))s"
    if [ $plain_status != 0 ] || [ -n "$problems" ] || [ -z "$summary" ]; then
        printf '%s\n' "$problems" | head -n 40
        log "the plain odoo-bin run failed (exit status $plain_status): see $PLAIN_LOG"
        plain_status=1
    fi
fi

[ ${#paths[@]} = 0 ] && set -- "$REPO_ROOT/tests" "$REPO_ROOT/$ADDON_NAME/tests" "$@"
# The bridge's own paths ran on their database above: not here.
main_args=()
main_paths=0
for arg in "$@"; do
    if [ -e "$arg" ]; then
        case "$(cd "$(dirname "$arg")" && pwd)/$(basename "$arg")" in
            "$REPO_ROOT/$QJ_ADDON"*|"$QJ_E2E"*|"$QJ_E2E_JOBS"*) continue;;
        esac
        main_paths=$((main_paths + 1))
    fi
    main_args+=("$arg")
done
status=0
if [ ${#paths[@]} = 0 ] || [ $main_paths -gt 0 ]; then
    log "pytest: engine tests, install check, and the addon's Odoo tests (pytest-odoo)"
    set +e
    ACA_INSTALL_LOG="$INSTALL_LOG" ACA_QJ_INSTALL_LOG="$QJ_INSTALL_LOG" "$PY" -m pytest \
        -p no:cacheprovider --odoo-config="$CONF" --odoo-database="$DB" --odoo-http \
        "${main_args[@]}"
    status=$?
    set -e
fi
[ $status = 5 ] && status=0
[ $status = 0 ] && status=$ext_status
[ $status = 0 ] && status=$qj_status
[ $status = 0 ] && [ $plain_status != 0 ] && status=1

exit $status
