#!/usr/bin/env bash
# Whole-process timings on the project's corpus, measured side by side in one run:
# `qbank search WORD` against `rg -i WORD corpus/`, and `qbank index`.
# Needs hyperfine and ripgrep (Debian: apt-get install hyperfine ripgrep).
# Prints medians and the ratio qbank/rg for each word (-i: a word rg does not find
# makes it exit 1, which is not a failure here).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
qbank=target/release/qbank
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
index="$work/index"
"$qbank" --index "$index" index >/dev/null

median() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(" ".join("%.2f" % (x["median"]*1000) for x in r))' "$1"; }

printf '%-16s %12s %12s %8s\n' "word" "qbank ms" "rg -i ms" "ratio"
for word in "rate limiting" "cache" "kubernetes" "jwt" "database" "kubernets" "authn vs authz"; do
  hyperfine -N -i --warmup 5 --runs 60 --export-json "$work/t.json" \
    "$qbank --index $index --color never search '$word'" \
    "rg -i '$word' corpus/" >/dev/null 2>&1
  read -r q r < <(median "$work/t.json")
  printf '%-16s %12s %12s %8s\n' "$word" "$q" "$r" "$(python3 -c "print('%.2f' % ($q/$r))")"
done
hyperfine -N --warmup 3 --runs 30 --export-json "$work/i.json" "$qbank --index $index index" >/dev/null 2>&1
echo "qbank index: median $(median "$work/i.json") ms"
