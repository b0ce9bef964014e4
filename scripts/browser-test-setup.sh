#!/usr/bin/env bash
# Installs the headless browser the dashboard's and the report's browser tests drive: Debian's Chromium and
# its ChromeDriver (/usr/bin/chromium, /usr/bin/chromedriver). Does nothing when both are there.
#
#   scripts/browser-test-setup.sh
#
# The tests look for them there, or where METAANALYSIS_TEST_CHROMIUM and METAANALYSIS_TEST_CHROMEDRIVER say.
set -euo pipefail

log() { echo "browser-test-setup: $*" >&2; }

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi

if [ "$(id -u)" != 0 ]; then
    log "Chromium is not installed and installing it needs root (apt-get install chromium chromium-driver)"
    exit 1
fi

log "installing chromium and chromium-driver"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq chromium chromium-driver >&2
