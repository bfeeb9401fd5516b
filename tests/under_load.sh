#!/bin/bash
# The tests that involve processes, servers, queues and crashes, run RUNS times in a row (default 5)
# while two busy loops keep two cores at 100%: `make test-under-load`. Each run's output is in
# $OUT/run-N.log (default .under-load/); the summary line of each run is printed as it ends.
set -u
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
OUT=${OUT:-.under-load}
PYTHON=${PYTHON:-.venv/bin/python}
mkdir -p "$OUT"
python3 -c "while True: pass" & busy1=$!
python3 -c "while True: pass" & busy2=$!
trap 'kill $busy1 $busy2 2>/dev/null' EXIT
failed=0
for run in $(seq 1 "$RUNS"); do
  start=$(date +%s)
  "$PYTHON" -m pytest -q -p no:cacheprovider \
    "tests/test_reliability.py::test_killing_ingestion_never_leaves_a_half_indexed_document" \
    tests/test_load.py \
    "tests/test_app.py::test_browser_facilitator_logs_in_uploads_a_pdf_and_asks_about_it" \
    "tests/test_hostile_requests.py::test_one_client_flooding_the_queue_does_not_starve_another" \
    "tests/test_hostile_requests.py::test_a_client_over_its_rate_waits_and_others_do_not" \
    "tests/test_hostile_requests.py::test_chat_stays_fast_while_one_client_floods_review_and_source_opening" \
    > "$OUT/run-$run.log" 2>&1 || failed=$((failed + 1))
  echo "run $run: $(( $(date +%s) - start )) s, $(tail -1 "$OUT/run-$run.log")"
done
echo "$failed of $RUNS runs failed"
[ "$failed" = 0 ]
