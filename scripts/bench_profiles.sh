#!/usr/bin/env bash
# Whole-process timings of several qbank binaries side by side in one run (hyperfine,
# medians), for comparing build profiles: each binary searches the project corpus from
# its own index, indexes it, and answers a first search from an empty home.
#
#   scripts/bench_profiles.sh default=PATH tuned=PATH [NAME=PATH …]
#
# Binaries built with other profiles, for example Cargo's default release profile
# (what Cargo does without a [profile.release] section):
#   CARGO_TARGET_DIR=/tmp/default cargo build --release --config 'profile.release.lto=false' \
#     --config 'profile.release.codegen-units=16' --config 'profile.release.strip="debuginfo"'
# or the tuned one with panic = "abort":
#   CARGO_TARGET_DIR=/tmp/abort cargo build --release --config 'profile.release.panic="abort"'
# Needs hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
names=() paths=()
for pair in "$@"; do names+=("${pair%%=*}"); paths+=("$(realpath "${pair#*=}")"); done

median() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(" | ".join("%s %.2f" % (x["command"], x["median"]*1000) for x in r))' "$1"; }
# hyperfine arguments naming every binary, with the command built by $1 (NAME PATH → text).
each() {
  local args=() i
  for i in "${!names[@]}"; do args+=(-n "${names[$i]}" "$("$1" "${names[$i]}" "${paths[$i]}")"); done
  printf '%s\0' "${args[@]}"
}

for i in "${!names[@]}"; do
  printf '%-10s %12s bytes\n' "${names[$i]}" "$(wc -c < "${paths[$i]}")"
  "${paths[$i]}" --corpus corpus --index "$work/index-${names[$i]}" index >/dev/null
done
for word in "rate limiting" cache kubernets jwt; do
  search() { echo "$2 --corpus corpus --index $work/index-$1 search '$word' --format json"; }
  mapfile -d '' args < <(each search)
  hyperfine -N --warmup 5 --runs 60 --export-json "$work/t.json" "${args[@]}" >/dev/null 2>&1
  echo "search '$word' (ms): $(median "$work/t.json")"
done
index() { echo "$2 --corpus corpus --index $work/index-$1 index"; }
mapfile -d '' args < <(each index)
hyperfine -N --warmup 3 --runs 30 --export-json "$work/t.json" "${args[@]}" >/dev/null 2>&1
echo "index (ms): $(median "$work/t.json")"
# An installed qbank's first search: no corpus around, an empty home each time.
mkdir "$work/empty"
first() { echo "env -u XDG_DATA_HOME -u QBANK_CORPUS -u QBANK_INDEX HOME=$work/homes/$1 $2 search 'rate limiting' --format json"; }
mapfile -d '' args < <(each first)
(cd "$work/empty" && hyperfine -N --warmup 2 --runs 30 --prepare "rm -rf $work/homes" \
  --export-json "$work/t.json" "${args[@]}" >/dev/null 2>&1)
echo "first search, empty home (ms): $(median "$work/t.json")"
