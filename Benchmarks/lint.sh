#!/usr/bin/env bash
# Benchmark of `runbook lint` (shellcheck off) on the shared corpus replicated 20 times, in the
# same run as markdownlint-rs in its parallel mode and a raw `cmark-gfm` parse of the same
# files. Prints mean times, ratios and peak memory. Targets (docs/lint.md): faster than
# markdownlint-rs, within 3x of cmark-gfm, peak RSS under 100 MB.
#
# With shellcheck on (issue 17): a cold run (an empty cache in a fresh XDG_CACHE_HOME) against
# running shellcheck alone on the very scripts runbook lint hands it, with the same parallelism
# (`xargs -P` the core count); and a warm run (nothing changed) against markdownlint-rs.
# Targets: cold within 1.2x of shellcheck alone, warm at most 0.5x markdownlint-rs.
#
# Usage: Benchmarks/lint.sh [CORPUS]     (default: ../shared/corpus next to the repository)
# Environment: COPIES (default 20), RUNS (default 5), RUNBOOK_BINARY (measure that binary
# instead of building the release one), SHELLCHECK=off (skip the shellcheck half).
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

if [[ -n ${RUNBOOK_BINARY:-} ]]; then
    runbook=$(realpath "$RUNBOOK_BINARY")
else
    (cd "$root" && swift build -c release --static-swift-stdlib --product runbook >/dev/null)
    runbook="$root/.build/release/runbook"
fi

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

[[ ${SHELLCHECK:-on} == off ]] && exit 0
shellcheck=$(command -v shellcheck) || { echo "lint.sh: shellcheck is not installed (apt-get install shellcheck)." >&2; exit 2; }
cores=$(nproc)

# The scripts runbook lint hands shellcheck, captured by a stand-in on PATH that keeps a copy of
# each (grouped by the --shell dialect it was given) and then runs the real shellcheck. --no-cache,
# so every script of every copy of the corpus is captured, as shellcheck alone would see them.
mkdir "$work/bin" "$work/scripts"
cat > "$work/bin/shellcheck" <<STANDIN
#!/usr/bin/env bash
dialect=bash
for argument in "\$@"; do case \$argument in --shell=*) dialect=\${argument#--shell=} ;; esac; done
script=\${!#}
if [[ -f \$script ]]; then
    mkdir -p "$work/scripts/\$dialect"
    cp "\$script" "\$(mktemp "$work/scripts/\$dialect/XXXXXXXX.sh")"
fi
exec "$shellcheck" "\$@"
STANDIN
chmod +x "$work/bin/shellcheck"
PATH="$work/bin:$PATH" "$runbook" lint --shellcheck on --no-cache --fail-on never "$work/tree" >/dev/null
exclude=$(grep -o 'excluded = "[^"]*"' "$root/Sources/RunbookLint/Shell/Shellcheck.swift" | cut -d'"' -f2)
scripts=$(find "$work/scripts" -name '*.sh' | wc -l)
# The baseline: shellcheck alone, one process per script, as many at once as there are cores.
cat > "$work/shellcheck-alone" <<ALONE
#!/usr/bin/env bash
for directory in "$work"/scripts/*/; do
    dialect=\$(basename "\$directory")
    find "\$directory" -name '*.sh' -print0 | xargs -0 -n 1 -P $cores "$shellcheck" --format=json --shell="\$dialect" --exclude=$exclude >/dev/null || true
done
ALONE
chmod +x "$work/shellcheck-alone"

echo
echo "shellcheck on: $scripts scripts handed to shellcheck; $cores processes at once; $runs runs each."
hyperfine --runs "$runs" --ignore-failure --style basic --export-json "$work/shellcheck.json" \
    -n "runbook lint cold" --prepare "rm -rf $work/cache" \
    "env XDG_CACHE_HOME=$work/cache $runbook lint --shellcheck on --fail-on never $work/tree" \
    -n "runbook lint --no-cache" "$runbook lint --shellcheck on --no-cache --fail-on never $work/tree" \
    -n "shellcheck alone" "$work/shellcheck-alone"
env XDG_CACHE_HOME="$work/warm" "$runbook" lint --shellcheck on --fail-on never "$work/tree" >/dev/null
hyperfine --warmup 1 --runs "$runs" --ignore-failure --style basic --export-json "$work/warm.json" \
    -n "runbook lint warm" "env XDG_CACHE_HOME=$work/warm $runbook lint --shellcheck on --fail-on never $work/tree" \
    -n "mdlint --parallel" "mdlint check --no-config --no-fix --parallel $work/tree"

python3 - "$work/shellcheck.json" "$work/warm.json" <<'PY'
import json, sys
results = {}
for path in sys.argv[1:3]:
    results.update({r["command"]: r["mean"] for r in json.load(open(path))["results"]})
cold, uncached, alone = results["runbook lint cold"], results["runbook lint --no-cache"], results["shellcheck alone"]
warm, mdlint = results["runbook lint warm"], results["mdlint --parallel"]
print()
print(f"runbook lint cold        {cold:7.3f} s")
print(f"runbook lint --no-cache  {uncached:7.3f} s")
print(f"shellcheck alone         {alone:7.3f} s")
print(f"runbook lint warm        {warm:7.3f} s")
print(f"mdlint --parallel        {mdlint:7.3f} s")
print()
print(f"cold / shellcheck alone       = {cold / alone:5.2f}x  (target: at most 1.2)")
print(f"--no-cache / shellcheck alone = {uncached / alone:5.2f}x")
print(f"warm / mdlint --parallel      = {warm / mdlint:5.2f}x  (target: at most 0.5)")
print("shellcheck targets met" if cold <= 1.2 * alone and warm <= 0.5 * mdlint else "SHELLCHECK TARGETS MISSED")
PY
