#!/usr/bin/env bash
# Incremental-build check for the ValidateMigrations target.
#
# Generates a migrations-only project with PAIRS (default 1,000) migration pairs in a temp folder, builds it once
# (validation runs), builds it again with nothing changed (the target must be skipped as up to date), then touches
# one migration and builds a third time (the target must run again, so the skip is incrementality, not a target
# that never runs). Prints the three build times and exits non-zero when the target does not behave that way.
#
#   bash bench/incremental.sh            # 1,000 pairs
#   PAIRS=10000 bash bench/incremental.sh
#   KEEP=1 bash bench/incremental.sh     # keep the temp folder and its -v:d build logs
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pairs="${PAIRS:-1000}"
work="$(mktemp -d "${TMPDIR:-/tmp}/migrations-incremental.XXXXXX")"
cleanup() {
  if [[ "${KEEP:-0}" == "1" ]]; then
    echo "kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

project="$work/Bench.Database"
mkdir -p "$project/migrations"

# The task assembly is built up front, once, and the project points at the DLL: that is how a consumer of the
# packaged SDK sees it (a file beside the targets), so the timed builds measure the SDK's targets and not a
# recompile check of the task project, which the samples' from-source wiring would add to every build.
echo "== building the task assembly and the corpus generator"
dotnet build "$repo/src/Migrations.Build.Tasks/Migrations.Build.Tasks.csproj" -c Release -nodeReuse:false -tl:off -v:q -nologo >/dev/null
tasks_dll="$repo/src/Migrations.Build.Tasks/bin/Release/net8.0/Migrations.Build.Tasks.dll"
test -f "$tasks_dll"
dotnet run -c Release --project "$repo/bench/Migrations.Build.Bench" -- corpus "$project/migrations" "$pairs"

# The project imports Sdk.props/Sdk.targets by path, as samples/Billing.Database does; being outside the repository,
# it picks up none of the repository's Directory.Build.* or central package management.
cat >"$project/Bench.Database.csproj" <<EOF
<Project>
  <PropertyGroup>
    <_MigrationsTasksAssembly>$tasks_dll</_MigrationsTasksAssembly>
    <!-- As from the package: validation in the build's own process (the DLL is built once, before the clock). -->
    <_MigrationsValidateInBuildProcess>true</_MigrationsValidateInBuildProcess>
  </PropertyGroup>
  <Import Project="$repo/sdk/Migrations.Build.Sdk/Sdk/Sdk.props" />
  <Import Project="$repo/sdk/Migrations.Build.Sdk/Sdk/Sdk.targets" />
</Project>
EOF

# -nodeReuse:false so every build starts its own MSBuild node, as a CI build does; -tl:off so the log is plain text.
build() {
  local log="$1"
  local start end
  start=$(date +%s%N)
  if ! dotnet build "$project/Bench.Database.csproj" -nodeReuse:false -tl:off -v:d -clp:PerformanceSummary -nologo >"$log" 2>&1; then
    # Runs in a command substitution, so KEEP cannot be set from here: show the end of the log instead.
    echo "build failed; last lines of its log:" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

# The ValidateMigrations line of MSBuild's target performance summary, e.g. "  1234 ms  ValidateMigrations  1 calls".
target_time() {
  grep -E '^\s+[0-9]+ ms\s+ValidateMigrations\s' "$1" | head -n 1 | awk '{print $1 " ms"}'
}

echo "== build 1: first build (restore, validation runs)"
first_ms=$(build "$work/build1.log")
if ! grep -q 'Building target "ValidateMigrations" completely' "$work/build1.log"; then
  echo "FAIL: the first build did not run ValidateMigrations" >&2
  KEEP=1
  exit 1
fi
echo "   ${first_ms} ms wall; ValidateMigrations target: $(target_time "$work/build1.log")"

echo "== build 2: nothing changed"
second_ms=$(build "$work/build2.log")
if ! grep -q 'Skipping target "ValidateMigrations" because all output files are up-to-date' "$work/build2.log"; then
  echo "FAIL: the no-change build did not skip ValidateMigrations" >&2
  grep -n 'ValidateMigrations' "$work/build2.log" | head -n 20 >&2 || true
  KEEP=1
  exit 1
fi
echo "   ${second_ms} ms wall; target skipped: $(grep -o 'Skipping target "ValidateMigrations"[^.]*' "$work/build2.log" | head -n 1)"

echo "== build 3: one migration touched"
touch "$(find "$project/migrations" -name '*.sql' | sort | head -n 1)"
third_ms=$(build "$work/build3.log")
if ! grep -q 'Building target "ValidateMigrations"' "$work/build3.log"; then
  echo "FAIL: touching a migration did not make ValidateMigrations run again" >&2
  KEEP=1
  exit 1
fi
echo "   ${third_ms} ms wall; ValidateMigrations target: $(target_time "$work/build3.log")"

echo
echo "| build ($pairs pairs) | wall time | ValidateMigrations |"
echo "|---|---:|---|"
echo "| 1: first (restore + validate) | ${first_ms} ms | ran, $(target_time "$work/build1.log") |"
echo "| 2: no change | ${second_ms} ms | skipped (up to date) |"
echo "| 3: one file touched | ${third_ms} ms | ran, $(target_time "$work/build3.log") |"
echo "PASS: the no-change build skips ValidateMigrations"
