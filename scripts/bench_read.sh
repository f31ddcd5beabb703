#!/usr/bin/env bash
# Whole-process timing of `qbank index` over a folder of lists (for instance lists you
# cloned): each run indexes into a fresh directory, so every run reads and indexes
# everything. Prints the median and the spread of RUNS runs (default 15).
#   scripts/bench_read.sh DIR [RUNS]
# The reader alone, on a generated 500 KB list: cargo bench --bench read
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:?usage: scripts/bench_read.sh DIR [RUNS]}
runs=${2:-15}
cargo build --release --quiet
python3 - "$dir" "$runs" <<'PY'
import os, shutil, statistics, subprocess, sys, tempfile, time
corpus, runs = sys.argv[1], int(sys.argv[2])
times = []
for _ in range(runs):
    index = tempfile.mkdtemp(prefix="qbank-bench-")
    shutil.rmtree(index)
    start = time.perf_counter()
    subprocess.run(["target/release/qbank", "index", "--corpus", corpus, "--index", index],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=dict(os.environ, NO_COLOR="1"))
    times.append((time.perf_counter() - start) * 1000)
    shutil.rmtree(index, ignore_errors=True)
times.sort()
print(f"qbank index {corpus}: median {statistics.median(times):.1f} ms "
      f"(min {times[0]:.1f}, max {times[-1]:.1f}, {runs} runs)")
PY
