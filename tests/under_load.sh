#!/bin/bash
# The tests marked `timing` (they wait on processes, servers, queues and crashes), run RUNS times in a row (default 5)
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
  "$PYTHON" -m pytest -q -p no:cacheprovider -m timing > "$OUT/run-$run.log" 2>&1 || failed=$((failed + 1))
  echo "run $run: $(( $(date +%s) - start )) s, $(tail -1 "$OUT/run-$run.log")"
done
echo "$failed of $RUNS runs failed"
[ "$failed" = 0 ]
