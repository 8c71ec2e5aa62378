#!/usr/bin/env bash
# Makes sure a headless Chromium (Debian's `chromium` package) is there for the console's browser tests in
# `npm test` (playwright-core drives it; no browser download from elsewhere): installs it when running as
# root with apt-get, else names the command. The tests fail, never skip, without it. Sourced by tools/test.sh.
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium_path" ]; then
  install_command="apt-get install -y --no-install-recommends chromium"
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null 2>&1; then
    echo "chromium is missing: running \`$install_command\` (the console's browser tests need it)…" >&2
    if ! DEBIAN_FRONTEND=noninteractive $install_command > /dev/null; then
      apt-get update > /dev/null && DEBIAN_FRONTEND=noninteractive $install_command > /dev/null || true
    fi
  fi
  if [ ! -x "$chromium_path" ]; then
    echo "chromium is missing and was not installed: run \`sudo $install_command\` (or set CHROMIUM_PATH); the console browser tests will fail" >&2
  fi
fi
