#!/usr/bin/env bash
# Runs every test method of every test project on its own, in a fresh process, two at a time, and fails when any of
# them fails alone. xunit orders tests by a hash of the clone path, so a test that only passes after another one set
# something up goes unnoticed until someone clones into a different folder; this proves order-independence instead.
#
# Usage: scripts/run-tests-alone.sh [--no-build] [--jobs N] [PROJECT_NAME ...]
#   PROJECT_NAME  a folder under tests/ (default: every xunit project there)
#   --no-build    use the binaries already in tests/<project>/bin/Debug/net10.0
#   --jobs N      how many test processes at once (default 2)
# One run per test method (a theory runs all its rows in that run). Environment such as REDIS_URL is passed through.
# Exit 0 when every method passed alone, 1 otherwise (the failing methods are listed with the end of their output).
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
jobs=2
projects=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --jobs) jobs="$2"; shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) projects+=("$1") ;;
  esac
  shift
done

if [ "${#projects[@]}" -eq 0 ]; then
  for csproj in tests/*/*.csproj; do
    grep -q 'Include="xunit.v3"' "$csproj" && projects+=("$(basename "$(dirname "$csproj")")")
  done
fi

if [ "$build" -eq 1 ]; then
  for project in "${projects[@]}"; do
    dotnet build "tests/$project" -c Debug --nologo -v quiet
  done
fi

logs=$(mktemp -d "${TMPDIR:-/tmp}/newswatcher-alone.XXXXXX")
trap 'rm -rf "$logs"' EXIT
start=$SECONDS
status=0
for project in "${projects[@]}"; do
  bin="tests/$project/bin/Debug/net10.0"
  exe="$PWD/$bin/$project"
  if [ ! -x "$exe" ]; then
    echo "run-tests-alone: $exe is missing; build first (or drop --no-build)" >&2
    exit 1
  fi

  # Fully qualified method names, once per method however many theory rows it has.
  (cd "$bin" && "$exe" --list-tests json) | python3 -c '
import json, sys
text = sys.stdin.read()
tests = json.loads(text[text.index("{"):])["tests"]
names = {t["type"]["namespace"] + "." + t["type"]["typeName"].replace("+", ".") + "." + t["type"]["methodName"] for t in tests}
print("\n".join(sorted(names)))' >"$logs/$project.methods"
  count=$(wc -l <"$logs/$project.methods")
  echo "run-tests-alone: $project: $count test methods, $jobs at a time"
  mkdir -p "$logs/$project"

  # Each method in its own process from the output folder, as dotnet test runs it; at least one test must match the
  # filter, so a renamed or mis-quoted method cannot pass by running nothing.
  export exe bin logs project
  project_start=$SECONDS
  xargs -a "$logs/$project.methods" -d '\n' -P "$jobs" -I '{}' bash -c '
    method="$1"
    log="$logs/$project/$method.log"
    if (cd "$bin" && timeout 900 "$exe" --filter-method "$method" --minimum-expected-tests 1 --progress off) >"$log" 2>&1; then
      rm -f "$log"
    else
      echo "FAILED ALONE: $method"
    fi' _ '{}' || true
  echo "run-tests-alone: $project: done in $((SECONDS - project_start)) s"

  failed=$(find "$logs/$project" -name '*.log' | wc -l)
  if [ "$failed" -gt 0 ]; then
    status=1
    for log in "$logs/$project"/*.log; do
      echo "----- $(basename "$log" .log) (alone) -----"
      tail -n 40 "$log"
    done
  fi
done

if [ "$status" -ne 0 ]; then
  echo "run-tests-alone: some tests fail when run alone (listed above) after $((SECONDS - start)) s" >&2
else
  echo "run-tests-alone: every test method passed alone in $((SECONDS - start)) s"
fi
exit "$status"
