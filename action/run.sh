#!/usr/bin/env bash
# Run `v6port lint` or `v6port check` with the action's inputs.
#
# Inputs come as environment variables (action.yml passes them explicitly;
# composite actions get no INPUT_* variables of their own):
#   INPUT_COMMAND      lint (default) or check
#   INPUT_PATHS        lint: Dockerfiles or folders (default: .)
#   INPUT_IMAGES       check: image references (required)
#   INPUT_FORMAT       the report printed to the log (default: github)
#   INPUT_FAIL_ON      error | warning | info | never (default: v6port's own)
#   INPUT_SARIF_FILE   also write SARIF here (default v6port.sarif when uploading)
#   INPUT_UPLOAD_SARIF true | false: a SARIF file is needed for the upload step
#   INPUT_ARGS         more arguments for v6port, e.g. --config ci.toml
# Lists are one item per line, or separated by blanks when on one line.
#   V6PORT             the v6port executable (default: v6port on PATH)
# Outputs (to $GITHUB_OUTPUT): exit-code, and sarif-file when one was written.
# The exit code is v6port's: 0 clean, 1 findings at or above fail-on, 2 errors.
set -uo pipefail
set -f # no globbing of the inputs

fail() {
  echo "::error title=v6port action::$1"
  echo "exit-code=2" >>"${GITHUB_OUTPUT:-/dev/null}"
  exit 2
}

# split VAR: one item per line, or blank-separated on a single line.
split() {
  local text="$1" line
  items=()
  case "$text" in
  *$'\n'*)
    while IFS= read -r line; do
      line="${line#"${line%%[![:space:]]*}"}"
      line="${line%"${line##*[![:space:]]}"}"
      [ -n "$line" ] && items+=("$line")
    done <<<"$text"
    ;;
  *)
    read -r -a items <<<"$text" || true
    ;;
  esac
}

command="${INPUT_COMMAND:-lint}"
format="${INPUT_FORMAT:-github}"
fail_on="${INPUT_FAIL_ON:-}"
sarif_file="${INPUT_SARIF_FILE:-}"
upload="${INPUT_UPLOAD_SARIF:-false}"
v6port="${V6PORT:-v6port}"

case "$upload" in
true | false) ;;
*) fail "upload-sarif must be true or false, not '$upload'" ;;
esac
case "$format" in
text | json | sarif | github | gitlab | junit) ;;
*) fail "format must be text, json, sarif, github, gitlab or junit, not '$format'" ;;
esac
case "$fail_on" in
"" | error | warning | info | never) ;;
*) fail "fail-on must be error, warning, info or never, not '$fail_on'" ;;
esac
if [ "$upload" = true ] && [ -z "$sarif_file" ]; then
  sarif_file=v6port.sarif
fi

args=("$command")
case "$command" in
lint)
  split "${INPUT_PATHS:-.}"
  [ "${#items[@]}" -gt 0 ] || items=(.)
  ;;
check)
  split "${INPUT_IMAGES:-}"
  [ "${#items[@]}" -gt 0 ] || fail "command 'check' needs images"
  ;;
*) fail "command must be lint or check, not '$command'" ;;
esac
args+=("${items[@]}")
if [ -n "$fail_on" ]; then
  args+=(--fail-on "$fail_on")
fi
# The n-th --output takes the n-th --format: SARIF to its file, the other to the log.
if [ -n "$sarif_file" ]; then
  mkdir -p -- "$(dirname -- "$sarif_file")" || fail "cannot create the folder of $sarif_file"
  args+=(--format sarif --output "$sarif_file")
  [ "$format" = sarif ] || args+=(--format "$format")
else
  args+=(--format "$format")
fi
split "${INPUT_ARGS:-}"
args+=(${items[@]+"${items[@]}"})

echo "v6port ${args[*]}" >&2
"$v6port" "${args[@]}"
code=$?

{
  echo "exit-code=$code"
  if [ -n "$sarif_file" ] && [ -f "$sarif_file" ]; then
    echo "sarif-file=$sarif_file"
  fi
} >>"${GITHUB_OUTPUT:-/dev/null}"
exit "$code"
