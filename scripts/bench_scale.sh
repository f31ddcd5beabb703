#!/usr/bin/env bash
# qbank against SQLite FTS5 on generated corpora, side by side in one run:
#   scripts/bench_scale.sh [QUESTIONS...]        (default: 10000 100000)
# For each size: generate the corpus (seed 1), build both indexes (wall time, peak RSS,
# size on disk), then time a fixed set of searches as whole processes with hyperfine
# (medians). Needs hyperfine (Debian: apt-get install hyperfine) and GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
cargo build --release --quiet --example bench
qbank=target/release/qbank
bench=target/release/examples/bench
runs=${RUNS:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Single words, several words, a phrase, typos, a filter (qbank only: FTS5 has no
# category column).
queries=("cache" "database" "rate limiting" "jwt authentication" "message queue"
  '"load balancer"' "kubernets" "cahce" "replication lag" "index --category databases")

median_ms() { python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["median"]*1000))' "$1" "$2"; }
measure() { /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr"; read -r secs kb <"$work/time"; }

for n in "${@:-10000 100000}"; do
  for size in $n; do
    corpus="$work/corpus-$size"
    "$bench" generate --questions "$size" --seed 1 --out "$corpus" 2>/dev/null
    mb=$(du -sm "$corpus" | cut -f1)
    measure "$qbank" --corpus "$corpus" --index "$work/index-$size" index
    q_secs=$secs q_kb=$kb
    q_size=$(du -sm "$work/index-$size" | cut -f1)
    measure "$bench" fts5-build --corpus "$corpus" --db "$work/fts-$size.db"
    f_secs=$secs f_kb=$kb
    f_size=$(du -sm "$work/fts-$size.db" | cut -f1)
    echo "== $size questions ($mb MB of lists)"
    printf '%-8s %10s %12s %14s %12s\n' "" "index s" "questions/s" "peak RSS MB" "size MB"
    printf '%-8s %10s %12.0f %14.0f %12s\n' qbank "$q_secs" "$(echo "$size / $q_secs" | bc -l)" "$(echo "$q_kb / 1024" | bc -l)" "$q_size"
    printf '%-8s %10s %12.0f %14.0f %12s\n' fts5 "$f_secs" "$(echo "$size / $f_secs" | bc -l)" "$(echo "$f_kb / 1024" | bc -l)" "$f_size"
    printf '%-30s %10s %10s %8s\n' "query" "qbank ms" "fts5 ms" "ratio"
    for query in "${queries[@]}"; do
      qcmd="$qbank --corpus $corpus --index $work/index-$size --color never search --format json"
      if [[ $query == *--category* ]]; then
        qcmd="$qcmd $query"
        hyperfine -N -i --warmup 3 --runs "$runs" --export-json "$work/t.json" "$qcmd" >/dev/null 2>&1
        printf '%-30s %10s %10s %8s\n' "$query" "$(median_ms "$work/t.json" 0)" "-" "-"
        continue
      fi
      qcmd="$qcmd '$query'"
      fcmd="$bench fts5-search --db $work/fts-$size.db '$query'"
      hyperfine -N -i --warmup 3 --runs "$runs" --export-json "$work/t.json" "$qcmd" "$fcmd" >/dev/null 2>&1
      q=$(median_ms "$work/t.json" 0) f=$(median_ms "$work/t.json" 1)
      printf '%-30s %10s %10s %8.2f\n' "$query" "$q" "$f" "$(echo "$q / $f" | bc -l)"
    done
  done
done
