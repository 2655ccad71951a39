#!/usr/bin/env bash
# Before/after of the validation cache (issue 13 item 1), whole process, interleaved in one go.
#
# For each size, one generated corpus is deployed once (outside the clock) to a database that then has nothing
# pending; each round then runs, in an order that rotates from round to round:
#   before-noop       `dotnet msbuild -t:DeployMigration` with nothing pending, through the OTHER build's SDK and task
#                     assembly (BEFORE_REPO: a checkout of the commit to compare with, its tasks built in Release)
#   after-noop        the same through this checkout's SDK, its validation cache warm (written by the round before)
#   after-cold-noop   the same with the cache deleted first: every file lexed and analysed, and the cache written
#   msbuild-bare      the project running an empty target and none of ours: the floor of a no-op deploy
#   before-validate1  `-t:ValidateMigrations -clp:PerformanceSummary` after one forward file changed (a comment
#                     appended): the ValidateMigrations TASK time, as MSBuild's performance summary reports it; on a
#                     copy of the corpus (its own pair of projects), so the deployed files never change
#   after-validate1   the same through this checkout (the other files' validation reused from the cache)
# then prints every run, the medians and the per-round ratios. Nothing here asserts a time; bench/README.md has results.
#
#   git -C . worktree add /tmp/before main && dotnet build /tmp/before/src/Migrations.Build.Tasks -c Release
#   BEFORE_REPO=/tmp/before bash bench/peers/reuse.sh --rounds 3 --sizes 500,10000 --port 55491
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=bench/peers/lib.sh
source "$repo/bench/peers/lib.sh"
rounds=3
sizes="500,10000"
port=55499
parse_options reuse.sh "$@"
resolve_before_build
make_work_dir reuse
start_server

# Both sides as IL builds, so the comparison is of the code, not of precompiled against JIT-compiled (BENCH_TASKS).
BENCH_TASKS="${BENCH_TASKS:-il}" build_tools Migrations.Build.DeployBench
after_dll="$tasks_dll"

deploy() { # which n log
  BENCH_DEPLOY_URL="$server/bench_$2" dotnet msbuild "$work/n$2/$1/Bench.Database.csproj" \
    -t:DeployMigration -p:MigrationsEnvironment=Bench -nodeReuse:false -tl:off -nologo -v:m >"$3" 2>&1 || fail "DeployMigration ($1) failed" "$3"
}
timed_deploy() { # which n log
  local start end
  start=$(now_ms); deploy "$@"; end=$(now_ms)
  echo $((end - start))
}
timed_bare() { # n log
  local start end
  start=$(now_ms)
  dotnet msbuild "$work/n$1/after/Bench.Database.csproj" -t:BenchNoop -nodeReuse:false -tl:off -nologo -v:m >"$2" 2>&1 || fail "bare msbuild failed" "$2"
  end=$(now_ms)
  echo $((end - start))
}
# The ValidateMigrations task's own time from MSBuild's task performance summary, after one file changed.
validate_task_ms() { # which n round log
  local all=("$work/n$2/vmigrations"/*.sql) # a glob, not ls: 20,000 names exceed the argument list
  echo "-- changed in round $3 before $1" >>"${all[0]}"
  dotnet msbuild "$work/n$2/v$1/Bench.Database.csproj" -t:ValidateMigrations -clp:PerformanceSummary -nodeReuse:false -tl:off -nologo -v:m >"$4" 2>&1 || fail "ValidateMigrations ($1) failed" "$4"
  awk '/Task Performance Summary/ { on = 1 } on && / ValidateMigrations / { print $1; exit }' "$4"
}

results="$work/results.tsv"
: >"$results"
run_case() { # case n round
  local log="$work/n$2/r$3-$1.log" ms
  case "$1" in
    before-noop) ms=$(timed_deploy before "$2" "$log") ;;
    after-noop) ms=$(timed_deploy after "$2" "$log") ;;
    after-cold-noop) find "$work/n$2/after" -name validation.cache -delete; ms=$(timed_deploy after "$2" "$log") ;;
    msbuild-bare) ms=$(timed_bare "$2" "$log") ;;
    before-validate1) ms=$(validate_task_ms before "$2" "$3" "$log") ;;
    after-validate1) ms=$(validate_task_ms after "$2" "$3" "$log") ;;
  esac
  record "$2" "$3" "$1" "$ms"
}

echo "== machine: $(nproc) cores; $(load_now)"
cases=(before-noop after-noop msbuild-bare after-cold-noop before-validate1 after-validate1)
for n in "${size_list[@]}"; do
  echo "== $n migrations: writing the corpus and deploying it once"
  dotnet run -c Release --no-build --project "$repo/bench/Migrations.Build.DeployBench" -- corpus "$work/n$n/migrations" "$n" | sed 's/^/   /'
  write_ab_project "$work/n$n/before" "$before_dll" "$before_repo" "$work/n$n/migrations"
  write_ab_project "$work/n$n/after" "$after_dll" "$repo" "$work/n$n/migrations"
  cp -r "$work/n$n/migrations" "$work/n$n/vmigrations"
  write_ab_project "$work/n$n/vbefore" "$before_dll" "$before_repo" "$work/n$n/vmigrations"
  write_ab_project "$work/n$n/vafter" "$after_dll" "$repo" "$work/n$n/vmigrations"
  dotnet msbuild "$work/n$n/vbefore/Bench.Database.csproj" -t:ValidateMigrations -nodeReuse:false -tl:off -nologo -v:m >"$work/n$n/vbefore.log" 2>&1
  dotnet msbuild "$work/n$n/vafter/Bench.Database.csproj" -t:ValidateMigrations -nodeReuse:false -tl:off -nologo -v:m >"$work/n$n/vafter.log" 2>&1
  admin_psql -c "create database bench_$n template template0" >/dev/null
  deploy after "$n" "$work/n$n/fill.log"
  deploy before "$n" "$work/n$n/warm-before.log"
  run_rounds "$n"
done

echo
echo "load at the end: $(load_now)"
for n in "${size_list[@]}"; do
  echo
  echo "### $n migrations, $rounds round(s), whole-process wall time (validate1: task time)"
  summary "$n" "$rounds" \
    "before-noop after-noop after-cold-noop msbuild-bare before-validate1 after-validate1" \
    "before-noop/msbuild-bare after-noop/msbuild-bare after-cold-noop/msbuild-bare after-noop/before-noop after-validate1/before-validate1"
done
