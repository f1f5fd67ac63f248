#!/usr/bin/env bash
# The work a session step costs, in instructions (callgrind), which other load on the machine
# does not change: runbook's own share of a step, the session bash's and the step's forked
# child's, for this build and for BASELINE_BINARY (an older build) measured in the same run,
# with their ratio. Wall-clock figures (`engine-steps.sh`) swing 2x on a shared machine.
#
# runbook's share: callgrind on `runbook run --auto` of 20 and of 200 `true` steps, the
# difference over 180 steps (children not traced). The shells' shares: a 20-step run's exact
# messages to its session (taken with `strace -f -xx`) are fed into the same `bash -c` session
# loop under `valgrind --trace-children=yes`: the session's share from 5 against 20 steps; the
# child's from the last step's child's count (a fork keeps its parent's) less what the session
# had counted when it forked that child. Builds before the session forked ahead (a gate byte
# after each request) are replayed the same way.
# Needs valgrind, strace and python3. RUNBOOK_BINARY=path measures that build.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -n ${RUNBOOK_BINARY:-} ]]; then
    binary=$(realpath "$RUNBOOK_BINARY")
else
    swift build -c release --static-swift-stdlib --product runbook >/dev/null
    binary=$PWD/.build/release/runbook
fi
for tool in valgrind strace python3; do
    command -v "$tool" >/dev/null || { echo "step-work: needs $tool" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for steps in 20 200; do
    {
        echo "# $steps true steps"
        # shellcheck disable=SC2016 # the backquotes are the Markdown block's fence
        for i in $(seq "$steps"); do printf '\n## Step %s\n```bash {id=s%s}\ntrue\n```\n' "$i" "$i"; done
    } > "$work/steps$steps.md"
done

# Prints "runbook session child" in thousands of instructions per step for binary $1.
measure() {
    local bin=$1 label=$2 steps
    # valgrind cannot read the debug info of Swift's static release builds: strip it.
    cp "$bin" "$work/$label-bin" && strip --strip-debug "$work/$label-bin"
    for steps in 20 200; do
        rm -f "$work"/records.sqlite*
        valgrind --tool=callgrind --callgrind-out-file="$work/$label-$steps.cg" \
            "$work/$label-bin" run --auto --records "$work/records.sqlite" "$work/steps$steps.md" >/dev/null 2>&1
    done
    rm -f "$work"/records.sqlite*
    strace -f -xx -s 1000000 -e trace=sendto,execve -o "$work/$label.strace" \
        "$work/$label-bin" run --auto --records "$work/records.sqlite" "$work/steps20.md" >/dev/null 2>&1
    python3 - "$work" "$label" <<'EOF'
import glob, os, random, re, shutil, string, subprocess, sys
work, label = sys.argv[1], sys.argv[2]

def total(path):
    return int(re.search(r'^summary: (\d+)', open(path).read(), re.M).group(1))

runbook = (total(f'{work}/{label}-200.cg') - total(f'{work}/{label}-20.cg')) / 180

def unhex(text):
    return bytes.fromhex(text.replace('\\x', ''))

trace = open(f'{work}/{label}.strace').read()
argv = None
for match in re.finditer(r'execve\("[^"]*", \[(.*?)\], 0x', trace):
    words = [unhex(word) for word in re.findall(r'"((?:\\x[0-9a-f]{2})*)"', match.group(1))]
    if len(words) > 3 and words[1] == b'-c' and words[3] == b'runbook-session':
        argv = words
        break
assert argv, 'no session shell in the trace'
sends = [(fd, unhex(text)) for fd, text in re.findall(r'sendto\((\d+), "((?:\\x[0-9a-f]{2})*)"', trace)]
socket = next(fd for fd, data in sends if re.fullmatch(rb'\d{9}.*', data, re.S))
feed = b''.join(data for fd, data in sends if fd == socket)
# A step's unit: its request with what follows it up to the next step's request (its gate
# byte in older builds, the session's update in newer ones, sent after the step or behind it).
units, at = [], 0
while at < len(feed):
    length = int(feed[at:at + 9])
    end = at + 9 + length
    if feed[end:end + 1] == b'g':
        end += 1
    message = feed[at:end]
    if b'__runbook_kind=R' in message or not units:
        units.append(message)
    else:
        units[-1] += message
    at = end
# The replay's directory has the same length as the run's, so the requests' lengths hold.
old = argv[-1]
base = os.path.dirname(old.decode())
while True:
    new = base + '/runbook-' + ''.join(random.choice(string.ascii_letters) for _ in range(6))
    assert len(new.encode()) == len(old)
    try:
        os.mkdir(new, 0o700)
        break
    except FileExistsError:
        continue
open(new + '/session', 'w').close()
argv = argv[:-1] + [new.encode()]

def replay_run(count):
    out = f'{work}/{label}-replay'
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    data = b''.join(unit.replace(old, new.encode()) for unit in units[:count])
    subprocess.run(['valgrind', '--tool=callgrind', '--trace-children=yes', f'--callgrind-out-file={out}/cg.%p']
                   + [a.decode() for a in argv], input=data, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    counts = {int(path.rsplit('.', 1)[1]): total(path) for path in glob.glob(f'{out}/cg.*')}
    pids = sorted(counts)
    return counts[pids[0]], [counts[pid] for pid in pids[1:]]

session5, _ = replay_run(5)
session20, children = replay_run(20)
shutil.rmtree(new, ignore_errors=True)
session = (session20 - session5) / 15
if len(children) == 20:
    # Forked on request: the session's final count is its count at the last fork plus its
    # end of that step.
    child = children[-1] - session20
else:
    # Forked ahead: the 21st child, forked after the last step and ended by the end of the
    # stream, carries the session's count at its fork, one session step after the 20th's.
    assert len(children) == 21, f'{len(children)} children replayed, not 20 or 21'
    child = children[19] - (children[20] - session)
print(f'{runbook / 1000:.0f} {session / 1000:.0f} {child / 1000:.0f}')
EOF
}

read -r runbook session child < <(measure "$binary" this)
echo "step-work: instructions per session step (callgrind), runbook's share over 180 steps"
printf '  %-10s %9s %9s %9s %9s\n' build runbook session child total
printf '  %-10s %8sk %8sk %8sk %8sk\n' this "$runbook" "$session" "$child" $((runbook + session + child))
if [[ -n ${BASELINE_BINARY:-} ]]; then
    read -r b_runbook b_session b_child < <(measure "$(realpath "$BASELINE_BINARY")" baseline)
    printf '  %-10s %8sk %8sk %8sk %8sk\n' baseline "$b_runbook" "$b_session" "$b_child" \
        $((b_runbook + b_session + b_child))
    awk -v a=$((runbook + session + child)) -v b=$((b_runbook + b_session + b_child)) \
        'BEGIN { printf "  ratio      : %.2fx of the baseline build\n", a / b }'
else
    echo "  (BASELINE_BINARY=path adds an older build and the ratio to it)"
fi
