#!/usr/bin/env bash
# Records on PostgreSQL (issue 15), against a throwaway cluster on loopback this script starts:
#   - a 200-step `runbook run --auto` on PostgreSQL as a ratio to the same run on SQLite,
#     both measured here in the same run (target: at most 1.3x);
#   - `runbook history` over 10,000 runs and `runbook export` of a 5,000-event run on
#     PostgreSQL (target: under 100 ms median each).
#
# Seeding goes through the real engine (the 5,000-event run is one `--auto` run of a
# 1,666-step runbook); a small engine-recorded run is then cloned 10,000 times with SQL, so
# history reads rows as the engine writes them. The cluster runs as the `postgres` user when
# this script runs as root, with fsync off (a benchmark, not a store), and is removed at exit.
# ONLY=auto measures the 200-step comparison alone (a quick check of the append path).
# shellcheck disable=SC2016 # the runbooks' code blocks are written literally
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-10000}
steps=${STEPS:-1666}
rounds=${ROUNDS:-10}
auto_rounds=${AUTO_ROUNDS:-10}
only=${ONLY:-}
# RUNBOOK_BINARY measures another build (a debug one, an older commit's) without building.
if [[ -n ${RUNBOOK_BINARY:-} ]]; then
    binary=$(realpath "$RUNBOOK_BINARY")
else
    swift build -c release --static-swift-stdlib --product runbook >/dev/null
    binary=$PWD/.build/release/runbook
fi
pg_bin=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -1)
[[ -x $pg_bin/initdb ]] || { echo "PostgreSQL's server binaries are not installed (apt-get install postgresql)" >&2; exit 2; }

work=$(mktemp -d)
cluster=$(mktemp -d /tmp/runbook-pg-bench-XXXXXX)
as_pg=()
if [[ $(id -u) == 0 ]]; then
    chown postgres: "$cluster"
    as_pg=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
stop_cluster() {
    (cd / && "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$cluster/data" -m immediate -w stop >/dev/null 2>&1) || true
    rm -rf "$work" "$cluster"
}
trap stop_cluster EXIT
(cd / && "${as_pg[@]}" "$pg_bin/initdb" -D "$cluster/data" -U postgres --auth=trust -E UTF8 --locale=C --no-sync >/dev/null)
(cd / && "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -o \
    "-p $port -h 127.0.0.1 -k $cluster -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null)
psql_do() { psql -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d "$1" -c "$2"; }
psql_do postgres "CREATE DATABASE auto_bench" >/dev/null
psql_do postgres "CREATE DATABASE records_bench" >/dev/null
auto_pg=postgresql://postgres@127.0.0.1:$port/auto_bench
pg=postgresql://postgres@127.0.0.1:$port/records_bench

# 1. The 200-step --auto run, SQLite against PostgreSQL.
{
    printf -- '---\nid: bench-auto\ntitle: Two hundred steps\nversion: 1\n---\n# Two hundred steps\n'
    for i in $(seq 200); do printf '\n## Step %s\n```bash {id=s%s}\necho "step %s"\n```\n' "$i" "$i" "$i"; done
} > "$work/auto.md"
# The two runs alternate, round by round, and the ratio is the median of each round's ratio:
# on a shared machine the load drifts over seconds, and measuring all SQLite runs and then all
# PostgreSQL runs (as hyperfine does) put the drift into the ratio.
python3 - "$work/auto.json" "$auto_rounds" \
    "$binary run --auto --records $work/auto.sqlite $work/auto.md" \
    "$binary run --auto --records $auto_pg $work/auto.md" <<'PY'
import json, statistics, subprocess, sys, time
out, rounds, sqlite_command, pg_command = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(), sys.argv[4].split()
def once(command):
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start
once(sqlite_command), once(pg_command)  # warm-up: page cache, the server's catalog caches
sqlite, pg = [], []
for round in range(rounds):
    if round % 2:
        pg.append(once(pg_command)); sqlite.append(once(sqlite_command))
    else:
        sqlite.append(once(sqlite_command)); pg.append(once(pg_command))
ratio = statistics.median(p / s for s, p in zip(sqlite, pg))
extra = statistics.median((p - s) * 1000 / 200 for s, p in zip(sqlite, pg))
json.dump({"ratio": ratio, "results": [{"command": "auto-sqlite", "times": sqlite}, {"command": "auto-postgresql", "times": pg}]},
          open(out, "w"))
print(f"200-step --auto run, {rounds} alternating rounds: SQLite {statistics.median(sqlite) * 1000:.1f} ms, "
      f"PostgreSQL {statistics.median(pg) * 1000:.1f} ms (medians); PostgreSQL/SQLite {ratio:.2f}x "
      f"(<= 1.3x {'ok' if ratio <= 1.3 else 'MISSED'}), PostgreSQL adds {extra:.2f} ms per step")
PY
[[ $only == auto ]] && exit 0

# 2. history over 10,000 runs and export of a 5,000-event run, on PostgreSQL.
{
    printf -- '---\nid: bench-big\ntitle: Big run\nversion: 1\n---\n# Big run\n'
    for i in $(seq "$steps"); do printf '\n## Step %s\n```bash {id=s%s}\nprintf "step %s line 1\\nline 2\\nline 3\\n"\n```\n' "$i" "$i" "$i"; done
} > "$work/big.md"
seed_start=$(date +%s%N)
"$binary" run --auto --records "$pg" "$work/big.md" >/dev/null 2>&1
big=$(psql_do records_bench "select id from runbook.run where runbook_id = 'bench-big'")
events=$(psql_do records_bench "select count(*) from runbook.event where run_id = '$big'")
printf -- '---\nid: bench-small\ntitle: Nightly snapshot\nversion: 3\n---\n# Nightly snapshot\n\n## Check\n```bash {id=check}\necho ok\n```\n\n## Snapshot\n```bash {id=snap}\necho done\n```\n' > "$work/small.md"
"$binary" run --auto --records "$pg" "$work/small.md" >/dev/null 2>&1
small=$(psql_do records_bench "select id from runbook.run where runbook_id = 'bench-small'")
psql_do records_bench "
INSERT INTO runbook.run (id, revision_hash, runbook_id, path, operator, host, mode, variables, secret_names, status, started_at, finished_at, tool_version, head_hash)
SELECT '01hz' || lpad(i::text, 22, '0'), revision_hash, runbook_id, path, 'op' || (i % 7), 'host' || (i % 3), mode, variables, secret_names,
       CASE WHEN i % 10 = 0 THEN 'failed' ELSE status END, started_at - 86400 * 365 + i * 600, finished_at - 86400 * 365 + i * 600, tool_version, head_hash
FROM runbook.run, generate_series(1, $runs - 1) AS i WHERE runbook.run.id = '$small';
INSERT INTO runbook.event (run_id, sequence, time, step_id, kind, payload, hash)
SELECT r.id, e.sequence, e.time - (SELECT started_at FROM runbook.run WHERE id = '$small') + r.started_at, e.step_id, e.kind, e.payload, e.hash
FROM runbook.run r JOIN runbook.event e ON e.run_id = '$small' WHERE r.id LIKE '01hz%';
ANALYZE;" >/dev/null
seed_ms=$(( ($(date +%s%N) - seed_start) / 1000000 ))
total_runs=$(psql_do records_bench "select count(*) from runbook.run")
echo "binary: $binary"
echo "records on PostgreSQL: $total_runs runs; the big run $big has $events events (seeded in ${seed_ms} ms)"

hyperfine --style none --warmup 2 --runs "$rounds" -N --export-json "$work/records.json" \
    -n history "$binary history --records $pg" \
    -n export-json "$binary export $big --format json --records $pg" \
    -n export-md "$binary export $big --format md --records $pg" >/dev/null

python3 - "$work/auto.json" "$work/records.json" <<'PY'
import json, statistics, sys
auto_file = json.load(open(sys.argv[1]))
auto = {r["command"]: r for r in auto_file["results"]}
records = {r["command"]: r for r in json.load(open(sys.argv[2]))["results"]}
median = lambda r: statistics.median(r["times"]) * 1000
ratio = auto_file["ratio"]
print(f"{'command':<18} {'median':>10} {'min':>10} {'max':>10}  target")
for name, r in list(auto.items()) + list(records.items()):
    target = ""
    if name == "auto-postgresql":
        target = f"{ratio:.2f}x SQLite's, <= 1.3x " + ("ok" if ratio <= 1.3 else "MISSED")
    elif name in records:
        target = "< 100 ms " + ("ok" if median(r) < 100 else "MISSED")
    print(f"{name:<18} {median(r):9.1f}ms {min(r['times'])*1000:9.1f}ms {max(r['times'])*1000:9.1f}ms  {target}")
PY
