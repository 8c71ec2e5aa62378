#!/usr/bin/env bash
# Makes sure `promtool` (Debian's `prometheus` package) is there for the alert-rule tests in `npm test`:
# installs it when running as root with apt-get, else names the command. The tests fail, never skip, without
# it. Sourced by tools/test.sh.
if ! command -v promtool > /dev/null 2>&1; then
  install_command="apt-get install -y --no-install-recommends prometheus"
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null 2>&1; then
    echo "promtool is missing: running \`$install_command\` (the alert-rule tests need it)…" >&2
    # Debian's package ships the server's systemd unit too; nothing starts it here.
    if ! DEBIAN_FRONTEND=noninteractive $install_command > /dev/null; then
      apt-get update > /dev/null && DEBIAN_FRONTEND=noninteractive $install_command > /dev/null || true
    fi
  fi
  if ! command -v promtool > /dev/null 2>&1; then
    echo "promtool is missing and was not installed: run \`sudo $install_command\`; the alert-rule tests will fail" >&2
  fi
fi
