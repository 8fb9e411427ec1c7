#!/usr/bin/env bash
# Install v6port from the action's own checkout into a private virtualenv.
#
# Env: GITHUB_ACTION_PATH (the action's folder), RUNNER_TEMP, GITHUB_OUTPUT;
# optional V6PORT_PYTHON (default python3, else python).
# Writes the output `v6port`: the path of the installed executable.
set -euo pipefail

src="${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}"
python="${V6PORT_PYTHON:-}"
if [ -z "$python" ]; then
  if command -v python3 >/dev/null 2>&1; then python=python3; else python=python; fi
fi
venv="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/v6port-venv"

"$python" -m venv "$venv"
if [ -x "$venv/bin/python" ]; then
  bin="$venv/bin"
else
  bin="$venv/Scripts" # Windows runners
fi
"$bin/python" -m pip install --quiet --disable-pip-version-check "$src"

exe="$bin/v6port"
[ -x "$exe" ] || exe="$bin/v6port.exe"
"$exe" --version
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "v6port=$exe" >>"$GITHUB_OUTPUT"
fi
