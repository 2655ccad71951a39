#!/usr/bin/env bash
# A deploy with nothing pending, before/after, as CPU time of the whole process (user + sys, /usr/bin/time), which a
# loaded machine inflates far less than wall time. Issue 13's no-op target (within 1.3x of a bare `dotnet msbuild`).
#
# For each size, one generated corpus is deployed once (outside the clock) to a database that then has nothing
# pending, and each build runs one untimed no-op deploy (its validation cache warm, its file stamps recorded); each
# round then runs, in an order that rotates from round to round:
#   before-noop    `dotnet msbuild -t:DeployMigration` through the OTHER build's SDK and task assembly (BEFORE_REPO)
#   after-noop     the same through this checkout's SDK and task assembly
#   msbuild-bare   the project running an empty target and none of ours: the floor of a no-op deploy
# then prints every run, the medians and the per-round ratios, for CPU time and for wall time. Nothing asserts a time.
#
#   git -C . worktree add /tmp/before main && dotnet build /tmp/before/src/Migrations.Build.Tasks -c Release
#   BEFORE_REPO=/tmp/before bash bench/peers/noop-cpu.sh --rounds 5 --sizes 500,10000 --port 55606
#   BEFORE_DLL=… AFTER_DLL=… (with BEFORE_REPO=.): compare two task assemblies under one SDK, e.g. a package's
#                  tasks/net8.0 and tasks/net10.0-linux-x64 folders
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=bench/peers/lib.sh
source "$repo/bench/peers/lib.sh"
rounds=5
sizes="500,10000"
port=55499
parse_options noop-cpu.sh "$@"
resolve_before_build
make_work_dir noopcpu
start_server

# Both sides as IL builds, so the comparison is of the code, not of precompiled against JIT-compiled (BENCH_TASKS).
BENCH_TASKS="${BENCH_TASKS:-il}" build_tools Migrations.Build.DeployBench
after_dll="${AFTER_DLL:-$tasks_dll}"

# timed N LOG TARGET PROJECT: runs one dotnet msbuild under /usr/bin/time; prints "cpu_ms wall_ms".
timed() {
  BENCH_DEPLOY_URL="$server/bench_$1" /usr/bin/time -o "$2.time" -f "%e %U %S" \
    dotnet msbuild "$4" "-t:$3" -p:MigrationsEnvironment=Bench -nodeReuse:false -tl:off -nologo -v:m >"$2" 2>&1 || fail "$3 failed" "$2"
  awk '{ printf "%.0f %.0f\n", ($2 + $3) * 1000, $1 * 1000 }' "$2.time"
}

results="$work/results.tsv"
walls="$work/walls.tsv"
: >"$results"
: >"$walls"
run_case() { # case n round
  local log="$work/n$2/r$3-$1.log" cpu wall
  case "$1" in
    before-noop) read -r cpu wall < <(timed "$2" "$log" DeployMigration "$work/n$2/before/Bench.Database.csproj") ;;
    after-noop) read -r cpu wall < <(timed "$2" "$log" DeployMigration "$work/n$2/after/Bench.Database.csproj") ;;
    msbuild-bare) read -r cpu wall < <(timed "$2" "$log" BenchNoop "$work/n$2/after/Bench.Database.csproj") ;;
  esac
  grep -q "up to date" "$log" || [[ "$1" == msbuild-bare ]] || fail "$1 was not a no-op" "$log"
  printf '%s\t%s\t%s\t%s\n' "$2" "$3" "$1" "$wall" >>"$walls"
  record "$2" "$3" "$1" "$cpu"
}

echo "== machine: $(nproc) cores; $(load_now)"
cases=(before-noop after-noop msbuild-bare)
for n in "${size_list[@]}"; do
  echo "== $n migrations: writing the corpus and deploying it once"
  dotnet run -c Release --no-build --project "$repo/bench/Migrations.Build.DeployBench" -- corpus "$work/n$n/migrations" "$n" | sed 's/^/   /'
  write_ab_project "$work/n$n/before" "$before_dll" "$before_repo" "$work/n$n/migrations"
  write_ab_project "$work/n$n/after" "$after_dll" "$repo" "$work/n$n/migrations"
  admin_psql -c "create database bench_$n template template0" >/dev/null
  timed "$n" "$work/n$n/fill.log" DeployMigration "$work/n$n/after/Bench.Database.csproj" >/dev/null
  sleep 4 # past the stamp settle margin (3 s), so the warm-up runs record every stamp
  timed "$n" "$work/n$n/warm-before.log" DeployMigration "$work/n$n/before/Bench.Database.csproj" >/dev/null
  timed "$n" "$work/n$n/warm-after.log" DeployMigration "$work/n$n/after/Bench.Database.csproj" >/dev/null
  run_rounds "$n"
done

echo
echo "load at the end: $(load_now)"
for n in "${size_list[@]}"; do
  echo
  echo "### $n migrations, $rounds round(s), CPU time (user + sys) of the whole process"
  summary "$n" "$rounds" "before-noop after-noop msbuild-bare" "before-noop/msbuild-bare after-noop/msbuild-bare after-noop/before-noop"
  echo
  echo "### $n migrations, wall time of the same runs"
  results="$walls" summary "$n" "$rounds" "before-noop after-noop msbuild-bare" "before-noop/msbuild-bare after-noop/msbuild-bare after-noop/before-noop"
done
