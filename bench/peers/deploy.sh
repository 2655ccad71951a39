#!/usr/bin/env bash
# Side by side, whole process: deploying N generated migrations with Migrations.Build, psql and dbmate.
#
# For each size, each round runs every case once, in an order that rotates from round to round, each on a fresh
# database of the same PostgreSQL server:
#   ours-empty      `dotnet msbuild Bench.Database.csproj -t:DeployMigration` on an empty database (the whole process:
#                   MSBuild start, evaluation, validation, connection, N transactions with their history rows)
#   psql-empty      one `psql -X -q -f driver.sql`: one connection, per file `begin; \i file; insert history; commit;`
#   dbmate-empty    `dbmate migrate` on an empty database (one transaction per file plus its schema_migrations row)
#   ours-noop       DeployMigration again on the database ours-empty just filled: nothing pending
#   dbmate-noop     `dbmate migrate` again on the database dbmate-empty just filled: nothing pending
#   msbuild-bare    `dotnet msbuild Bench.Database.csproj -t:BenchNoop`: the same project (SDK imported) running an
#                   empty target and none of ours — the floor a no-op deploy is compared with
# then prints every run, the medians and the per-round ratios. Nothing here asserts a time; bench/README.md has results.
#
#   bash bench/peers/deploy.sh                            # sizes 500 and 10000, 3 rounds
#   bash bench/peers/deploy.sh --rounds 2 --sizes 500     # the quick run: a few minutes
#   BENCH_SERVER_URL=postgres://postgres@127.0.0.1:5432 bash bench/peers/deploy.sh   # use that server (needs
#                   CREATEDB; no password in the URL — use ~/.pgpass or PGPASSWORD), instead of starting a cluster
#   --port P        port of the throwaway cluster (default 55499); KEEP=1 keeps the temp folder
#   CASES="ours bare" bash bench/peers/deploy.sh --sizes 10000 --rounds 2   # only those cases (of: ours psql dbmate
#                   bare): the no-op deploy at 10,000 against its floor without two 10,000-migration peer deploys a round
#   COUNTS=1        after the rounds, also counts what one deploy to an empty database costs per migration, ours and
#                   psql's: round trips, thread wake-ups, WAL, client CPU (see "Per-migration counts" at the end);
#                   COUNTS=only skips the timed rounds. Needs strace.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=bench/peers/lib.sh
source "$repo/bench/peers/lib.sh"
rounds=3
sizes="500,10000"
port=55499

parse_options deploy.sh "$@"
make_work_dir deploy

# ---------------------------------------------------------------------------------------------------------------
# The server: the one given, or a throwaway PostgreSQL cluster.
start_server

# ---------------------------------------------------------------------------------------------------------------
# The tools, built or installed once, outside the clock.
build_tools Migrations.Build.DeployBench

echo "== installing dbmate (npm install dbmate) into $work/npm"
mkdir -p "$work/npm"
(cd "$work/npm" && npm install dbmate --no-audit --no-fund --silent >/dev/null)
dbmate="$work/npm/node_modules/.bin/dbmate"
test -x "$dbmate"

dotnet_version="$(dotnet --version)"
msbuild_version="$(dotnet msbuild -version -nologo | tail -n 1)"
psql_version="$(psql --version)"
dbmate_version="$("$dbmate" --version)"

# ---------------------------------------------------------------------------------------------------------------
# One corpus per size, in three layouts of the same bytes.
write_corpus() {
  local n="$1" dir="$work/n$1"
  mkdir -p "$dir/project" "$dir/dbmate"
  dotnet run -c Release --no-build --project "$repo/bench/Migrations.Build.DeployBench" -- corpus "$dir/project/migrations" "$n" | sed 's/^/   /'

  # Ours: a migrations-only project importing the SDK by path (as samples/ do), pointing at the task assembly built
  # above (as a consumer of the packed SDK has it), deploying to an environment of its own so no gate of Production
  # applies. BenchNoop is the empty target of msbuild-bare.
  cat >"$dir/project/Bench.Database.csproj" <<EOF
<Project>
  <PropertyGroup>
    <_MigrationsTasksAssembly>$tasks_dll</_MigrationsTasksAssembly>
    <!-- As from the package: validation and the database tasks in the build's own process (the DLL is built once,
         before the clock). -->
    <_MigrationsValidateInBuildProcess>true</_MigrationsValidateInBuildProcess>
    <_MigrationsDatabaseTasksInBuildProcess>true</_MigrationsDatabaseTasksInBuildProcess>
  </PropertyGroup>
  <Import Project="$repo/sdk/Migrations.Build.Sdk/Sdk/Sdk.props" />
  <ItemGroup>
    <MigrationEnvironment Include="Bench" UrlVariable="BENCH_DEPLOY_URL" />
  </ItemGroup>
  <Import Project="$repo/sdk/Migrations.Build.Sdk/Sdk/Sdk.targets" />
  <Target Name="BenchNoop" />
</Project>
EOF

  # psql: one driver script, one transaction per file with a history row, as a hand-rolled deploy script would.
  {
    echo '\set ON_ERROR_STOP 1'
    echo 'create table bench_history (version text primary key, applied_at timestamptz not null default now());'
    local forward version
    for forward in "$dir/project/migrations"/*.sql; do # a glob expands sorted: version order
      [[ "$forward" == *_rollback.sql ]] && continue
      version="$(basename "$forward" .sql)"
      version="${version%%_*}"
      echo 'begin;'
      echo "\\i '$forward'"
      echo "insert into bench_history (version) values ('$version');"
      echo 'commit;'
    done
  } >"$dir/driver.sql"

  # dbmate: one file per migration, the forward under `-- migrate:up`, the rollback under `-- migrate:down`.
  local name
  for forward in "$dir/project/migrations"/*.sql; do
    name="$(basename "$forward" .sql)"
    [[ "$name" == *_rollback ]] && continue
    {
      echo '-- migrate:up'
      cat "$forward"
      echo
      echo '-- migrate:down'
      cat "$dir/project/migrations/${name}_rollback.sql"
    } >"$dir/dbmate/$name.sql"
  done
}

# ---------------------------------------------------------------------------------------------------------------
# Runs: each on its own database, wall time of the whole process in milliseconds.
tables_in() {
  psql -X -q -t -A "$server/$1" -c "select count(*) from pg_tables where schemaname = 'public' and tablename not in ('bench_history', 'schema_migrations')"
}

# Each runner prints the elapsed milliseconds; its output goes to a log beside the corpus.
run_ours() { # db n log
  local start end
  start=$(now_ms)
  BENCH_DEPLOY_URL="$server/$1" dotnet msbuild "$work/n$2/project/Bench.Database.csproj" \
    -t:DeployMigration -p:MigrationsEnvironment=Bench -nodeReuse:false -tl:off -nologo -v:m >"$3" 2>&1 || fail "DeployMigration failed" "$3"
  end=$(now_ms)
  echo $((end - start))
}
run_bare() { # n log
  local start end
  start=$(now_ms)
  dotnet msbuild "$work/n$1/project/Bench.Database.csproj" -t:BenchNoop -nodeReuse:false -tl:off -nologo -v:m >"$2" 2>&1 || fail "bare msbuild failed" "$2"
  end=$(now_ms)
  echo $((end - start))
}
run_psql() { # db n log
  local start end
  start=$(now_ms)
  psql -X -q "$server/$1" -f "$work/n$2/driver.sql" >"$3" 2>&1 || fail "psql failed" "$3"
  end=$(now_ms)
  echo $((end - start))
}
run_dbmate() { # db n log
  local start end
  start=$(now_ms)
  "$dbmate" --url "$server/$1?sslmode=disable" --migrations-dir "$work/n$2/dbmate" --no-dump-schema migrate >"$3" 2>&1 || fail "dbmate failed" "$3"
  end=$(now_ms)
  echo $((end - start))
}

results="$work/results.tsv"
: >"$results"

# One case of one round; the no-op cases reuse the database their tool just filled in the same round.
ours_db=""
dbmate_db=""
run_case() { # case n round
  local c="$1" n="$2" r="$3" db ms log="$work/n$2/r$3-$1.log"
  case "$c" in
    ours)
      db=$(fresh_db); ms=$(run_ours "$db" "$n" "$log")
      [[ "$(tables_in "$db")" == "$n" ]] || fail "ours: expected $n tables in $db" "$log"
      record "$n" "$r" ours-empty "$ms"
      ms=$(run_ours "$db" "$n" "$log.noop")
      record "$n" "$r" ours-noop "$ms" ;;
    psql)
      db=$(fresh_db); ms=$(run_psql "$db" "$n" "$log")
      [[ "$(tables_in "$db")" == "$n" ]] || fail "psql: expected $n tables in $db" "$log"
      record "$n" "$r" psql-empty "$ms" ;;
    dbmate)
      db=$(fresh_db); ms=$(run_dbmate "$db" "$n" "$log")
      [[ "$(tables_in "$db")" == "$n" ]] || fail "dbmate: expected $n tables in $db" "$log"
      record "$n" "$r" dbmate-empty "$ms"
      ms=$(run_dbmate "$db" "$n" "$log.noop")
      record "$n" "$r" dbmate-noop "$ms" ;;
    bare)
      ms=$(run_bare "$n" "$log")
      record "$n" "$r" msbuild-bare "$ms" ;;
  esac
  if [[ -n "${db:-}" ]]; then
    admin_psql -c "drop database $db" >/dev/null
  fi
}

echo "== machine: $(nproc) cores; $(load_now)"
echo "== tools: .NET SDK $dotnet_version, MSBuild $msbuild_version; $psql_version; $dbmate_version; server PostgreSQL $server_version"
read -r -a cases <<<"${CASES:-ours psql dbmate bare}"
for n in "${size_list[@]}"; do
  echo "== $n migrations: writing the corpus"
  write_corpus "$n"
  # A throwaway deploy first, so no case pays for the first start of MSBuild or the first read of the files.
  warm_db=$(fresh_db)
  run_ours "$warm_db" "$n" "$work/n$n/warmup.log" >/dev/null
  admin_psql -c "drop database $warm_db" >/dev/null
  [[ "${COUNTS:-}" == "only" ]] || run_rounds "$n"
done

echo
echo "load at the end: $(load_now)"
for n in "${size_list[@]}"; do
  [[ "${COUNTS:-}" == "only" ]] && break
  echo
  echo "### $n migrations, $rounds round(s), whole-process wall time"
  summary "$n" "$rounds" \
    "ours-empty psql-empty dbmate-empty ours-noop dbmate-noop msbuild-bare" \
    "ours-empty/psql-empty ours-empty/dbmate-empty dbmate-empty/psql-empty ours-noop/dbmate-noop ours-noop/msbuild-bare"
done

# ---------------------------------------------------------------------------------------------------------------
# Per-migration counts (COUNTS=1 or COUNTS=only): what the wall times above cannot show on a loaded machine. One deploy
# of each kind runs under `strace -f -c` (system calls of every thread: each round trip is one sendto; futex and
# epoll_wait are thread wake-ups, sched_yield the thread pool's spinning while it waits), another without it under
# /usr/bin/time (client CPU of the whole process tree); WAL is pg_current_wal_lsn() before and after. Ours is counted
# twice more on the database it just filled (nothing pending), so its per-migration figures leave the fixed cost out.
count_run() { # label db n log command...: prints "label sendto futex epoll_wait sched_yield write"
  local label="$1" db="$2" n="$3" log="$4"
  shift 4
  BENCH_DEPLOY_URL="$server/$db" strace -f -qq -c -o "$log.strace" -e trace=sendto,futex,epoll_wait,sched_yield,write "$@" >"$log" 2>&1 || fail "$label failed under strace" "$log"
  # strace -c columns: % time, seconds, usecs/call, calls, [errors,] syscall.
  awk -v l="$label" '$NF ~ /^(sendto|futex|epoll_wait|sched_yield|write)$/ { c[$NF] = $4 }
    END { print l, c["sendto"] + 0, c["futex"] + 0, c["epoll_wait"] + 0, c["sched_yield"] + 0, c["write"] + 0 }' "$log.strace"
}
cpu_run() { # db log command...: prints user+sys seconds of the whole process tree
  local db="$1" log="$2"
  shift 2
  BENCH_DEPLOY_URL="$server/$db" /usr/bin/time -f '%U %S' -o "$log.time" "$@" >"$log" 2>&1 || fail "run under time failed" "$log"
  awk '{ printf "%.2f\n", $1 + $2 }' "$log.time"
}
wal_lsn() { admin_psql -c 'select pg_current_wal_lsn()'; }
wal_bytes() { admin_psql -c "select pg_wal_lsn_diff('$2', '$1')"; }

if [[ -n "${COUNTS:-}" ]]; then
  command -v strace >/dev/null || { echo "COUNTS needs strace (apt-get install strace)" >&2; exit 2; }
  for n in "${size_list[@]}"; do
    dir="$work/n$n"
    ours=(dotnet msbuild "$dir/project/Bench.Database.csproj" -t:DeployMigration -p:MigrationsEnvironment=Bench -nodeReuse:false -tl:off -nologo -v:m)
    echo
    echo "### $n migrations: per-migration counts (load at the start: $(load_now))"
    db=$(fresh_db); w0=$(wal_lsn)
    ours_empty=$(count_run ours-empty "$db" "$n" "$dir/counts-ours-empty.log" "${ours[@]}")
    ours_wal=$(wal_bytes "$w0" "$(wal_lsn)")
    [[ "$(tables_in "$db")" == "$n" ]] || fail "ours: expected $n tables in $db" "$dir/counts-ours-empty.log"
    ours_noop=$(count_run ours-noop "$db" "$n" "$dir/counts-ours-noop.log" "${ours[@]}")
    noop_cpu=$(cpu_run "$db" "$dir/counts-ours-noop-cpu.log" "${ours[@]}")
    admin_psql -c "drop database $db" >/dev/null
    db=$(fresh_db)
    empty_cpu=$(cpu_run "$db" "$dir/counts-ours-empty-cpu.log" "${ours[@]}")
    admin_psql -c "drop database $db" >/dev/null
    db=$(fresh_db); w0=$(wal_lsn)
    psql_empty=$(count_run psql-empty "$db" "$n" "$dir/counts-psql.log" psql -X -q "$server/$db" -f "$dir/driver.sql")
    psql_wal=$(wal_bytes "$w0" "$(wal_lsn)")
    admin_psql -c "drop database $db" >/dev/null
    db=$(fresh_db)
    psql_cpu=$(cpu_run "$db" "$dir/counts-psql-cpu.log" psql -X -q "$server/$db" -f "$dir/driver.sql")
    admin_psql -c "drop database $db" >/dev/null
    echo
    echo "| per migration | ours (empty − nothing pending) | psql |"
    echo "|---|---:|---:|"
    read -r _ os of oe oy ow <<<"$ours_empty"
    read -r _ ns nf ne ny nw <<<"$ours_noop"
    read -r _ ps pf pe py pw <<<"$psql_empty"
    per() { awk -v a="$1" -v b="$2" -v n="$n" 'BEGIN { printf "%.1f", (a - b) / n }'; }
    echo "| round trips (sendto) | $(per "$os" "$ns") | $(per "$ps" 0) |"
    echo "| futex calls (thread waits and wake-ups) | $(per "$of" "$nf") | $(per "$pf" 0) |"
    echo "| epoll_wait calls | $(per "$oe" "$ne") | $(per "$pe" 0) |"
    echo "| sched_yield calls (spinning while waiting) | $(per "$oy" "$ny") | $(per "$py" 0) |"
    echo "| write calls (console lines, logs) | $(per "$ow" "$nw") | $(per "$pw" 0) |"
    echo "| WAL bytes | $(per "$ours_wal" 0) | $(per "$psql_wal" 0) |"
    echo "| client CPU, ms (user + sys, whole tree) | $(per "$(awk -v s="$empty_cpu" 'BEGIN { print s * 1000 }')" "$(awk -v s="$noop_cpu" 'BEGIN { print s * 1000 }')") | $(per "$(awk -v s="$psql_cpu" 'BEGIN { print s * 1000 }')" 0) |"
    echo
    echo "(whole runs: ours-empty CPU ${empty_cpu} s, ours-noop CPU ${noop_cpu} s, psql CPU ${psql_cpu} s; load at the end: $(load_now))"
  done
fi
