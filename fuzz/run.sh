#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 300), one after the other,
# starting from the seeds kept in fuzz/seeds/. Needs a nightly toolchain and
# cargo-fuzz. Findings land in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
for target in questionnaire_load answers_load condition_eval report_writers draft_read; do
    mkdir -p "fuzz/corpus/$target"
    echo "== $target for ${seconds}s"
    cargo +nightly fuzz run "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
        -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 2>&1 |
        grep -E "^(#[0-9]+.*(DONE|INITED)|==[0-9]+==|SUMMARY|artifact_prefix|Test unit written|Done )" || true
done
