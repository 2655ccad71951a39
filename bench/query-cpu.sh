#!/bin/bash
# Server backend CPU per execution of one catalog query, as a snapshot runs it: prepared, generic plan, inside a
# repeatable-read transaction with the snapshot reader's settings (and jit off; JIT=on for the server's default), $1 = the reader's excluded-schema
# patterns, $2 (if the query has one) = null. CPU = utime + stime of the backend from /proc/<pid>/stat around N
# executions, so it needs the server on this machine and the right to read its /proc (root or the postgres user).
# The SQL files come from the snapshot bench: SNAPSHOT_BENCH_SQL_DIR=<dir> dotnet run -c Release --project
# bench/Migrations.Build.SnapshotBench -- --tables 4 --runs 1 --server-cpu-executions 1 writes every query it measures.
#
# usage: PORT=55650 [JIT=on] bash bench/query-cpu.sh <database> <executions> <file.sql>...
set -euo pipefail
db=$1; executions=$2; shift 2
port=${PORT:-5432}; host=${HOST:-127.0.0.1}; user=${PGUSER:-postgres}; jit=${JIT:-off}
patterns="array['pg\\_catalog','information\\_schema','pg\\_toast%','pg\\_temp%','migrations']"
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
for file in "$@"; do
  coproc PSQL { psql -X -q -A -t -h "$host" -p "$port" -U "$user" -d "$db" 2>&1; }
  {
    echo "begin isolation level repeatable read;"
    echo "select set_config('search_path', 'pg_catalog', true), set_config('datestyle', 'ISO, YMD', true), set_config('intervalstyle', 'postgres', true), set_config('plan_cache_mode', 'force_generic_plan', true), set_config('jit', '$jit', true) \\g /dev/null"
    # The snapshot's queries read the extension members from settings the reader sets first; the bench writes that
    # statement beside the query files.
    setup="$(dirname "$file")/extension_members.setup.sql"
    [ -f "$setup" ] && echo "$(cat "$setup") \\g /dev/null"
    echo "select pg_backend_pid();"
  } >&"${PSQL[1]}"
  read -r pid <&"${PSQL[0]}"
  echo "prepare q(text[], oid[]) as $(sed 's/\$1/$1::text[]/g' "$file");" >&"${PSQL[1]}"
  echo "execute q($patterns, null) \\g /dev/null" >&"${PSQL[1]}"   # the first execution plans; not counted
  echo "\\echo ready" >&"${PSQL[1]}"
  while read -r line <&"${PSQL[0]}"; do [ "$line" = ready ] && break; echo "$line" >&2; done
  before=$(ticks "$pid")
  for _ in $(seq "$executions"); do echo "execute q($patterns, null) \\g /dev/null" >&"${PSQL[1]}"; done
  echo "\\echo done" >&"${PSQL[1]}"
  while read -r line <&"${PSQL[0]}"; do [ "$line" = done ] && break; echo "$line" >&2; done
  after=$(ticks "$pid")
  echo "rollback;" >&"${PSQL[1]}"; echo "\\q" >&"${PSQL[1]}"; wait "$PSQL_PID" 2>/dev/null || true
  # USER_HZ is 100: one tick is 10 ms.
  echo "$(basename "$file") on $db: $(awk -v t=$((after - before)) -v n="$executions" 'BEGIN { printf "%.2f", t * 10 / n }') ms per execution"
done
