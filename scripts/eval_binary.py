#!/usr/bin/env python3
# Scores any qbank binary's `search` against a judgments file the way `qbank eval`
# does (collapsed results; a cluster is worth the best grade of its judged members),
# for comparing versions, including ones without `eval`.
# Usage: scripts/eval_binary.py BINARY JUDGMENTS CORPUS_DIR INDEX_DIR [search flags...]
import json, math, subprocess, sys, tomllib, collections
binary, judgments, corpus, index = sys.argv[1:5]
extra = sys.argv[5:]
J = tomllib.load(open(judgments, 'rb'))['query']
def run(args):
    p = subprocess.run([binary, '--corpus', corpus, '--index', index] + args, capture_output=True, text=True)
    return p.stdout
def cluster(i):
    out = run(['show', i, '--format', 'json'])
    return json.loads(out)['cluster']
rows = collections.defaultdict(list)
for q in J:
    grades = {}
    for i, g in q['relevant'].items():
        c = cluster(i); grades[c] = max(grades.get(c, 0), g)
    out = run(['search', q['text'], '-n', '10', '--format', 'json'] + extra)
    hits = json.loads(out)['results'] if out.strip() else []
    gains = [grades.get(h['cluster'], 0) for h in hits]
    dcg = lambda gs: sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gs[:10]))
    ideal = sorted(grades.values(), reverse=True)
    nd = dcg(gains) / dcg(ideal)
    rr = next((1 / (i + 1) for i, g in enumerate(gains) if g > 0), 0)
    rec = sum(1 for g in gains if g > 0) / len(ideal)
    rows[q['kind']].append((nd, rr, rec)); rows['all'].append((nd, rr, rec))
for k, v in rows.items():
    n = len(v)
    print(f"{k:13} {n:3} ndcg {sum(x[0] for x in v)/n:.3f} mrr {sum(x[1] for x in v)/n:.3f} recall {sum(x[2] for x in v)/n:.3f}")
