#!/usr/bin/env bash
# qbank against SQLite FTS5 on generated corpora, side by side in one run:
#   scripts/bench_scale.sh [QUESTIONS...]        (default: 10000 100000)
# For each size: generate the corpus (seed 1), build both indexes (wall time, peak RSS,
# size on disk), time a fixed set of searches, `related` of one question and an export
# of about a tenth of the corpus as whole processes with hyperfine (medians), then the
# same operations in process (`bench latency`: p50 and p99). Each search is also timed
# as `rg` over the lists (the query as typed, case aside, as one fixed string). Needs
# hyperfine, ripgrep (Debian: apt-get install hyperfine ripgrep) and GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
cargo build --release --quiet --example bench
qbank=target/release/qbank
bench=target/release/examples/bench
runs=${RUNS:-20}  # whole-process runs per command; LATENCY_RUNS (200) in process
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The workload of examples/bench/workload.rs. Searches: single words, several words, a
# phrase, typos, a filter (qbank only: fts5-search has no filters).
queries=("cache" "database" "rate limiting" "jwt authentication" "message queue"
  '"load balancer"' "kubernets" "cahce" "replication lag" "index --category databases")
# A question of every corpus the generator writes with seed 1, and a category with
# about a tenth of its questions.
related_id=synthetic-0001:2
export_category=performance

# The median of the i-th command of a hyperfine JSON file in ms, or "-" when there is none.
median_ms() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; i=int(sys.argv[2]); print("%.1f" % (r[i]["median"]*1000) if i < len(r) else "-")' "$1" "$2"; }
measure() { /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr"; read -r secs kb <"$work/time"; }
# hyperfine over the commands given (after any of its own options), results in t.json;
# when a command fails (and -i was not given), its message and the script stop.
time_commands() {
  hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/t.json" "$@" >/dev/null 2>"$work/hyperfine" \
    || { cat "$work/hyperfine" >&2; exit 1; }
}
# One row of the last timing: qbank's median, then FTS5's and the ratio when FTS5 was
# timed too, then rg's when it was.
row() {
  local q f r
  q=$(median_ms "$work/t.json" 0) f=$(median_ms "$work/t.json" 1) r=$(median_ms "$work/t.json" 2)
  if [[ $f == - ]]; then
    printf '%-30s %10s %10s %8s %10s\n' "$1" "$q" "-" "-" "$r"
  else
    printf '%-30s %10s %10s %8.2f %10s\n' "$1" "$q" "$f" "$(echo "$q / $f" | bc -l)" "$r"
  fi
}

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
    printf '%-30s %10s %10s %8s %10s\n' "query" "qbank ms" "fts5 ms" "ratio" "rg ms"
    q="$qbank --corpus $corpus --index $work/index-$size --color never"
    fdb="--db $work/fts-$size.db"
    for query in "${queries[@]}"; do
      # -i: a search that finds nothing exits with status 1.
      if [[ $query == *--category* ]]; then
        time_commands -i "$q search --format json $query"
        row "$query"
        continue
      fi
      time_commands -i "$q search --format json '$query'" "$bench fts5-search $fdb '$query'" \
        "rg --ignore-case --fixed-strings -- '${query//\"/}' $corpus"
      row "$query"
    done
    time_commands "$q related --format json $related_id" "$bench fts5-related $fdb --id $related_id"
    row "related $related_id"
    # qbank's export leaves out duplicates; --no-collapse writes the questions FTS5 does.
    out="--force -o $work/export.jsonl"
    time_commands "$q export --format jsonl --category $export_category $out"
    exported=$(wc -l <"$work/export.jsonl")
    row "export --category $export_category"
    printf 'exported: %s of %s questions (%.1f%%), %s MB\n' "$exported" "$size" \
      "$(echo "100 * $exported / $size" | bc -l)" "$(du -m "$work/export.jsonl" | cut -f1)"
    # Every member of a cluster lists the others: on generated corpora, whose short
    # questions form clusters of thousands, the uncollapsed export grows with the square
    # of a cluster's size (gigabytes at 1M), so it is timed up to NO_COLLAPSE_MAX.
    if ((size <= ${NO_COLLAPSE_MAX:-100000})); then
      time_commands "$q export --format jsonl --category $export_category --no-collapse $out" \
        "$bench fts5-export $fdb --category $export_category -o $work/fts5-export.jsonl"
      row "  the same, --no-collapse"
      all=$(wc -l <"$work/export.jsonl") fts5_all=$(wc -l <"$work/fts5-export.jsonl")
      printf 'exported --no-collapse: %s (%.1f%%), %s MB; fts5-export %s, %s MB\n' \
        "$all" "$(echo "100 * $all / $size" | bc -l)" "$(du -m "$work/export.jsonl" | cut -f1)" \
        "$fts5_all" "$(du -m "$work/fts5-export.jsonl" | cut -f1)"
    fi
    "$bench" latency --corpus "$corpus" --index "$work/index-$size" --runs "${LATENCY_RUNS:-200}"
  done
done
