#!/usr/bin/env bash
# Installs the Debian packages runbook needs to build, test and benchmark, when they are
# missing. Safe to run again. Used by README's first command and by .ci/run.
set -euo pipefail

packages=(
    libcmark-gfm-dev libcmark-gfm-extensions-dev   # Markdown: the C library GitHub uses
    libssl-dev                                     # SHA-256 content hashes (libcrypto)
    libsqlite3-dev sqlite3                         # records; sqlite3 to read them by hand
    libpq5                                         # records on PostgreSQL (libpq, opened when used)
    postgresql                                     # the test cluster (PostgreSQLTestServer)
    shellcheck                                     # lint's RB023, used when present
    cmark-gfm                                      # the baseline of Benchmarks/show.sh
)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "bootstrap: installing ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "bootstrap: Swift 6 is needed (swift.org/install); it is not on PATH." >&2; exit 1; }
