#!/usr/bin/env bash
# Takes PNG screenshots of the collections overview and a customer workspace on
# the demo data, in headless Chromium, into docs/screenshots/ (shown in the README).
# They are taken by an HttpCase (TestWorkspaceScreenshots in setup/screenshots_case.py,
# outside the addon's test suite) that setup/test.sh runs on its test database.
#
#   setup/screenshots.sh                       English
#   ACA_SCREENSHOTS_LANG=fr_FR setup/screenshots.sh
source "$(dirname "$0")/common.sh"
export ACA_SCREENSHOTS="${ACA_SCREENSHOTS:-$REPO_ROOT/docs/screenshots}"
ACA_SKIP_LINT=1 bash "$REPO_ROOT/setup/test.sh" "$REPO_ROOT/setup/screenshots_case.py"
ls -l "$ACA_SCREENSHOTS"/*.png
