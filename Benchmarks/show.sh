#!/usr/bin/env bash
# Benchmark of `runbook show --json` (parse + full model as JSON) on the shared corpus
# replicated N times, against the `cmark-gfm` CLI parsing the same bytes in the same run.
# Prints throughput, the ratio to cmark-gfm, and peak memory. Targets (issue 2): within 2x of
# cmark-gfm, peak RSS under 100 MB for the x20 corpus.
#
# Usage: Benchmarks/show.sh [CORPUS]     (default: ../shared/corpus next to the repository)
# Environment: COPIES (default 20), RUNS (default 5), RUNBOOK_BINARY (measure that binary, an
# older commit's for a before/after, instead of building the release one).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$root/../shared/corpus}
copies=${COPIES:-20}
runs=${RUNS:-5}

[ -d "$corpus" ] || { echo "show.sh: no corpus at $corpus; pass its path as the first argument." >&2; exit 2; }
command -v cmark-gfm >/dev/null && command -v hyperfine >/dev/null || apt-get install -y cmark-gfm hyperfine

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/tree"
for copy in $(seq 1 "$copies"); do cp -R "$corpus" "$work/tree/copy-$copy"; done
find "$work/tree" -name '*.md' | sort > "$work/files"
count=$(wc -l < "$work/files")
bytes=$(xargs cat < "$work/files" | wc -c)

if [[ -n ${RUNBOOK_BINARY:-} ]]; then
    runbook=$(realpath "$RUNBOOK_BINARY")
else
    (cd "$root" && swift build -c release --static-swift-stdlib --product runbook >/dev/null)
    runbook="$root/.build/release/runbook"
fi

echo "Corpus: $corpus x$copies = $count Markdown files, $((bytes / 1024 / 1024)) MiB; $(nproc) cores; $runs runs each."
# Every file goes through --files-from, so runbook parses and prints exactly the files cmark-gfm
# reads (a directory walk would leave READMEs out of the JSON).
hyperfine --warmup 1 --runs "$runs" --ignore-failure --style basic --export-json "$work/times.json" \
    -n "runbook show --json" "$runbook show --json --files-from $work/files > /dev/null 2>&1" \
    -n "cmark-gfm" "xargs cmark-gfm < $work/files > /dev/null" \
    -n "cmark-gfm with extensions" "xargs cmark-gfm -e table -e strikethrough -e tasklist -e autolink < $work/files > /dev/null"

peak() {  # peak resident set size in MB of one run of "$@"
    { /usr/bin/time -v "$@" 2>&1 >/dev/null || true; } | awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }'
}
rss_runbook=$(peak "$runbook" show --json --files-from "$work/files")
rss_cmark=$(peak sh -c "xargs cmark-gfm < '$work/files'")

python3 - "$work/times.json" "$bytes" "$rss_runbook" "$rss_cmark" <<'PY'
import json, sys
results = {r["command"]: r["mean"] for r in json.load(open(sys.argv[1]))["results"]}
size_mb = int(sys.argv[2]) / 1e6
show, cmark, cmark_ext = results["runbook show --json"], results["cmark-gfm"], results["cmark-gfm with extensions"]
rss_show, rss_cmark = float(sys.argv[3]), float(sys.argv[4])
print()
print(f"runbook show --json        {show:6.3f} s  {size_mb / show:6.1f} MB/s  peak RSS {rss_show:6.1f} MB")
print(f"cmark-gfm                  {cmark:6.3f} s  {size_mb / cmark:6.1f} MB/s  peak RSS {rss_cmark:6.1f} MB")
print(f"cmark-gfm with extensions  {cmark_ext:6.3f} s  {size_mb / cmark_ext:6.1f} MB/s")
print()
print(f"runbook show --json / cmark-gfm = {show / cmark:4.2f}x  (target: at most 2)")
print(f"runbook show --json / cmark-gfm with the same extensions = {show / cmark_ext:4.2f}x")
ok = show <= 2 * cmark and rss_show < 100
print("targets met" if ok else "TARGETS MISSED")
PY
