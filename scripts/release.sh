#!/usr/bin/env bash
# Builds the rescue binary: a stripped release build of runbook that carries the Swift runtime,
# Foundation, cmark-gfm, SQLite and libcrypto inside it, so it can be copied onto a host that
# has none of them (the box you are rescuing) and needs only glibc, libstdc++, libm and libgcc_s.
#
# Usage: scripts/release.sh [OUTPUT]   (default OUTPUT: .build/rescue/runbook)
# Needs Debian's static archives: libcmark-gfm-dev, libsqlite3-dev, libssl-dev.
set -euo pipefail

cd "$(dirname "$0")/.."
output="${1:-.build/rescue/runbook}"
multiarch="$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)"
system_lib_dir="/usr/lib/$multiarch"
archives=(cmark-gfm cmark-gfm-extensions sqlite3 crypto)

for name in "${archives[@]}"; do
    if [[ ! -f "$system_lib_dir/lib$name.a" ]]; then
        echo "release.sh: $system_lib_dir/lib$name.a is missing; install libcmark-gfm-dev, libsqlite3-dev and libssl-dev" >&2
        exit 1
    fi
done

# The linker takes the first directory on its search path holding lib<name>.so or lib<name>.a.
# A directory holding only the archives, searched before the system's, makes -lsqlite3 (GRDB's
# system library), -lcmark-gfm and -lcrypto resolve to the static archives without touching
# how the packages name their libraries.
static_dir="$(mktemp -d)"
trap 'rm -rf "$static_dir"' EXIT
for name in "${archives[@]}"; do
    ln -s "$system_lib_dir/lib$name.a" "$static_dir/lib$name.a"
done

swift build -c release --static-swift-stdlib --product runbook \
    -Xlinker -L"$static_dir" \
    -Xlinker -lpthread -Xlinker -ldl -Xlinker -lm

built="$(swift build -c release --static-swift-stdlib --show-bin-path)/runbook"
mkdir -p "$(dirname "$output")"
cp "$built" "$output"
strip "$output"

allowed='linux-vdso|libc\.so|libstdc\+\+\.so|libm\.so|libgcc_s\.so|ld-linux'
echo "binary:   $output"
echo "size:     $(stat -c %s "$output") bytes (unstripped $(stat -c %s "$built") bytes)"
echo "ldd:"
ldd "$output" | sed 's/^/    /'
if ldd "$output" | grep -Ev "$allowed" | grep -q .; then
    echo "release.sh: the binary still needs a library beyond glibc, libstdc++, libm and libgcc_s" >&2
    exit 1
fi

if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 2 --runs 20 "$output --version"
else
    start=$(date +%s%N)
    for _ in $(seq 20); do "$output" --version >/dev/null; done
    echo "start-up: $((($(date +%s%N) - start) / 20000)) µs per run (mean of 20)"
fi
