#!/usr/bin/env bash
# Measures the release build of `restless` from the outside, next to
# anchors, and prints one table (see BENCHMARKS.md for the method and the
# targets). In one run:
#
#   - launch → first frame, launch → first key handled (ready for input:
#     for restless with the built-in questionnaire, with --questionnaire
#     and with a draft to offer), key press → redrawn frame, idle CPU, wake-ups
#     and bytes written while waiting for a key, peak memory: on a real pty
#     of 80x24 (scripts/ptybench.py), for restless and for the anchors:
#     a minimal ratatui program (benches/anchor), the same after parsing a
#     200-item TOML file, `dialog --yesno` and `whiptail --yesno`;
#   - peak memory of a whole screening (every answer typed, to the result);
#   - binary size, as built and stripped;
#   - `restless validate` of generated questionnaires (2,000 and 5,000
#     items), `restless --help` and `/bin/true` as the floor of a process;
#   - `restless score` of 10,000 answers files in one call, files per second;
#   - score and validate against the parse floor: `cat` of the same files
#     and `toml-parse` (benches/anchor: the toml crate's parse alone).
#
# Usage: scripts/bench.sh
# Environment: RUNS (launches, default 20), KEY_RUNS (key presses, 200),
# IDLE (idle seconds, 10), MEMORY_RUNS (5), SCORE_FILES (10000),
# SCORE_RUNS (3), QUIET_WAIT (seconds to wait, before each measurement,
# for other processes to use less than 10% of the CPUs; default 0: do not
# wait, only report). Results are kept in target/bench/ (JSON and the
# table). The figures are only worth comparing on an otherwise idle
# machine: the table says how much CPU other processes took meanwhile.
# Installs with apt-get what it lacks (time, dialog, whiptail, binutils).
# Linux only (/proc, ptys). Nothing here is part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-20}
KEY_RUNS=${KEY_RUNS:-200}
IDLE=${IDLE:-10}
MEMORY_RUNS=${MEMORY_RUNS:-5}
SCORE_FILES=${SCORE_FILES:-10000}
SCORE_RUNS=${SCORE_RUNS:-3}
export QUIET_WAIT=${QUIET_WAIT:-0}

# Percentage of all CPUs busy over one second (/proc/stat), while this
# script sleeps: what other processes use.
busy_percent() {
    local a b
    read -r -a a < <(head -1 /proc/stat)
    sleep 1
    read -r -a b < <(head -1 /proc/stat)
    local total=0 idle i
    for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
    idle=$((b[4] - a[4] + b[5] - a[5]))
    echo $((total > 0 ? 100 * (total - idle) / total : 0))
}

# ------------------------------------------------------------- tools
need_apt=()
[[ -x /usr/bin/time ]] || need_apt+=(time)
command -v dialog >/dev/null || need_apt+=(dialog)
command -v whiptail >/dev/null || need_apt+=(whiptail)
command -v strip >/dev/null || need_apt+=(binutils)
command -v python3 >/dev/null || need_apt+=(python3)
if ((${#need_apt[@]})); then
    echo "installing: ${need_apt[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# ------------------------------------------------------------- build
target=${CARGO_TARGET_DIR:-$PWD/target}
echo "building (release) ..." >&2
cargo build --release --quiet
# The anchors: their own package, compiled into the same target directory
# so that ratatui, crossterm and toml are shared with the main build, and
# with the main crate's [profile.release] settings, so that both are built
# alike.
mapfile -t profile_args < <(python3 - <<'PY'
import tomllib
with open("Cargo.toml", "rb") as f:
    release = tomllib.load(f).get("profile", {}).get("release", {})
for key, value in release.items():
    if isinstance(value, bool):
        value = "true" if value else "false"
    elif isinstance(value, (int, float)):
        value = str(value)
    elif isinstance(value, str):
        value = f'"{value}"'
    else:
        continue
    print("--config")
    print(f"profile.release.{key}={value}")
PY
)
cargo build --release --quiet --manifest-path benches/anchor/Cargo.toml --target-dir "$target" \
    "${profile_args[@]}"
bin=$target/release/restless
anchor=$target/release/ratatui-anchor
gen=$target/release/gen-questionnaire
toml_parse=$target/release/toml-parse

out=$target/bench
mkdir -p "$out"

waited=0
busy_before=$(busy_percent)
while ((busy_before >= 10 && waited < QUIET_WAIT)); do
    echo "other processes use ${busy_before}% of the CPUs; waiting ..." >&2
    sleep 9
    waited=$((waited + 10))
    busy_before=$(busy_percent)
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pty() { python3 scripts/ptybench.py "$@"; }

"$gen" 200 >"$work/q200.toml"
"$gen" 2000 >"$work/q2000.toml"
"$gen" 5000 >"$work/q5000.toml"

# ------------------------------------------------- full-screen programs
# Hex keys: 03 Ctrl-C, 09 Tab, 1b5b5a Shift-Tab, 0d Enter, 71 q, 64 d (in the
# quit box: quit, deleting the answers), 1b5b42 Down, 1b5b41 Up, 78 x, 79 y.
common=(--runs "$RUNS" --key-runs "$KEY_RUNS" --idle "$IDLE" --memory-runs "$MEMORY_RUNS")

echo "restless: launch, ready, Tab/Shift-Tab on the welcome screen, idle, memory ..." >&2
# With nothing entered, Ctrl-C quits at once. Ready: Tab as soon as the
# welcome screen shows.
pty tui "${common[@]}" --marker "Enter start" --quit 03 --keys 09 1b5b5a --ready-key 09 \
    -- "$bin" >"$out/restless.json"

echo "restless: ready with --questionnaire, and with a draft to offer ..." >&2
pty tui --runs "$RUNS" --key-runs 0 --idle 0 --memory-runs 0 --marker "Enter start" \
    --quit 03 --ready-key 09 \
    -- "$bin" --questionnaire "$PWD/questionnaires/rls-screening.toml" >"$out/restless-file.json"
# A home with one draft (a worked example's answers) in the drafts folder:
# the first screen offers it; Down moves to "start a new screening".
drafts=$work/home/data/restless/drafts
mkdir -p "$drafts"
chmod 700 "$work/home/data" "$work/home/data/restless" "$drafts"
# It starts with the line restless writes at the top of a draft (the
# number of answers for this questionnaire), which is what the list reads.
"$bin" score --format json questionnaires/examples/01-positive-iron-habits.toml |
    python3 -c 'import json, sys; d = json.load(sys.stdin); print("# restless draft: %d answers, questionnaire hash %s" % (len(d["answers"]), d["questionnaire"]["hash"]))' \
        >"$drafts/draft-1700000000-1-0.toml"
cat questionnaires/examples/01-positive-iron-habits.toml >>"$drafts/draft-1700000000-1-0.toml"
chmod 600 "$drafts/draft-1700000000-1-0.toml"
pty tui --runs "$RUNS" --key-runs 0 --idle 0 --memory-runs 0 --marker "q  quit" \
    --quit 03 --ready-key 1b5b42 --home-template "$work/home" \
    -- "$bin" >"$out/restless-drafts.json"

echo "restless: Down/Up on a single-choice question ..." >&2
# Enter starts, 45 Enter answers the age; the next question is a choice.
pty tui --runs 0 --idle 0 --memory-runs 0 --key-runs "$KEY_RUNS" \
    --marker "Enter start" --prelude 0d 34350d --keys 1b5b42 1b5b41 --quit 03 64 \
    -- "$bin" >"$out/restless-question.json"

echo "restless: Enter on a changed answer, drafts kept and drafts off ..." >&2
# Down Enter Shift-Tab, Up Enter Shift-Tab on the choice after the age:
# each Enter confirms another answer, so with drafts on it writes the
# draft (two fsyncs). Only the Enter keys are compared (every third key).
enter_keys=(1b5b42 0d 1b5b5a 1b5b41 0d 1b5b5a)
pty tui --runs 0 --idle 0 --memory-runs 0 --key-runs "$KEY_RUNS" \
    --marker "Enter start" --prelude 0d 34350d --keys "${enter_keys[@]}" --quit 03 64 \
    -- "$bin" >"$out/restless-enter.json"
mkdir -p "$work/nodrafts/config/restless"
printf 'drafts = false\n' >"$work/nodrafts/config/restless/config.toml"
pty tui --runs 0 --idle 0 --memory-runs 0 --key-runs "$KEY_RUNS" \
    --marker "Enter start" --prelude 0d 34350d --keys "${enter_keys[@]}" --quit 03 64 \
    --home-template "$work/nodrafts" \
    -- "$bin" >"$out/restless-enter-nodrafts.json"

echo "restless: peak memory of a whole screening ..." >&2
# shellcheck disable=SC2207
screening=($(python3 scripts/screening_keys.py questionnaires/rls-screening.toml))
pty tui --runs 0 --idle 0 --memory-runs 3 --marker "Enter start" \
    --prelude "${screening[@]}" --prelude-expect "RECOMMENDED" --quit 03 64 \
    -- "$bin" >"$out/restless-screening.json"

echo "anchor: minimal ratatui program ..." >&2
pty tui "${common[@]}" --marker "Press Enter to start" --quit 71 --keys 78 79 --ready-key 78 \
    -- "$anchor" >"$out/anchor.json"
echo "anchor: minimal ratatui program after parsing a 200-item TOML file ..." >&2
pty tui "${common[@]}" --marker "Press Enter to start" --quit 71 --keys 78 79 --ready-key 78 \
    -- "$anchor" --toml "$work/q200.toml" >"$out/anchor-toml.json"
echo "anchor: dialog --yesno ..." >&2
pty tui "${common[@]}" --marker "Press Enter to start" --quit 0d --keys 09 --ready-key 09 \
    -- dialog --yesno "Press Enter to start" 7 40 >"$out/dialog.json"
echo "anchor: whiptail --yesno ..." >&2
pty tui "${common[@]}" --marker "Press Enter to start" --quit 0d --keys 09 --ready-key 09 \
    -- whiptail --yesno "Press Enter to start" 7 40 >"$out/whiptail.json"

# ------------------------------------------------- commands, no terminal
echo "commands: /bin/true, --help, validate ..." >&2
pty run --runs 50 -- /bin/true >"$out/true.json"
pty run --runs 50 -- "$bin" --help >"$out/help.json"
pty run --runs 50 -- "$bin" validate questionnaires/rls-screening.toml >"$out/validate-built-in.json"
pty run --runs 20 -- "$bin" validate "$work/q2000.toml" >"$out/validate-2000.json"
pty run --runs 5 --warmup 1 -- "$bin" validate "$work/q5000.toml" >"$out/validate-5000.json"
"$bin" validate "$work/q5000.toml" >"$out/validate-5000.txt" 2>&1 || true
pty run --runs 5 --warmup 1 -- cat "$work/q5000.toml" >"$out/cat-5000.json"
pty run --runs 5 --warmup 1 -- "$toml_parse" "$work/q5000.toml" >"$out/toml-5000.json"

# ------------------------------------------------------------- score
echo "score: ${SCORE_FILES} answers files in one call ..." >&2
mkdir "$work/scores"
python3 - "$work/scores" "$SCORE_FILES" questionnaires/examples <<'PY'
import os, shutil, sys
into, count, examples = sys.argv[1], int(sys.argv[2]), sys.argv[3]
names = sorted(n for n in os.listdir(examples) if n.endswith(".toml"))
for i in range(count):
    name = names[i % len(names)]
    shutil.copyfile(os.path.join(examples, name), os.path.join(into, f"{i:05d}-{name[3:]}"))
PY
# Each example scores on its own.
for example in questionnaires/examples/*.toml; do
    "$bin" score "$example" --format json >/dev/null 2>&1 || {
        echo "restless score $example failed" >&2
        exit 1
    }
done
(cd "$work/scores" && ls) >"$work/score-files"
mapfile -t score_files <"$work/score-files"
pty run --runs "$SCORE_RUNS" --warmup 1 --cwd "$work/scores" \
    -- "$bin" score "${score_files[@]}" --format json -o "$work/scored.json" --force \
    >"$out/score.json"
# The floor of reading and of parsing the same files, in the same way.
pty run --runs "$SCORE_RUNS" --warmup 1 --cwd "$work/scores" \
    -- cat "${score_files[@]}" >"$out/score-cat.json"
pty run --runs "$SCORE_RUNS" --warmup 1 --cwd "$work/scores" \
    -- "$toml_parse" "${score_files[@]}" >"$out/score-toml.json"
python3 - "$work/scored.json" "$SCORE_FILES" >"$out/score-check.txt" <<'PY'
import json, sys
scored = json.load(open(sys.argv[1]))
assert len(scored) == int(sys.argv[2]), f"{len(scored)} results"
print(f"{len(scored)} results in one JSON array")
PY

# ------------------------------------------------------------- sizes
strip -o "$work/restless.stripped" "$bin"
strip -o "$work/anchor.stripped" "$anchor"
{
    echo "restless $(stat -c %s "$bin") $(stat -c %s "$work/restless.stripped")"
    echo "anchor $(stat -c %s "$anchor") $(stat -c %s "$work/anchor.stripped")"
    echo "dialog $(stat -c %s "$(command -v dialog)") -"
    echo "whiptail $(stat -c %s "$(command -v whiptail)") -"
} >"$out/sizes.txt"

# ------------------------------------------------------------- table
busy_after=$(busy_percent)
{
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')," \
        "kernel $(uname -r), $(rustc --version)"
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- src 2>/dev/null || echo ' (src/ has uncommitted changes)')"
    echo "CPUs busy with other processes: ${busy_before}% before, ${busy_after}% after (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    echo
    python3 scripts/bench_table.py "$out"
} | tee "$out/table.md"
