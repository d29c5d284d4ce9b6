#!/usr/bin/env bash
# Measures the full-screen interface from the outside, in a real terminal
# (tmux), with the release binary:
#
#   1. time from launch to first frame: from sending the command line to
#      the shell until capture-pane shows the welcome title, minus the same
#      round trip for a plain `echo` (tmux, the shell and the polling);
#   2. CPU used while waiting for a key: utime + stime of the process (all
#      its threads) from /proc/PID/stat, before and after an idle period,
#      and the context switches of all its threads (0 means it never woke).
#
# Usage: benches/tui_idle.sh [IDLE_SECONDS] [RUNS]
# Needs tmux and Linux /proc. Nothing here is part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

idle=${1:-10}
runs=${2:-5}

command -v tmux >/dev/null || { echo "tmux is not installed" >&2; exit 1; }
cargo build --release --quiet
bin=$PWD/target/release/restless
sock="restless-bench-$$"
dir=$(mktemp -d)
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$dir"' EXIT

t() { tmux -L "$sock" "$@"; }
now_ns() { date +%s%N; }
pane() { t capture-pane -p -t bench; }
# Waits until the pane shows $1 (up to 10 s).
wait_for() {
    local deadline=$(($(now_ns) + 10000000000))
    until pane | grep -qF -- "$1"; do
        if (($(now_ns) > deadline)); then
            echo "timed out waiting for: $1" >&2
            pane >&2
            exit 1
        fi
    done
}

t -f /dev/null new-session -d -s bench -x 80 -y 24 \
    "env -i PATH=$PATH HOME=$dir TERM=xterm-256color LANG=C.UTF-8 PS1='$ ' sh"
wait_for '$'

echo "launch to first frame (release, 80x24, ${runs} runs):"
total_app=0
total_echo=0
for i in $(seq 1 "$runs"); do
    t send-keys -t bench "clear" Enter
    sleep 0.2
    start=$(now_ns)
    t send-keys -t bench "echo READY-\$((40+$i))" Enter
    wait_for "READY-$((40 + i))"
    echo_ms=$((($(now_ns) - start) / 1000000))

    t send-keys -t bench "clear" Enter
    sleep 0.2
    start=$(now_ns)
    t send-keys -t bench "$bin" Enter
    wait_for "Restless legs screening"
    app_ms=$((($(now_ns) - start) / 1000000))
    # Nothing entered yet: Ctrl-C quits without asking.
    t send-keys -t bench C-c
    wait_for '$'
    echo "  run $i: ${app_ms} ms (shell echo round trip: ${echo_ms} ms)"
    total_app=$((total_app + app_ms))
    total_echo=$((total_echo + echo_ms))
done
echo "  mean: $((total_app / runs)) ms; mean echo round trip: $((total_echo / runs)) ms;" \
    "first frame about $(((total_app - total_echo) / runs)) ms after launch"

echo
echo "idle CPU while waiting for a key (${idle} s on the welcome screen):"
t send-keys -t bench "clear" Enter
sleep 0.2
t send-keys -t bench "sh -c 'echo \$\$ > $dir/pid; exec $bin'" Enter
wait_for "Restless legs screening"
pid=$(cat "$dir/pid")
# Let start-up settle so it is not counted.
sleep 1
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
switches() {
    cat /proc/"$pid"/task/*/status | awk '/ctxt_switches/ { n += $2 } END { print n }'
}
hz=$(getconf CLK_TCK)
ticks_before=$(ticks)
switches_before=$(switches)
sleep "$idle"
ticks_after=$(ticks)
switches_after=$(switches)
threads=$(ls /proc/"$pid"/task | wc -l)
used=$((ticks_after - ticks_before))
echo "  CPU time used: ${used} ticks (1 tick = 1/${hz} s) in ${idle} s" \
    "= $(awk -v u="$used" -v hz="$hz" -v s="$idle" 'BEGIN { printf "%.3f%%", 100 * u / hz / s }')"
echo "  context switches of its ${threads} threads: $((switches_after - switches_before))"
t send-keys -t bench C-c
wait_for '$'
