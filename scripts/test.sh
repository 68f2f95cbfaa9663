#!/usr/bin/env bash
# Set up everything the test suite needs, then run it.
#   bash scripts/test.sh [pytest args...]
# Installs: a virtualenv in .venv with piguard and its test extras (PyPI),
# and Debian's PostgreSQL server for the database tests (real server, started
# by tests/conftest.py). Safe to run again: finished steps are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

if [ -z "${PIGUARD_SKIP_APT:-}" ]; then
  apt_install postgresql
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q -e ".[test]" 2>&1 | grep -vE "^(WARNING|  )" || true

export PIGUARD_HOME="${PIGUARD_HOME:-$(mktemp -d)}"
set +e
.venv/bin/python -m pytest -n 2 --dist loadfile -p no:cacheprovider "$@"
rc=$?
set -e
# pytest exits 5 when no test was collected: that is a failure here too.
exit $rc
