# Shared by the side-by-side scripts in bench/peers: timing, medians, ratios and the summary tables.
# Sourced, not run. Each script appends one line per run to the file named by $results: size<TAB>round<TAB>case<TAB>ms.

now_ms() {
  echo $(($(date +%s%N) / 1000000))
}

# The median of whole numbers given one a line on stdin ("-" when there are none).
median() {
  sort -n | awk 'NF { v[++n] = $1 } END { if (n == 0) { print "-" } else if (n % 2) { print v[(n + 1) / 2] } else { printf "%.0f\n", (v[n / 2] + v[n / 2 + 1]) / 2 } }'
}

# a / b to two decimals, "-" when either is missing.
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && a != "-" && b > 0) printf "%.2f", a / b; else print "-" }'
}

# record SIZE ROUND CASE MS: keeps the run and shows it as it happens.
record() {
  printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$results"
  printf '   round %s  %-22s %8s ms\n' "$2" "$3" "$4"
}

runs_of() { # size case
  awk -F'\t' -v n="$1" -v c="$2" '$1 == n && $3 == c { print $4 }' "$results"
}

run_of() { # size round case
  awk -F'\t' -v n="$1" -v r="$2" -v c="$3" '$1 == n && $2 == r && $3 == c { print $4 }' "$results"
}

# summary SIZE ROUNDS "case case …" "a/b a/b …": a markdown table of medians and one of ratios (of the medians, and
# round by round: the two cases of a round ran minutes apart at most, so a round's ratio cancels slow drifts of load).
summary() {
  local n="$1" rounds="$2" c pair a b r per_round runs
  echo
  echo "| case | median | runs, in round order (ms) |"
  echo "|---|---:|---|"
  for c in $3; do
    runs=$(runs_of "$n" "$c")
    printf '| %s | %s ms | %s |\n' "$c" "$(median <<<"$runs")" "$(tr '\n' ' ' <<<"$runs" | sed 's/ *$//')"
  done
  echo
  echo "| ratio | of the medians | per round |"
  echo "|---|---:|---|"
  for pair in $4; do
    a="${pair%%/*}"
    b="${pair#*/}"
    per_round=""
    for ((r = 1; r <= rounds; r++)); do
      per_round+="$(ratio "$(run_of "$n" "$r" "$a")" "$(run_of "$n" "$r" "$b")") "
    done
    printf '| %s / %s | %sx | %s|\n' "$a" "$b" "$(ratio "$(runs_of "$n" "$a" | median)" "$(runs_of "$n" "$b" | median)")" "$per_round"
  done
}

# parse_options SCRIPT "$@": reads --rounds N, --sizes N[,N…] and, when the caller set $port (it starts a server),
# --port P into the globals of the same names and $size_list. The caller sets the defaults first.
parse_options() {
  local script="$1"
  shift
  local usage_line="usage: bash bench/peers/$script [--rounds N] [--sizes N[,N...]]"
  [[ -n "${port:-}" ]] && usage_line+=" [--port P]"
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --rounds) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || { echo "$usage_line" >&2; exit 2; }; rounds="$2"; shift 2 ;;
      --sizes) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || { echo "$usage_line" >&2; exit 2; }; sizes="$2"; shift 2 ;;
      --port) [[ -n "${port:-}" && $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || { echo "$usage_line" >&2; exit 2; }; port="$2"; shift 2 ;;
      *) echo "$usage_line" >&2; exit 2 ;;
    esac
  done
  IFS=',' read -r -a size_list <<<"$sizes"
}

# make_work_dir NAME: a temp folder in $work, removed on exit (KEEP=1 keeps it), after stopping the cluster
# start_server started, if any.
make_work_dir() {
  work="$(mktemp -d "${TMPDIR:-/tmp}/migrations-peers-$1.XXXXXX")"
  pg_data=""
  pg_bin=""
  as_postgres=()
  trap cleanup_work_dir EXIT
  trap 'exit 130' INT TERM
}

cleanup_work_dir() {
  if [[ -n "$pg_data" ]]; then
    "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true
  fi
  if [[ "${KEEP:-0}" == "1" ]]; then
    echo "kept $work"
  else
    rm -rf "$work"
  fi
}

# start_server: the server given by BENCH_SERVER_URL, else a throwaway PostgreSQL cluster on $port under $work
# (fsync off, as the test clusters run). Sets $server (no database part) and $server_version; admin_psql runs psql
# against its postgres database.
start_server() {
  if [[ -n "${BENCH_SERVER_URL:-}" ]]; then
    server="${BENCH_SERVER_URL%/}"
    echo "== server: given by BENCH_SERVER_URL"
  else
    pg_bin="$(pg_config --bindir)"
    pg_data="$work/pg/data"
    mkdir -p "$work/pg"
    if [[ "$(id -u)" == "0" ]]; then
      # initdb and pg_ctl refuse to run as root.
      chown postgres "$work/pg"
      chmod 755 "$work"
      as_postgres=(runuser -u postgres --)
    fi
    "${as_postgres[@]}" "$pg_bin/initdb" -D "$pg_data" -U postgres -A trust >/dev/null
    "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$pg_data" -w -o "-F -p $port -k $work/pg -c listen_addresses=127.0.0.1" -l "$work/pg/log" start >/dev/null
    server="postgres://postgres@127.0.0.1:$port"
    echo "== server: throwaway cluster on port $port ($("$pg_bin/postgres" --version))"
  fi
  server_version="$(admin_psql -c 'show server_version')"
}

admin_psql() {
  psql -X -q -t -A -v ON_ERROR_STOP=1 "$server/postgres" "$@"
}

# build_tools GENERATOR: builds the task assembly in Release as a packed-SDK consumer gets it into $tasks_dll — on the
# .NET 10 SDK on linux-x64, the closure precompiled for .NET 10 (ReadyToRun) that the package's Sdk.targets picks
# there; elsewhere, or with BENCH_TASKS=il, the net8.0 IL build — and the bench project GENERATOR that writes corpora.
build_tools() {
  echo "== building the task assembly (Release) and the corpus generator"
  local tasks_project="$repo/src/Migrations.Build.Tasks/Migrations.Build.Tasks.csproj"
  dotnet build "$tasks_project" -c Release -nodeReuse:false -tl:off -v:q -nologo >/dev/null
  tasks_dll="$repo/src/Migrations.Build.Tasks/bin/Release/net8.0/Migrations.Build.Tasks.dll"
  if [[ "${BENCH_TASKS:-package}" != il && "$(uname -s)-$(uname -m)" == Linux-x86_64 && "$(dotnet --version)" == 10.* ]]; then
    dotnet publish "$tasks_project" -c Release -f net10.0 -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
      -o "$work/tasks-net10.0-linux-x64" -nodeReuse:false -tl:off -v:q -nologo >/dev/null
    tasks_dll="$work/tasks-net10.0-linux-x64/Migrations.Build.Tasks.dll"
  fi
  echo "   tasks: $tasks_dll"
  test -f "$tasks_dll"
  dotnet build "$repo/bench/$1/$1.csproj" -c Release -nodeReuse:false -tl:off -v:q -nologo >/dev/null
}

# The machine's load average now, as the scripts print it before and after the rounds.
load_now() {
  uptime | sed 's/.*load average/load average/'
}

# run_rounds SIZE: every case of the caller's $cases array once per round, through the caller's run_case CASE SIZE
# ROUND, the order rotating from round to round so no case always runs first (or right after a big checkpoint).
run_rounds() {
  local r i
  for ((r = 1; r <= rounds; r++)); do
    for ((i = 0; i < ${#cases[@]}; i++)); do
      run_case "${cases[$(((i + r - 1) % ${#cases[@]}))]}" "$1" "$r"
    done
  done
}

# Shows the end of a failed run's log and stops. Runs inside command substitutions too, so it cannot keep the folder.
fail() { # message log
  echo "FAIL: $1; last lines of $2:" >&2
  tail -n 30 "$2" >&2 || true
  exit 1
}

# write_ab_project DIR TASKS_DLL SDK_REPO CORPUS: the before/after scripts' (noop-cpu.sh, empty-cpu.sh, reuse.sh) project — one per
# build, both over the same corpus; each keeps its own obj/ (and so its own cache and stamps).
write_ab_project() { # dir tasks_dll sdk_repo corpus
  mkdir -p "$1"
  cat >"$1/Bench.Database.csproj" <<XML
<Project>
  <PropertyGroup>
    <_MigrationsTasksAssembly>$2</_MigrationsTasksAssembly>
    <MigrationsDirectory>$4</MigrationsDirectory>
    <!-- As from the package: each build runs in the build's own process what its SDK lets run there (a build
         that predates a switch ignores it and keeps the task host). -->
    <_MigrationsValidateInBuildProcess>true</_MigrationsValidateInBuildProcess>
    <_MigrationsDatabaseTasksInBuildProcess>true</_MigrationsDatabaseTasksInBuildProcess>
  </PropertyGroup>
  <Import Project="$3/sdk/Migrations.Build.Sdk/Sdk/Sdk.props" />
  <ItemGroup>
    <MigrationEnvironment Include="Bench" UrlVariable="BENCH_DEPLOY_URL" />
  </ItemGroup>
  <Import Project="$3/sdk/Migrations.Build.Sdk/Sdk/Sdk.targets" />
  <Target Name="BenchNoop" />
</Project>
XML
}

# The before/after scripts' other build (noop-cpu.sh, empty-cpu.sh, reuse.sh): sets before_repo from BEFORE_REPO and
# before_dll from BEFORE_DLL (default: that checkout's Release net8.0 task assembly), and stops when it is not built.
resolve_before_build() {
  before_repo="${BEFORE_REPO:?set BEFORE_REPO to a checkout of the commit to compare with (its tasks built in Release)}"
  # Absolute: the projects that import its SDK live in the work folder (BEFORE_REPO=. is the documented same-SDK A/B).
  before_repo="$(cd "$before_repo" && pwd)" || { echo "BEFORE_REPO '$BEFORE_REPO' is not a folder" >&2; exit 2; }
  before_dll="${BEFORE_DLL:-$before_repo/src/Migrations.Build.Tasks/bin/Release/net8.0/Migrations.Build.Tasks.dll}"
  test -f "$before_dll" || { echo "build $before_repo/src/Migrations.Build.Tasks -c Release first" >&2; exit 2; }
}

# fresh_db: creates an empty database on the script's server and prints its name. Every run starts from the same disk
# state (a checkpoint and a sync first): no run pays for the writes of the one before. Called in $(…), so the counter
# does not advance in the caller: each caller drops its database before asking for the next.
db_counter=0
fresh_db() {
  db_counter=$((db_counter + 1))
  local db="bench_$db_counter"
  admin_psql -c "create database $db template template0" >/dev/null
  admin_psql -c 'checkpoint' >/dev/null
  sync
  echo "$db"
}
