#!/usr/bin/env bash
# Per-step cost of the engine, durable record included: a runbook of 200 `true` steps under
# `runbook run --auto` against a bash script that runs the same 200 commands each via
# `bash -c`. Prints both times and their ratio, measured in this one run (target: < 1.5).
set -euo pipefail
cd "$(dirname "$0")/.."
steps=${STEPS:-200}
rounds=${ROUNDS:-5}
# RUNBOOK_BINARY measures another build (an older commit's, for a before/after) without building.
if [[ -n ${RUNBOOK_BINARY:-} ]]; then
    binary=$(realpath "$RUNBOOK_BINARY")
else
    swift build -c release --static-swift-stdlib --product runbook >/dev/null
    binary=.build/release/runbook
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

{
    echo "# $steps true steps"
    for i in $(seq "$steps"); do printf '\n## Step %s\n```bash {id=s%s}\ntrue\n```\n' "$i" "$i"; done
} > "$work/steps.md"
{
    echo '#!/usr/bin/env bash'
    for _ in $(seq "$steps"); do echo "bash -c true"; done
} > "$work/baseline.sh"
chmod +x "$work/baseline.sh"

# Best of N for each, interleaved, so both see the same machine load.
best_engine=999999; best_bash=999999
for round in $(seq "$rounds"); do
    rm -f "$work"/records.sqlite*
    start=$(date +%s%N)
    "$binary" run --auto --records "$work/records.sqlite" "$work/steps.md" >/dev/null 2>&1
    engine=$(( ($(date +%s%N) - start) / 1000 ))
    start=$(date +%s%N)
    "$work/baseline.sh"
    baseline=$(( ($(date +%s%N) - start) / 1000 ))
    (( engine < best_engine )) && best_engine=$engine
    (( baseline < best_bash )) && best_bash=$baseline
done
events=$(sqlite3 "$work/records.sqlite" 'select count(*) from event')
echo "engine-steps: $steps steps, best of $rounds rounds"
echo "  runbook run --auto : $(( best_engine / 1000 )) ms ($events events recorded)"
echo "  bash -c x $steps    : $(( best_bash / 1000 )) ms"
awk -v e="$best_engine" -v b="$best_bash" -v n="$steps" 'BEGIN {
    printf "  ratio              : %.2fx (target < 1.5x)\n", e / b
    printf "  engine cost / step : %.0f us over a bash -c spawn of %.0f us\n", (e - b) / n, b / n
}'
