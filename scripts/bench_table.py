#!/usr/bin/env python3
"""Prints the table of scripts/bench.sh from the JSON files it left in
DIR (target/bench): each measure for restless and each anchor, the ratios
restless/anchor, then the issue's targets that these figures decide.

Usage: bench_table.py DIR
"""

import json
import os
import statistics
import sys

DIR = sys.argv[1]
ANCHORS = [
    ("anchor", "ratatui"),
    ("anchor-toml", "ratatui+TOML"),
    ("dialog", "dialog"),
    ("whiptail", "whiptail"),
]


def load(name):
    path = os.path.join(DIR, name + ".json")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return json.load(f)


def median(values):
    return statistics.median(values) if values else None


R = load("restless")
RQ = load("restless-question")
RS = load("restless-screening")
RF = load("restless-file")
RD = load("restless-drafts")
RE = load("restless-enter")
RN = load("restless-enter-nodrafts")
A = {key: load(key) for key, _ in ANCHORS}


def idle(d, field, per_second=False):
    i = d.get("idle")
    if not i:
        return None
    value = i[field]
    return value / i["seconds"] if per_second else value


def sizes():
    found = {}
    path = os.path.join(DIR, "sizes.txt")
    if os.path.exists(path):
        for line in open(path):
            name, size, stripped = line.split()
            found[name] = (int(size), None if stripped == "-" else int(stripped))
    return found


SIZES = sizes()
MIB = 1024 * 1024


def fmt(value, digits):
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return f"{value:,.{digits}f}"


def ratio(a, b):
    if a is None or b is None or isinstance(a, str) or isinstance(b, str):
        return "—"
    if b == 0:
        return "—" if a == 0 else "∞"
    return f"{a / b:.2f}×"


rows = []


def row(measure, restless, anchors, digits=2):
    rows.append((measure, restless, anchors, digits))


row(
    "launch → first frame, median ms (80x24)",
    median(R.get("launch_us", [])) and median(R["launch_us"]) / 1000,
    [median(A[k].get("launch_us", [])) and median(A[k]["launch_us"]) / 1000 for k, _ in ANCHORS],
)
row(
    "  same, fastest run ms",
    R.get("launch_us") and min(R["launch_us"]) / 1000,
    [A[k].get("launch_us") and min(A[k]["launch_us"]) / 1000 for k, _ in ANCHORS],
)
def ready_ms(d):
    return median(d.get("ready_us", [])) and median(d["ready_us"]) / 1000


row(
    "launch → first key handled (ready), median ms (built-in; anchors' key)",
    ready_ms(R),
    [ready_ms(A[k]) for k, _ in ANCHORS],
)
row("  same, `--questionnaire rls-screening.toml`", ready_ms(RF), [ready_ms(A[k]) for k, _ in ANCHORS])
row("  same, a draft to offer (Down on the drafts list)", ready_ms(RD), [ready_ms(A[k]) for k, _ in ANCHORS])
row(
    "key → redrawn frame, median µs (welcome Tab / anchors' key)",
    median(R.get("key_us", [])),
    [median(A[k].get("key_us", [])) for k, _ in ANCHORS],
    0,
)
row(
    "key → redrawn frame, median µs (question Down/Up)",
    median(RQ.get("key_us", [])),
    [median(A[k].get("key_us", [])) for k, _ in ANCHORS],
    0,
)
ENTER_KEPT = median(RE.get("key_us", [])[1::3])
ENTER_OFF = median(RN.get("key_us", [])[1::3])
row(
    "Enter on a changed answer → redrawn frame, median µs (draft kept)",
    ENTER_KEPT,
    [None] * len(ANCHORS),
    0,
)
row("  same, drafts off", ENTER_OFF, [None] * len(ANCHORS), 0)
row(
    "bytes written per key, median (welcome Tab)",
    median(R.get("key_bytes", [])),
    [median(A[k].get("key_bytes", [])) for k, _ in ANCHORS],
    0,
)
row(
    "bytes written per key, median (question Down/Up)",
    median(RQ.get("key_bytes", [])),
    [median(A[k].get("key_bytes", [])) for k, _ in ANCHORS],
    0,
)
row(
    "bytes of the first frame",
    R.get("first_frame_bytes"),
    [A[k].get("first_frame_bytes") for k, _ in ANCHORS],
    0,
)
seconds = (R.get("idle") or {}).get("seconds", "?")
row(
    f"idle {seconds:g} s: CPU ticks (1/{(R.get('idle') or {}).get('clock_ticks_per_s', '?')} s)"
    if isinstance(seconds, (int, float))
    else "idle: CPU ticks",
    idle(R, "cpu_ticks"),
    [idle(A[k], "cpu_ticks") for k, _ in ANCHORS],
    0,
)
row("idle: wake-ups per second", idle(R, "wakeups", True), [idle(A[k], "wakeups", True) for k, _ in ANCHORS], 1)
row("idle: bytes written per second", idle(R, "bytes", True), [idle(A[k], "bytes", True) for k, _ in ANCHORS], 1)
row("idle: threads", idle(R, "threads"), [idle(A[k], "threads") for k, _ in ANCHORS], 0)
row(
    "peak memory, first frame then quit, median MiB",
    median(R.get("maxrss_kib", [])) and median(R["maxrss_kib"]) / 1024,
    [median(A[k].get("maxrss_kib", [])) and median(A[k]["maxrss_kib"]) / 1024 for k, _ in ANCHORS],
)
row(
    "peak memory, a whole screening to the result, median MiB",
    median(RS.get("maxrss_kib", [])) and median(RS["maxrss_kib"]) / 1024,
    [None] * len(ANCHORS),
)
row(
    "other processes' CPU use meanwhile, % of all CPUs",
    R.get("others_cpu_percent"),
    [A[k].get("others_cpu_percent") for k, _ in ANCHORS],
    1,
)
rows[-1] = rows[-1] + ("noratio",)

size = SIZES.get("restless", (None, None))
anchor_size = SIZES.get("anchor", (None, None))
row(
    "binary size, MiB (dialog, whiptail: dynamically linked)",
    size[0] and size[0] / MIB,
    [anchor_size[0] and anchor_size[0] / MIB, None]
    + [SIZES.get(k, (None, None))[0] and SIZES[k][0] / MIB for k in ("dialog", "whiptail")],
)
row(
    "binary size stripped, MiB",
    size[1] and size[1] / MIB,
    [anchor_size[1] and anchor_size[1] / MIB, None, None, None],
)


def command(name):
    d = load(name)
    if "error" in d:
        return d["error"], None
    return (median(d["us"]) / 1000 if d.get("us") else None), d.get("exit_status")


def others(name):
    value = load(name).get("others_cpu_percent")
    return f"; others used {value:g}% of the CPUs" if value and value >= 5 else ""


for name, label in [
    ("true", "/bin/true, median ms (floor of a process)"),
    ("help", "`restless --help`, median ms"),
    ("validate-built-in", "`restless validate rls-screening.toml`, median ms"),
    ("validate-2000", "`restless validate` 2,000 generated items, median ms"),
    ("validate-5000", "`restless validate` 5,000 generated items, median ms"),
]:
    value, status = command(name)
    if status not in (None, 0):
        label += f" (exit {status})"
    label += others(name)
    row(label, value, [None] * len(ANCHORS))

score = load("score")
files = None
if score.get("us"):
    seconds_score = median(score["us"]) / 1e6
    count = len([a for a in score["command"] if a.endswith(".toml")])
    files = count / seconds_score
    row(f"`restless score` {count:,} files in one call, median s{others('score')}", seconds_score, [None] * len(ANCHORS))
    row("  files per second", files, [None] * len(ANCHORS), 0)
elif "error" in score:
    row("`restless score` of many files", f"failed: {score['error']}", [None] * len(ANCHORS))

header = ["measure", "restless"] + [n for _, n in ANCHORS] + [f"÷ {n}" for _, n in ANCHORS]
print("| " + " | ".join(header) + " |")
print("|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|")
for measure, restless, anchors, digits, *flags in rows:
    cells = [measure, fmt(restless, digits)] + [fmt(a, digits) for a in anchors]
    cells += ["—" if flags else ratio(restless, a) for a in anchors]
    print("| " + " | ".join(cells) + " |")

# ------------------------------------------------------ the parse floor
def command_s(name):
    value, _ = command(name)
    return None if value is None or isinstance(value, str) else value / 1000


floors = [
    (
        "`score` of the answers files, s",
        command_s("score"),
        command_s("score-cat"),
        command_s("score-toml"),
    ),
    ("`validate` of 5,000 generated items, s", command_s("validate-5000"), command_s("cat-5000"), command_s("toml-5000")),
]
print()
print("| against the parse floor (medians, same run) | restless | `cat` | toml parse alone | ÷ `cat` | ÷ toml parse |")
print("|---|---:|---:|---:|---:|---:|")
for label, mine, cat, parse in floors:
    print(f"| {label} | {fmt(mine, 4)} | {fmt(cat, 4)} | {fmt(parse, 4)} | {ratio(mine, cat)} | {ratio(mine, parse)} |")

# --------------------------------------------------------------- targets
launch = median(R.get("launch_us", []))
anchor_launch = median(A["anchor"].get("launch_us", []))
others = [median(A[k].get("launch_us", [])) for k in ("dialog", "whiptail")]
print()
print("| target (from the issue) | measured | met |")
print("|---|---|---|")


def target(text, measured, ok):
    print(f"| {text} | {measured} | {'yes' if ok else 'NO'} |")


if launch and anchor_launch:
    target(
        "launch → first frame ≤ 1.25× the minimal ratatui program",
        f"{launch / anchor_launch:.2f}×",
        launch <= 1.25 * anchor_launch,
    )
ready = median(R.get("ready_us", []))
anchor_ready = median(A["anchor"].get("ready_us", []))
if ready and anchor_ready:
    target(
        "ready for input (built-in) ≤ 1.1× the minimal ratatui program",
        f"{ready / anchor_ready:.2f}×",
        ready <= 1.1 * anchor_ready,
    )
if ENTER_KEPT and ENTER_OFF:
    target(
        "Enter on an answer with the draft kept as fast as with drafts off (≤ 1.1×)",
        f"{ENTER_KEPT / ENTER_OFF:.2f}× ({ENTER_KEPT:,.0f} µs against {ENTER_OFF:,.0f} µs)",
        ENTER_KEPT <= 1.1 * ENTER_OFF,
    )
if launch and all(others):
    target(
        "launch → first frame below dialog and whiptail",
        f"{launch / 1000:.2f} ms vs {others[0] / 1000:.2f} / {others[1] / 1000:.2f} ms",
        launch < min(others),
    )
if R.get("idle"):
    w, b = idle(R, "wakeups", True), idle(R, "bytes", True)
    target("idle: 0 wake-ups/s (timers ≤ 1/s), 0 bytes/s", f"{w:.1f} wake-ups/s, {b:.1f} bytes/s", w <= 1 and b == 0)
v2000, _ = command("validate-2000")
v5000, s5000 = command("validate-5000")
if v5000 is not None:
    target(
        "validate a 5,000-item questionnaire ≤ 50 ms",
        f"{v5000:.1f} ms, exit {s5000}" + (" (refused: more than 2,000 items)" if s5000 else ""),
        s5000 == 0 and v5000 <= 50,
    )
if files:
    target("score 10,000 files ≥ 20,000 files/s", f"{files:,.0f} files/s", files >= 20000)
    score_parse = command_s("score-toml")
    if score_parse:
        target(
            "score within 1.5× of parsing the same files alone",
            f"{command_s('score') / score_parse:.2f}×",
            command_s("score") <= 1.5 * score_parse,
        )
rss = median(R.get("maxrss_kib", []))
rss_all = median(RS.get("maxrss_kib", []))
if rss:
    target("peak memory ≤ 6 MiB, first frame", f"{rss / 1024:.2f} MiB", rss <= 6 * 1024)
if rss_all:
    target("peak memory ≤ 6 MiB, a whole screening", f"{rss_all / 1024:.2f} MiB", rss_all <= 6 * 1024)
if size[1]:
    target("stripped binary ≤ 3 MiB", f"{size[1] / MIB:.2f} MiB", size[1] <= 3 * MIB)
print()
print("Key press → frame against the 100 µs / 500 µs targets: see `cargo bench --bench tui` (keypress/*).")
