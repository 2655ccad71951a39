#!/usr/bin/env bash
# A deploy of N generated migrations to an empty database, before/after, as CPU time of the whole process (user + sys,
# /usr/bin/time), which a loaded machine inflates far less than wall time; psql applying the same files (deploy.sh's
# driver: one connection, per file `begin; \i file; insert history; commit;`) for reference. Issue 13's per-migration
# target (a deploy of 500 within 1.5x of psql).
#
# Each round runs, in an order that rotates from round to round, each on a fresh database of the same server:
#   before-empty   `dotnet msbuild -t:DeployMigration` through the OTHER build's SDK and task assembly (BEFORE_REPO)
#   after-empty    the same through this checkout's SDK and task assembly
#   psql-empty     `psql -X -q -f driver.sql`
# then prints every run, the medians and the per-round ratios, for CPU time and for wall time. Nothing asserts a time.
# COUNTS=1 then also runs each deploy once under `strace -f -c` on an empty database and once more on the same
# database (nothing pending) and prints, per migration (empty − nothing pending, / N), the round trips (sendto) and the
# thread hand-offs (futex, epoll_wait, sched_yield) of each side.
#
#   mkdir /tmp/before && git archive main | tar -x -C /tmp/before
#   dotnet publish /tmp/before/src/Migrations.Build.Tasks -c Release -f net10.0 -r linux-x64 --self-contained false \
#     -p:PublishReadyToRun=true -o /tmp/before/tasks-r2r          # as the package carries it for .NET 10 on linux-x64
#   BEFORE_REPO=/tmp/before BEFORE_DLL=/tmp/before/tasks-r2r/Migrations.Build.Tasks.dll COUNTS=1 \
#     bash bench/peers/empty-cpu.sh --rounds 3 --sizes 500 --port 55680
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=bench/peers/lib.sh
source "$repo/bench/peers/lib.sh"
rounds=3
sizes="500"
port=55499
parse_options empty-cpu.sh "$@"
resolve_before_build
make_work_dir emptycpu
start_server
build_tools Migrations.Build.DeployBench
after_dll="${AFTER_DLL:-$tasks_dll}"

# timed DB LOG COMMAND…: runs the command under /usr/bin/time; prints "cpu_ms wall_ms".
timed() {
  local db="$1" log="$2"
  shift 2
  BENCH_DEPLOY_URL="$server/$db" /usr/bin/time -o "$log.time" -f "%e %U %S" "$@" >"$log" 2>&1 || fail "$* failed" "$log"
  awk '{ printf "%.0f %.0f\n", ($2 + $3) * 1000, $1 * 1000 }' "$log.time"
}
deploy() { # side n
  echo dotnet msbuild "$work/n$2/$1/Bench.Database.csproj" -t:DeployMigration -p:MigrationsEnvironment=Bench -nodeReuse:false -tl:off -nologo -v:m
}

results="$work/results.tsv"
walls="$work/walls.tsv"
: >"$results"
: >"$walls"
run_case() { # case n round
  local log="$work/n$2/r$3-$1.log" cpu wall db
  db=$(fresh_db)
  case "$1" in
    before-empty) read -r cpu wall < <(timed "$db" "$log" $(deploy before "$2")) ;;
    after-empty) read -r cpu wall < <(timed "$db" "$log" $(deploy after "$2")) ;;
    psql-empty) read -r cpu wall < <(timed "$db" "$log" psql -X -q "$server/$db" -f "$work/n$2/driver.sql") ;;
  esac
  [[ "$(psql -X -q -t -A "$server/$db" -c "select count(*) from pg_tables where schemaname = 'public' and tablename <> 'bench_history'")" == "$2" ]] ||
    fail "$1: expected $2 tables in $db" "$log"
  admin_psql -c "drop database $db" >/dev/null
  printf '%s\t%s\t%s\t%s\n' "$2" "$3" "$1" "$wall" >>"$walls"
  record "$2" "$3" "$1" "$cpu"
}

# counted SIDE N: per migration, the syscalls of a deploy to an empty database less those of one with nothing pending.
counted() {
  local db out="$work/n$2/strace-$1" calls
  db=$(fresh_db)
  BENCH_DEPLOY_URL="$server/$db" strace -f -c -e trace=sendto,futex,epoll_wait,sched_yield -o "$out.empty" $(deploy "$1" "$2") >"$out.empty.log" 2>&1 || fail "$1 under strace failed" "$out.empty.log"
  BENCH_DEPLOY_URL="$server/$db" strace -f -c -e trace=sendto,futex,epoll_wait,sched_yield -o "$out.noop" $(deploy "$1" "$2") >"$out.noop.log" 2>&1 || fail "$1 under strace failed" "$out.noop.log"
  admin_psql -c "drop database $db" >/dev/null
  for calls in sendto futex epoll_wait sched_yield; do
    awk -v call="$calls" -v n="$2" -v side="$1" '
      FILENAME ~ /empty$/ && $NF == call { empty = $4 }
      FILENAME ~ /noop$/ && $NF == call { noop = $4 }
      END { printf "   %-7s %-12s %8.1f per migration\n", side, call, (empty - noop) / n }' "$out.empty" "$out.noop"
  done
}

echo "== machine: $(nproc) cores; $(load_now)"
cases=(before-empty after-empty psql-empty)
for n in "${size_list[@]}"; do
  echo "== $n migrations: writing the corpus"
  dotnet run -c Release --no-build --project "$repo/bench/Migrations.Build.DeployBench" -- corpus "$work/n$n/migrations" "$n" | sed 's/^/   /'
  write_ab_project "$work/n$n/before" "$before_dll" "$before_repo" "$work/n$n/migrations"
  write_ab_project "$work/n$n/after" "$after_dll" "$repo" "$work/n$n/migrations"
  {
    echo '\set ON_ERROR_STOP 1'
    echo 'create table bench_history (version text primary key, applied_at timestamptz not null default now());'
    for forward in "$work/n$n/migrations"/*.sql; do
      [[ "$forward" == *_rollback.sql ]] && continue
      version="$(basename "$forward" .sql)"
      printf "begin;\n\\\\i '%s'\ninsert into bench_history (version) values ('%s');\ncommit;\n" "$forward" "${version%%_*}"
    done
  } >"$work/n$n/driver.sql"
  run_rounds "$n"
done

echo
echo "load at the end: $(load_now)"
for n in "${size_list[@]}"; do
  echo
  echo "### $n migrations, $rounds round(s), CPU time (user + sys) of the whole process"
  summary "$n" "$rounds" "before-empty after-empty psql-empty" "before-empty/psql-empty after-empty/psql-empty after-empty/before-empty"
  echo
  echo "### $n migrations, wall time of the same runs"
  results="$walls" summary "$n" "$rounds" "before-empty after-empty psql-empty" "before-empty/psql-empty after-empty/psql-empty after-empty/before-empty"
  if [[ -n "${COUNTS:-}" ]]; then
    echo
    echo "### $n migrations, system calls per migration (one deploy to empty less one with nothing pending; load: $(load_now))"
    counted before "$n"
    counted after "$n"
  fi
done
