#!/usr/bin/env bash
# Side by side, whole process: what the SDK adds to `dotnet build` of a migrations project, and squawk on the same files.
#
# For each size (migration pairs, from bench/Migrations.Build.Bench's corpus: the lint-heavy one), each round runs, in
# an order that alternates from round to round:
#   sdk-first / sdk-nochange / sdk-onechange     `dotnet build` of a project importing Migrations.Build.Sdk by path
#       (as samples/ do; task assembly built once up front, as a packed-SDK consumer has it): obj/ and bin/ deleted
#       first, then again with nothing changed, then again after one forward migration got a new comment line
#   bare-first / bare-nochange / bare-onechange  the same three builds of the same folder's twin without our SDK:
#       `<Project Sdk="Microsoft.Build.NoTargets/3.7.0">`, the SDK ours stands on, so the difference is our targets
#   squawk                                       `squawk 'migrations/*.sql'` (npm squawk-cli) over the same files —
#       a different depth of analysis: squawk parses with PostgreSQL's grammar and lints each statement; ours also
#       pairs files, checks checksums and compares every forward with its rollback, but has no full grammar
# The ValidateMigrations target time (MSBuild's performance summary) of the sdk builds is printed too.
# Nothing here asserts a time; bench/README.md has results.
#
#   bash bench/peers/build.sh                             # sizes 1000 and 10000, 3 rounds
#   bash bench/peers/build.sh --rounds 2 --sizes 500      # a quick run
#   KEEP=1 bash bench/peers/build.sh                      # keep the temp folder and the build logs
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=bench/peers/lib.sh
source "$repo/bench/peers/lib.sh"
rounds=3
sizes="1000,10000"

parse_options build.sh "$@"
make_work_dir build
results="$work/results.tsv"
: >"$results"

build_tools Migrations.Build.Bench

echo "== installing squawk (npm install squawk-cli) into $work/npm"
mkdir -p "$work/npm"
(cd "$work/npm" && npm install squawk-cli --no-audit --no-fund --silent >/dev/null)
squawk="$work/npm/node_modules/.bin/squawk"
test -x "$squawk"

write_projects() { # n
  local dir="$work/n$1"
  mkdir -p "$dir/sdk" "$dir/bare"
  dotnet run -c Release --no-build --project "$repo/bench/Migrations.Build.Bench" -- corpus "$dir/sdk/migrations" "$1" | sed 's/^/   /'
  cp -r "$dir/sdk/migrations" "$dir/bare/migrations"
  cat >"$dir/sdk/Bench.Database.csproj" <<EOF
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
  # The same stand as ours (Microsoft.Build.NoTargets, the bundled runtime's target framework), none of our targets.
  cat >"$dir/bare/Bench.Database.csproj" <<'EOF'
<Project Sdk="Microsoft.Build.NoTargets/3.7.0">
  <PropertyGroup>
    <TargetFramework>net$(BundledNETCoreAppTargetFrameworkVersion)</TargetFramework>
  </PropertyGroup>
</Project>
EOF
}

build() { # project-dir log → ms
  local start end
  start=$(now_ms)
  if ! dotnet build "$1/Bench.Database.csproj" -nodeReuse:false -tl:off -v:n -clp:PerformanceSummary -nologo >"$2" 2>&1; then
    echo "FAIL: build of $1 failed; last lines of $2:" >&2
    tail -n 30 "$2" >&2
    exit 1
  fi
  end=$(now_ms)
  echo $((end - start))
}

# The ValidateMigrations line of MSBuild's target performance summary ("  1234 ms  ValidateMigrations  1 calls").
target_ms() {
  grep -E '^\s+[0-9]+ ms\s+ValidateMigrations\s' "$1" | head -n 1 | awk '{ print $1 }'
}

three_builds() { # kind n round
  local kind="$1" n="$2" r="$3" dir="$work/n$2/$1" log ms files
  rm -rf "$dir/obj" "$dir/bin"
  log="$dir/r$r-first.log"; ms=$(build "$dir" "$log"); record "$n" "$r" "$kind-first" "$ms"
  [[ "$kind" == sdk ]] && record "$n" "$r" "sdk-first-target" "$(target_ms "$log")"
  log="$dir/r$r-nochange.log"; ms=$(build "$dir" "$log"); record "$n" "$r" "$kind-nochange" "$ms"
  if [[ "$kind" == sdk ]] && ! grep -q 'Skipping target "ValidateMigrations"' "$log"; then
    echo "FAIL: the no-change build ran ValidateMigrations ($log)" >&2
    exit 1
  fi
  files=("$dir"/migrations/*.sql)
  printf -- '-- changed in round %s\n' "$r" >>"${files[0]}"
  log="$dir/r$r-onechange.log"; ms=$(build "$dir" "$log"); record "$n" "$r" "$kind-onechange" "$ms"
  [[ "$kind" == sdk ]] && record "$n" "$r" "sdk-onechange-target" "$(target_ms "$log")"
  return 0
}

run_squawk() { # n round
  local dir="$work/n$1/bare" start end status=0
  start=$(now_ms)
  # squawk exits 1 when it reports something (the corpus has rules it flags); only a crash or no output is a failure.
  (cd "$dir" && "$squawk" 'migrations/*.sql' >"$work/n$1/r$2-squawk.log" 2>&1) || status=$?
  end=$(now_ms)
  if [[ "$status" -gt 1 || ! -s "$work/n$1/r$2-squawk.log" && "$status" -ne 0 ]]; then
    echo "FAIL: squawk exited $status; see $work/n$1/r$2-squawk.log" >&2
    exit 1
  fi
  record "$1" "$2" squawk $((end - start))
}

echo "== machine: $(nproc) cores; $(load_now)"
echo "== tools: .NET SDK $(dotnet --version), MSBuild $(dotnet msbuild -version -nologo | tail -n 1); $("$squawk" --version)"
for n in "${size_list[@]}"; do
  echo "== $n pairs: writing the corpus and the two projects"
  write_projects "$n"
  # One untimed build of each first: restores the NoTargets SDK package and warms the file cache for both.
  build "$work/n$n/sdk" "$work/n$n/warmup-sdk.log" >/dev/null
  build "$work/n$n/bare" "$work/n$n/warmup-bare.log" >/dev/null
  for ((r = 1; r <= rounds; r++)); do
    if ((r % 2)); then
      three_builds sdk "$n" "$r"; three_builds bare "$n" "$r"; run_squawk "$n" "$r"
    else
      run_squawk "$n" "$r"; three_builds bare "$n" "$r"; three_builds sdk "$n" "$r"
    fi
  done
done

echo
echo "load at the end: $(load_now)"
for n in "${size_list[@]}"; do
  echo
  echo "### $n pairs ($((2 * n)) files), $rounds round(s), whole-process wall time of \`dotnet build\` (and squawk)"
  summary "$n" "$rounds" \
    "sdk-first bare-first sdk-nochange bare-nochange sdk-onechange bare-onechange sdk-first-target sdk-onechange-target squawk" \
    "sdk-first/bare-first sdk-nochange/bare-nochange sdk-onechange/bare-onechange sdk-onechange/squawk"
done
