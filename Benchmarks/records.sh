#!/usr/bin/env bash
# Records for people at scale: `runbook history` over 10,000 runs and `runbook export` of a run
# with 5,000 events, each against the 100 ms median target and as a ratio to the cost of
# spawning `sqlite3` on the same database for a `count(*)` (measured in the same run).
#
# Seeding goes through the real engine: one `runbook run --auto` of a 1,666-step runbook
# records the 5,000-event run (run-started, 3 events per step, finished); a small run is then
# cloned 10,000 times with sqlite3 inserts (new ids and times, same revision and events), so
# history reads rows exactly as the engine writes them.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-10000}
steps=${STEPS:-1666}
# RUNBOOK_BINARY measures another build (an older commit's, for a before/after) without building.
if [[ -n ${RUNBOOK_BINARY:-} ]]; then
    binary=$(realpath "$RUNBOOK_BINARY")
else
    swift build -c release --static-swift-stdlib --product runbook >/dev/null
    binary=$PWD/.build/release/runbook
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/records.sqlite

# The big run: each step prints a few lines, so every step has an output event.
{
    printf -- '---\nid: bench-big\ntitle: Big run\nversion: 1\n---\n# Big run\n'
    for i in $(seq "$steps"); do printf '\n## Step %s\n```bash {id=s%s}\nprintf "step %s line 1\\nline 2\\nline 3\\n"\n```\n' "$i" "$i" "$i"; done
} > "$work/big.md"
seed_start=$(date +%s%N)
"$binary" run --auto --records "$db" "$work/big.md" >/dev/null 2>&1
big=$(sqlite3 "$db" "select id from run where runbook_id = 'bench-big'")
events=$(sqlite3 "$db" "select count(*) from event where run_id = '$big'")

# The small run to clone: a step, a skipped-by-author step, a note-free run of 6 events.
printf -- '---\nid: bench-small\ntitle: Nightly snapshot\nversion: 3\n---\n# Nightly snapshot\n\n## Check\n```bash {id=check}\necho ok\n```\n\n## Snapshot\n```bash {id=snap}\necho done\n```\n' > "$work/small.md"
"$binary" run --auto --records "$db" "$work/small.md" >/dev/null 2>&1
small=$(sqlite3 "$db" "select id from run where runbook_id = 'bench-small'")
sqlite3 "$db" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $runs - 1)
INSERT INTO run (id, revision_hash, runbook_id, path, operator, host, mode, variables, secret_names, status, started_at, finished_at, tool_version)
SELECT '01hz' || printf('%022d', i), revision_hash, runbook_id, path, 'op' || (i % 7), 'host' || (i % 3), mode, variables, secret_names,
       CASE WHEN i % 10 = 0 THEN 'failed' ELSE status END, started_at - 86400 * 365 + i * 600, finished_at - 86400 * 365 + i * 600, tool_version
FROM run, n WHERE run.id = '$small';
INSERT INTO event (run_id, sequence, time, step_id, kind, payload)
SELECT r.id, e.sequence, e.time - (SELECT started_at FROM run WHERE id = '$small') + r.started_at, e.step_id, e.kind, e.payload
FROM run r JOIN event e ON e.run_id = '$small' WHERE r.id LIKE '01hz%';
SQL
seed_ms=$(( ($(date +%s%N) - seed_start) / 1000000 ))
total_runs=$(sqlite3 "$db" "select count(*) from run")
total_events=$(sqlite3 "$db" "select count(*) from event")
echo "records: $total_runs runs, $total_events events; the big run $big has $events events (seeded in ${seed_ms} ms)"

export RUNBOOK_RECORDS=$db
hyperfine --style none --warmup 3 --runs "${ROUNDS:-30}" -N --export-json "$work/results.json" \
    -n baseline "sqlite3 $db 'select count(*) from run'" \
    -n history "$binary history" \
    -n history-all "$binary history --limit 0" \
    -n history-json-all "$binary history --limit 0 --json" \
    -n export-md "$binary export $big --format md" \
    -n export-html "$binary export $big --format html" \
    -n export-json "$binary export $big --format json" \
    -n log "$binary log $big" >/dev/null

python3 - "$work/results.json" <<'PY'
import json, statistics, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
base = statistics.median(results["baseline"]["times"]) * 1000
print(f"{'command':<18} {'median':>9} {'min':>9} {'max':>9}  {'vs sqlite3':>10}  target")
for name, r in results.items():
    median = statistics.median(r["times"]) * 1000
    target = "" if name == "baseline" else ("< 100 ms ok" if median < 100 else "< 100 ms MISSED")
    print(f"{name:<18} {median:8.1f}ms {min(r['times'])*1000:8.1f}ms {max(r['times'])*1000:8.1f}ms  {median / base:9.2f}x  {target}")
PY
