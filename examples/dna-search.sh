#!/usr/bin/env bash
# "Which families could these unidentified children belong to?"  Lab exports become sample
# records; the children of unknown origin are searched against the reference parents, and each
# candidate comes with a likelihood ratio and a posterior (see reunite-dna-match(1)).
#   examples/dna-search.sh [OUTPUT_DIR]     (default: out/)
set -euo pipefail
out=${1:-out}
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$(dirname "$0")"

reunite-ingest -q --id-field SampleID exports/samples-wide.csv |
  reunite-normalize -q >"$out/samples.jsonl"

# Split by role: children of unknown origin are the queries, parents the references.
jq -c 'select(.norm.role == "child" or (.role // "" | test("child")))' "$out/samples.jsonl" >"$out/children.jsonl"
jq -c 'select(.norm.role == "child" or (.role // "" | test("child")) | not)' "$out/samples.jsonl" >"$out/parents.jsonl"

# 18 shared loci here: a true father reaches LR ~8,000, under the default --min-lr 10000 meant
# for national-scale searches; with two references a lower bar is reasonable.
reunite-dna-match --min-lr 1000 --against "$out/parents.jsonl" "$out/children.jsonl" \
  >"$out/dna-matches.jsonl"
echo "$(wc -l <"$out/dna-matches.jsonl") DNA matches in $out/dna-matches.jsonl" >&2
