#!/usr/bin/env bash
# Benchmark of `runbook lint` (shellcheck off) on the shared corpus replicated 20 times, in the
# same run as markdownlint-rs in its parallel mode and a raw `cmark-gfm` parse of the same
# files. Prints mean times, ratios and peak memory. Targets (docs/lint.md): faster than
# markdownlint-rs, within 3x of cmark-gfm, peak RSS under 100 MB.
#
# Usage: Benchmarks/lint.sh [CORPUS]     (default: ../shared/corpus next to the repository)
# Environment: COPIES (default 20), RUNS (default 5).
#
# markdownlint-rs rewrites files unless given --no-fix, so it only ever sees the temporary copy.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$root/../shared/corpus}
copies=${COPIES:-20}
runs=${RUNS:-5}

[ -d "$corpus" ] || { echo "lint.sh: no corpus at $corpus; pass its path as the first argument." >&2; exit 2; }
command -v mdlint >/dev/null || pip install --quiet markdownlint-rs
command -v cmark-gfm >/dev/null && command -v hyperfine >/dev/null || apt-get install -y cmark-gfm hyperfine

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/tree"
for copy in $(seq 1 "$copies"); do cp -R "$corpus" "$work/tree/copy-$copy"; done
find "$work/tree" -name '*.md' -print0 | sort -z > "$work/files"
count=$(tr -cd '\0' < "$work/files" | wc -c)
size=$(du -sh "$work/tree" | cut -f1)

(cd "$root" && swift build -c release --static-swift-stdlib --product runbook >/dev/null)
runbook="$root/.build/release/runbook"

echo "Corpus: $corpus x$copies = $count Markdown files, $size; $(nproc) cores; $runs runs each."
hyperfine --warmup 1 --runs "$runs" --ignore-failure --style basic --export-json "$work/times.json" \
    -n "runbook lint" "$runbook lint --shellcheck off --fail-on never $work/tree" \
    -n "mdlint --parallel" "mdlint check --no-config --no-fix --parallel $work/tree" \
    -n "cmark-gfm" "xargs -0 cmark-gfm < $work/files"

peak() {  # peak resident set size in MB of one run of "$@"
    { /usr/bin/time -v "$@" 2>&1 >/dev/null || true; } | awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }'
}
rss_runbook=$(peak "$runbook" lint --shellcheck off --fail-on never "$work/tree")
rss_mdlint=$(peak mdlint check --no-config --no-fix --parallel "$work/tree")
rss_cmark=$(peak sh -c "xargs -0 cmark-gfm < '$work/files'")

python3 - "$work/times.json" "$rss_runbook" "$rss_mdlint" "$rss_cmark" <<'PY'
import json, sys
results = {r["command"]: r["mean"] for r in json.load(open(sys.argv[1]))["results"]}
runbook, mdlint, cmark = results["runbook lint"], results["mdlint --parallel"], results["cmark-gfm"]
rss_runbook, rss_mdlint, rss_cmark = (float(x) for x in sys.argv[2:5])
print()
print(f"runbook lint       {runbook:7.3f} s   peak RSS {rss_runbook:6.1f} MB")
print(f"mdlint --parallel  {mdlint:7.3f} s   peak RSS {rss_mdlint:6.1f} MB")
print(f"cmark-gfm parse    {cmark:7.3f} s   peak RSS {rss_cmark:6.1f} MB")
print()
print(f"mdlint / runbook lint    = {mdlint / runbook:5.2f}x  (target: above 1, runbook lint faster)")
print(f"runbook lint / cmark-gfm = {runbook / cmark:5.2f}x  (target: at most 3)")
print(f"mdlint / cmark-gfm       = {mdlint / cmark:5.2f}x")
ok = mdlint > runbook and runbook <= 3 * cmark and rss_runbook < 100
print("targets met" if ok else "TARGETS MISSED")
PY
