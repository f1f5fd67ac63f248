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

# The linker takes the first directory on its search path holding lib<name>.so or lib<name>.a,
# and the first -L it is given is the one SwiftPM reads from the pkg-config files of cmark-gfm and
# libcrypto. Copies of those files pointing at a directory that holds only the static archives
# make -lsqlite3 (GRDB's system library), -lcmark-gfm and -lcrypto all resolve to the archives
# without touching how the packages name their libraries. The directory's path stays the same
# from one run to the next, so an unchanged tree is not rebuilt.
static_dir="$PWD/.build/rescue-static"
rm -rf "$static_dir"
mkdir -p "$static_dir/pkgconfig"
for name in "${archives[@]}"; do
    ln -s "$system_lib_dir/lib$name.a" "$static_dir/lib$name.a"
done
for package in libcmark-gfm libcrypto; do
    sed "s|^libdir=.*|libdir=$static_dir|" "$system_lib_dir/pkgconfig/$package.pc" > "$static_dir/pkgconfig/$package.pc"
done
export PKG_CONFIG_PATH="$static_dir/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"

# libcrypto's archive needs libdl and libpthread, which glibc provides.
swift build -c release --static-swift-stdlib --product runbook \
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
