#!/usr/bin/env bash
# Keystroke benchmark on 10k- and 50k-line files built from real Python code
# (Debian's CPython standard library). Runs each several times and prints
# every run, so the medians and the same-run ratios can be compared.
#   bench/run.sh [RUNS] [KEYSTROKES]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
keys=${2:-1000}
stdlib=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
build=build-release
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DASYNCRADAR_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target edit_bench >/dev/null
inputs="$build/bench-inputs"
mkdir -p "$inputs"
python3 bench/make_input.py 10000 "$inputs/real10k.py" "$stdlib/asyncio"
python3 bench/make_input.py 50000 "$inputs/real50k.py" "$stdlib/asyncio" "$stdlib"
for f in real10k real50k; do
  for i in $(seq "$runs"); do
    echo "== $f run $i"
    "$build/bench/edit_bench" "$inputs/$f.py" "$keys"
  done
done
