#!/usr/bin/env bash
# Start-up, measured side by side in one run (hyperfine -N, medians in ms):
#   `qbank --version` against a hello-world Rust binary built with the same compiler;
#   `qbank search "rate limiting"` on the project's corpus against the sqlite3 CLI's
#   FTS5 query over the same questions (bm25, the question weighted 3, the 10 best).
# Needs hyperfine and sqlite3 (Debian: apt-get install hyperfine sqlite3).
# QBANK=path times another qbank binary (an older build, say) instead of this one.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin qbank --example bench
qbank=${QBANK:-target/release/qbank}
runs=${RUNS:-300}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo new --quiet --vcs none "$work/hello"
cargo build --quiet --release --manifest-path "$work/hello/Cargo.toml"
hello="$work/hello/target/release/hello"

index="$work/index"
"$qbank" --index "$index" index >/dev/null
target/release/examples/bench fts5-build --corpus corpus --db "$work/fts5.db" >/dev/null
query="SELECT id, question FROM questions WHERE questions MATCH 'rate limiting' \
ORDER BY bm25(questions, 0.0, 3.0, 1.0) LIMIT 10"

median() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(" ".join("%.2f" % (x["median"]*1000) for x in r))' "$1"; }

hyperfine -N --warmup 20 --runs "$runs" --export-json "$work/v.json" \
  "$hello" "$qbank --version" >/dev/null 2>&1
read -r h v < <(median "$work/v.json")
printf '%-40s %8s ms\n' "hello world" "$h" "qbank --version" "$v"

hyperfine -N --warmup 20 --runs "$runs" --export-json "$work/s.json" \
  "sqlite3 $work/fts5.db \"$query\"" \
  "$qbank --index $index search 'rate limiting' --format tsv" \
  "$qbank --index $index search 'rate limiting' --format json" >/dev/null 2>&1
read -r f t j < <(median "$work/s.json")
printf '%-40s %8s ms\n' "sqlite3 FTS5, 10 best" "$f" \
  "qbank search --format tsv (id, question)" "$t" \
  "qbank search --format json (explained)" "$j"
