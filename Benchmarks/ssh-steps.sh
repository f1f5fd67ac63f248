#!/usr/bin/env bash
# Per-step cost of a remote host (issue 16): a runbook of 50 `true` steps with `host=bench`
# under `runbook run --auto` (its own master connection included) against 50
# `ssh -S CONTROL bench true` over an already open master connection to the same loopback
# sshd. Prints both times and their ratio, measured in this one run (target: at most 0.5x).
# Needs root (sshd changes user) and openssh-server. RUNBOOK_BINARY=path measures that binary
# instead of building the release one.
set -euo pipefail
cd "$(dirname "$0")/.."
steps=${STEPS:-50}
rounds=${ROUNDS:-3}
if [[ -n ${RUNBOOK_BINARY:-} ]]; then
    binary=$(realpath "$RUNBOOK_BINARY")
else
    swift build -c release --static-swift-stdlib --product runbook >/dev/null
    binary=.build/release/runbook
fi
work=$(mktemp -d)
sshd_pid=""
cleanup() {
    [[ -n $sshd_pid ]] && kill "$sshd_pid" 2>/dev/null
    ssh -F "$work/ssh_config" -S "$work/control" -O exit bench 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# A loopback sshd with its own host key, a client key, known_hosts and an ssh config.
mkdir -p /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$work/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$work/client_key"
cp "$work/client_key.pub" "$work/authorized_keys"
port=$(( 20000 + RANDOM % 30000 ))
cat > "$work/sshd_config" <<CONFIG
Port $port
ListenAddress 127.0.0.1
HostKey $work/host_key
AuthorizedKeysFile $work/authorized_keys
PidFile none
StrictModes no
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
UseDNS no
MaxSessions 100
CONFIG
echo "bench $(cut -d' ' -f1,2 "$work/host_key.pub")" > "$work/known_hosts"
cat > "$work/ssh_config" <<CONFIG
Host bench
  HostName 127.0.0.1
  Port $port
  User root
  HostKeyAlias bench
  IdentityFile $work/client_key
  IdentitiesOnly yes
  UserKnownHostsFile $work/known_hosts
  StrictHostKeyChecking yes
  BatchMode yes
  LogLevel ERROR
CONFIG
/usr/sbin/sshd -D -f "$work/sshd_config" &
sshd_pid=$!
for _ in $(seq 50); do ssh -F "$work/ssh_config" bench true 2>/dev/null && break; sleep 0.1; done

{
    printf -- '---\nhosts:\n  bench: bench\n---\n# %s remote true steps\n' "$steps"
    # shellcheck disable=SC2016 # the backquotes are Markdown fences, not command substitution
    for i in $(seq "$steps"); do printf '\n## Step %s\n```bash {id=s%s host=bench}\ntrue\n```\n' "$i" "$i"; done
} > "$work/steps.md"
ssh -F "$work/ssh_config" -o ControlMaster=yes -o ControlPath="$work/control" -N -f bench

best_engine=999999999; best_ssh=999999999
for _ in $(seq "$rounds"); do
    rm -f "$work"/records.sqlite*
    start=$(date +%s%N)
    RUNBOOK_SSH_COMMAND="ssh -F $work/ssh_config" \
        "$binary" run --auto --records "$work/records.sqlite" "$work/steps.md" >/dev/null 2>&1
    engine=$(( ($(date +%s%N) - start) / 1000 ))
    start=$(date +%s%N)
    for _ in $(seq "$steps"); do ssh -F "$work/ssh_config" -S "$work/control" bench true; done
    baseline=$(( ($(date +%s%N) - start) / 1000 ))
    (( engine < best_engine )) && best_engine=$engine
    (( baseline < best_ssh )) && best_ssh=$baseline
done
succeeded=$(sqlite3 "$work/records.sqlite" "select count(*) from event where kind = 'step-finished'")
echo "ssh-steps: $steps steps on one loopback host, best of $rounds rounds"
echo "  runbook run --auto        : $(( best_engine / 1000 )) ms ($succeeded steps finished, master connection included)"
echo "  ssh -S CONTROL x $steps     : $(( best_ssh / 1000 )) ms"
awk -v e="$best_engine" -v b="$best_ssh" -v n="$steps" 'BEGIN {
    printf "  ratio                     : %.2fx (target <= 0.5x)\n", e / b
    printf "  wall time / step          : %.1f ms (ssh over the master: %.1f ms)\n", e / n / 1000, b / n / 1000
}'
