#!/usr/bin/env bash
# Takes PNG screenshots of the collections overview and a customer workspace on
# the demo data, in headless Chromium, into docs/screenshots/ (shown in the README).
# They are taken by an HttpCase test (TestWorkspaceScreenshots) that only runs
# when ACA_SCREENSHOTS names a folder.
#
#   setup/screenshots.sh                       English
#   ACA_SCREENSHOTS_LANG=fr_FR setup/screenshots.sh
source "$(dirname "$0")/common.sh"
export ACA_SCREENSHOTS="${ACA_SCREENSHOTS:-$REPO_ROOT/docs/screenshots}"
ACA_SKIP_LINT=1 bash "$REPO_ROOT/setup/test.sh" \
    "$REPO_ROOT/$ADDON_NAME/tests/test_workspace_tour.py" -k test_screenshots
ls -l "$ACA_SCREENSHOTS"/*.png
