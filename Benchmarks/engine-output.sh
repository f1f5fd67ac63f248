#!/usr/bin/env bash
# Output throughput and memory: a step that prints 1 GiB under `runbook run --auto` (output
# forwarded to /dev/null, head+tail kept in the record) against `cat` consuming the same bytes
# into /dev/null. Prints the times, their ratio (target: within 2x) and the engine's peak
# resident memory (target: under 64 MB).
# Environment: BYTES (default 1 GiB), RUNBOOK_BINARY (measure that binary, an older commit's
# for a before/after, instead of building the release one).
set -euo pipefail
cd "$(dirname "$0")/.."
bytes=${BYTES:-1073741824}
if [[ -n ${RUNBOOK_BINARY:-} ]]; then
    binary=$(realpath "$RUNBOOK_BINARY")
else
    swift build -c release --static-swift-stdlib --product runbook >/dev/null
    binary=.build/release/runbook
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
producer="head -c $bytes /dev/zero"
printf '# Output\n\n## Print\n```bash {id=print}\n%s\n```\n' "$producer" > "$work/output.md"

start=$(date +%s%N)
/usr/bin/time -f '%M' -o "$work/rss" "$binary" run --auto --records "$work/records.sqlite" "$work/output.md" >/dev/null 2>"$work/stderr"
engine=$(( ($(date +%s%N) - start) / 1000 ))
start=$(date +%s%N)
bash -c "$producer" | cat >/dev/null
baseline=$(( ($(date +%s%N) - start) / 1000 ))

stored=$(sqlite3 "$work/records.sqlite" "select sum(length(payload)) from event where kind = 'output'")
total=$(sqlite3 "$work/records.sqlite" "select json_extract(payload, '$.totalBytes') from event where kind = 'output'")
echo "engine-output: $bytes bytes through one step"
echo "  runbook run --auto  : $(( engine / 1000 )) ms"
echo "  producer | cat      : $(( baseline / 1000 )) ms"
awk -v e="$engine" -v b="$baseline" 'BEGIN { printf "  ratio               : %.2fx (target within 2x)\n", e / b }'
echo "  peak memory (RSS)   : $(( $(cat "$work/rss") / 1024 )) MB (target < 64 MB)"
echo "  recorded            : $total bytes seen, $stored bytes of output stored"
