#!/usr/bin/env bash
# Per-step cost of the engine, durable record included: a runbook of 200 `true` steps under
# `runbook run --auto` against a bash script that runs the same 200 commands each via
# `bash -c`. Prints both times, their ratio, measured in this one run (target: at most 0.6x),
# and the CPU time per step (user + system, the steps' shells included) of each. A third
# figure is the floor a bash session cannot go below on this machine: one bash forking each
# step into a process group of its own (`set -m`, `&`, `wait`), running `true` there and
# dumping the state runbook carries (the same builtins), with no runbook and no records at all.
# RUNBOOK_BINARY=path measures that binary instead of building the release one.
set -euo pipefail
cd "$(dirname "$0")/.."
steps=${STEPS:-200}
rounds=${ROUNDS:-5}
if [[ -n ${RUNBOOK_BINARY:-} ]]; then
    binary=$(realpath "$RUNBOOK_BINARY")
else
    swift build -c release --static-swift-stdlib --product runbook >/dev/null
    binary=.build/release/runbook
fi
work=$(mktemp -d)
# The floor's state file lives where runbook keeps its session file: in memory (see
# SessionDirectory). On a disk mounted with `discard`, truncating it would cost a synchronous
# discard per step and measure the disk, not the shell.
floor_dir=$(mktemp -d -p "${XDG_RUNTIME_DIR:-/dev/shm}" 2>/dev/null || mktemp -d)
trap 'rm -rf "$work" "$floor_dir"' EXIT

{
    echo "# $steps true steps"
    for i in $(seq "$steps"); do printf '\n## Step %s\n```bash {id=s%s}\ntrue\n```\n' "$i" "$i"; done
} > "$work/steps.md"
{
    echo '#!/usr/bin/env bash'
    for _ in $(seq "$steps"); do echo "bash -c true"; done
} > "$work/baseline.sh"
chmod +x "$work/baseline.sh"
cat > "$work/floor.sh" <<'EOF'
#!/usr/bin/env bash
set -m
for _ in $(seq "$2"); do
    ( exec </dev/null >/dev/null 2>&1; true
      { builtin printf '%s\0%s\0' "$PWD" "$PWD"; builtin export -p; builtin printf '\0%s\0%s\0' "$SHELLOPTS" "$BASHOPTS"
        builtin alias -p; builtin declare -f; } >"$1" ) &
    wait "$!"
done
EOF
chmod +x "$work/floor.sh"

# CPU (user + system, in clock ticks) of finished children so far, from /proc.
children_cpu() { awk '{ print $16 + $17 }' "/proc/$1/stat"; }
tick=$(getconf CLK_TCK)

# Best of N for each, interleaved, so both see the same machine load.
best_engine=999999999; best_bash=999999999; best_engine_cpu=999999999; best_bash_cpu=999999999; best_floor=999999999
for _ in $(seq "$rounds"); do
    rm -f "$work"/records.sqlite*
    read -r engine engine_cpu < <(
        me=$BASHPID; cpu=$(children_cpu "$me"); start=$(date +%s%N)
        "$binary" run --auto --records "$work/records.sqlite" "$work/steps.md" >/dev/null 2>&1
        echo $(( ($(date +%s%N) - start) / 1000 )) $(( $(children_cpu "$me") - cpu )))
    read -r baseline baseline_cpu < <(
        me=$BASHPID; cpu=$(children_cpu "$me"); start=$(date +%s%N)
        "$work/baseline.sh"
        echo $(( ($(date +%s%N) - start) / 1000 )) $(( $(children_cpu "$me") - cpu )))
    start=$(date +%s%N)
    "$work/floor.sh" "$floor_dir/state" "$steps" 2>/dev/null
    floor=$(( ($(date +%s%N) - start) / 1000 ))
    (( floor < best_floor )) && best_floor=$floor
    (( engine < best_engine )) && best_engine=$engine
    (( baseline < best_bash )) && best_bash=$baseline
    (( engine_cpu < best_engine_cpu )) && best_engine_cpu=$engine_cpu
    (( baseline_cpu < best_bash_cpu )) && best_bash_cpu=$baseline_cpu
done
events=$(sqlite3 "$work/records.sqlite" 'select count(*) from event')
echo "engine-steps: $steps steps, best of $rounds rounds"
echo "  runbook run --auto : $(( best_engine / 1000 )) ms ($events events recorded)"
echo "  bash -c x $steps    : $(( best_bash / 1000 )) ms"
echo "  session floor      : $(( best_floor / 1000 )) ms (bash alone: fork, group, dump; no runbook)"
awk -v e="$best_engine" -v b="$best_bash" -v f="$best_floor" -v n="$steps" -v ec="$best_engine_cpu" -v bc="$best_bash_cpu" -v t="$tick" 'BEGIN {
    printf "  ratio              : %.2fx (target <= 0.6x)\n", e / b
    printf "  floor ratio        : %.2fx of bash -c (what is left for runbook: %.0f us a step)\n", f / b, (0.6 * b - f) / n
    printf "  wall time / step   : %.0f us (bash -c spawn: %.0f us)\n", e / n, b / n
    printf "  CPU / step         : %.0f us, runbook and its shell (bash -c spawn: %.0f us)\n", ec * 1e6 / t / n, bc * 1e6 / t / n
}'
