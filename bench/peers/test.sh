#!/usr/bin/env bash
# Side by side, whole process: TestMigration of a chain of N generated migrations against psql applying the same chain.
#
# For each size, each round runs both cases once (the order alternating), on the same PostgreSQL server:
#   ours-test    `MIGRATIONS_LOCAL_URL=<server> dotnet msbuild Bench.Database.csproj -t:TestMigration
#                -p:MigrationsEnvironment=Local`: the whole process — MSBuild, validation, a throwaway database on the
#                server, and for every migration of the chain the proof (apply, roll back, schema restored, re-apply)
#   psql-apply   one `psql -X -q -f driver.sql` on a fresh database: one connection, per file
#                `begin; \i file; insert history; commit;` — only applying the chain, which is what the proofs cost on
#                top of
# then prints every run, the medians and the per-round ratios. Nothing here asserts a time; bench/README.md has results.
#
#   bash bench/peers/test.sh                              # chains of 50 and 300, 3 rounds
#   bash bench/peers/test.sh --rounds 1 --sizes 50        # a quick run
#   BENCH_SERVER_URL=postgres://postgres@127.0.0.1:5432 bash bench/peers/test.sh   # use that server (needs
#                   CREATEDB; no password in the URL — use ~/.pgpass or PGPASSWORD), instead of starting a cluster
#   --port P        port of the throwaway cluster (default 55499); KEEP=1 keeps the temp folder
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=bench/peers/lib.sh
source "$repo/bench/peers/lib.sh"
rounds=3
sizes="50,300"
port=55499

parse_options test.sh "$@"
make_work_dir test

# ---------------------------------------------------------------------------------------------------------------
# The server: the one given, or a throwaway PostgreSQL cluster.
start_server

# ---------------------------------------------------------------------------------------------------------------
# The tools, built or installed once, outside the clock.
build_tools Migrations.Build.DeployBench

dotnet_version="$(dotnet --version)"
msbuild_version="$(dotnet msbuild -version -nologo | tail -n 1)"
psql_version="$(psql --version)"

# ---------------------------------------------------------------------------------------------------------------
# One corpus per size, in three layouts of the same bytes.
write_corpus() {
  local n="$1" dir="$work/n$1"
  mkdir -p "$dir/project"
  dotnet run -c Release --no-build --project "$repo/bench/Migrations.Build.DeployBench" -- corpus "$dir/project/migrations" "$n" | sed 's/^/   /'

  # Ours: a migrations-only project importing the SDK by path (as samples/ do), pointing at the task assembly built
  # above (as a consumer of the packed SDK has it).
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
  <Import Project="$repo/sdk/Migrations.Build.Sdk/Sdk/Sdk.targets" />
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

}

# ---------------------------------------------------------------------------------------------------------------
# Runs: each on its own database, wall time of the whole process in milliseconds.
tables_in() {
  psql -X -q -t -A "$server/$1" -c "select count(*) from pg_tables where schemaname = 'public' and tablename not in ('bench_history', 'schema_migrations')"
}

# Each runner prints the elapsed milliseconds; its output goes to a log beside the corpus.
run_ours() { # n log
  local start end
  start=$(now_ms)
  MIGRATIONS_LOCAL_URL="$server/postgres" dotnet msbuild "$work/n$1/project/Bench.Database.csproj" \
    -t:TestMigration -p:MigrationsEnvironment=Local -nodeReuse:false -tl:off -nologo -v:m >"$2" 2>&1 || fail "TestMigration failed" "$2"
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
results="$work/results.tsv"
: >"$results"

run_case() { # case n round
  local c="$1" n="$2" r="$3" db ms log="$work/n$2/r$3-$1.log"
  case "$c" in
    ours)
      ms=$(run_ours "$n" "$log")
      local noun=migrations
      [[ "$n" == 1 ]] && noun=migration
      grep -q "$n $noun — $n proven" "$log" || fail "TestMigration did not prove all $n migrations" "$log"
      record "$n" "$r" ours-test "$ms" ;;
    psql)
      db=$(fresh_db); ms=$(run_psql "$db" "$n" "$log")
      [[ "$(tables_in "$db")" == "$n" ]] || fail "psql: expected $n tables in $db" "$log"
      record "$n" "$r" psql-apply "$ms"
      admin_psql -c "drop database $db" >/dev/null ;;
  esac
}

echo "== machine: $(nproc) cores; $(load_now)"
echo "== tools: .NET SDK $dotnet_version, MSBuild $msbuild_version; $psql_version; server PostgreSQL $server_version"
cases=(ours psql)
for n in "${size_list[@]}"; do
  echo "== $n migrations: writing the corpus"
  write_corpus "$n"
  # One untimed psql run first, so neither case pays for the first read of the files (the task assembly and MSBuild
  # were just run by the build above).
  warm_db=$(fresh_db)
  run_psql "$warm_db" "$n" "$work/n$n/warmup.log" >/dev/null
  admin_psql -c "drop database $warm_db" >/dev/null
  run_rounds "$n"
done

echo
echo "load at the end: $(load_now)"
for n in "${size_list[@]}"; do
  echo
  echo "### chain of $n migrations, $rounds round(s), whole-process wall time"
  summary "$n" "$rounds" "ours-test psql-apply" "ours-test/psql-apply"
  echo
  echo "ours-test per migration (median): $(awk -v m="$(runs_of "$n" ours-test | median)" -v n="$n" 'BEGIN { printf "%.0f ms", m / n }')"
  # The proof's own clock, as TestMigration logs it for each migration ("Proved … on Local in N ms": apply, snapshots,
  # rollback, re-apply), over every round: what one more migration in the chain costs, without MSBuild's start.
  proofs="$(cat "$work/n$n"/r*-ours.log | sed -n 's/.*Proved [^ ]* on Local in \([0-9]*\) ms.*/\1/p')"
  echo "ours-test per proof, as logged ($(echo "$proofs" | wc -l) proofs): median $(echo "$proofs" | median) ms"
done
