#!/usr/bin/env bash
# Runs one libFuzzer target for a given time: scripts/fuzz.sh TARGET SECONDS [libFuzzer flags…]
# TARGET is FuzzParser (runbook parser), FuzzImport (JSON import reader and exporters) or
# FuzzMatcher (output matcher, terminal sanitiser). The seed corpus is built from
# ../shared/corpus (when present), runbooks/ and the test fixtures; new inputs libFuzzer finds
# are kept in Fuzz/corpus/TARGET (not committed), crashes in Fuzz/crashes/TARGET. Each crash
# becomes a regression test in Tests/.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh FuzzParser|FuzzImport|FuzzMatcher SECONDS}
seconds=${2:?usage: scripts/fuzz.sh TARGET SECONDS}
shift 2

# One comma-separated -sanitize flag: with two, only the last is kept and there is no coverage.
# lld: gold stops with an internal error on the sanitized objects' debug information.
swift build --package-path Fuzz -c release --product "$target" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -use-ld=lld >&2
binary=Fuzz/.build/release/$target

seeds=Fuzz/seeds/$target
corpus=Fuzz/corpus/$target
crashes=Fuzz/crashes/$target
mkdir -p "$seeds" "$corpus" "$crashes"
case "$target" in
    FuzzParser)
        for directory in ../shared/corpus runbooks Tests/RunbookParsingTests/Fixtures; do
            [ -d "$directory" ] || continue
            find "$directory" -name '*.md' -type f -size -256k -print0 |
                while IFS= read -r -d '' file; do cp "$file" "$seeds/$(sha256sum "$file" | cut -c1-16).md"; done
        done ;;
    FuzzImport)
        cp Tests/RunbookExportTests/Golden/*.json "$seeds/" ;;
    FuzzMatcher)
        printf 'pool tank healthy\n...\n\0pool tank healthy\nscrub ok\n' > "$seeds/ellipsis"
        printf '\033[32mok\033[0m\n\0\033]0;title\007\033[2J\r\n' > "$seeds/escapes" ;;
    *) echo "unknown target $target" >&2; exit 2 ;;
esac

"$binary" "$corpus" "$seeds" -max_total_time="$seconds" -artifact_prefix="$crashes/" \
    -max_len=65536 -timeout=10 -rss_limit_mb=4096 "$@"
