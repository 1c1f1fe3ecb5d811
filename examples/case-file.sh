#!/usr/bin/env bash
# "Everything we know about case X": the reports of the child from every source (dedupe), the
# DNA candidates among children of unknown origin (dna-match against the case's parents), and
# the places the case photo was reposted (photo-hash).  Run examples/world-pipeline.sh first;
# this reads its output.
#   examples/case-file.sh [CASE [PIPELINE_OUTPUT]]     (default: K0000040, out/world)
set -euo pipefail
case_id=${1:-K0000040}
out=${2:-out/world}
[ -f "$out/reports.clustered.jsonl" ] || { echo "run examples/world-pipeline.sh $out first" >&2; exit 2; }

echo "== reports of the same child"
cluster=$(jq -r --arg c "$case_id" 'select(.id == $c or .case == $c) | .cluster' "$out/reports.clustered.jsonl" | head -n 1)
jq -r --arg k "$cluster" 'select(.cluster == $k) |
  [.id, .name, (.norm.birth_date // "-"), (.norm.missing_date // "-"),
   (.norm.missing_place.county // .norm.missing_place.city // .norm.missing_place.province // "-"),
   (.reporter.relation // "-"), .src.file] | @tsv' "$out/reports.clustered.jsonl" | column -t -s $'\t'

echo "== DNA: children of unknown origin matching this case's reference samples"
jq -r --arg c "$case_id" 'select(.candidate_case == $c) |
  [.query, .hypothesis, .candidate_role + (if .co_candidate_role then "+" + .co_candidate_role else "" end),
   "log10 LR \(.log10_lr * 10 | round / 10)", "posterior \(.posterior * 1000 | round / 1000)"] | @tsv' \
  "$out/dna-matches.jsonl" | column -t -s $'\t'

echo "== the case photo, posted elsewhere"
ids=$(jq -r --arg k "$cluster" 'select(.cluster == $k) | .id' "$out/reports.clustered.jsonl")
for id in $ids; do
  jq -r --arg id "$id" 'select(.query == $id or .reference == $id) |
    [(if .query == $id then .reference else .query end), .distance, .dihedral] | @tsv' \
    "$out/photo-matches.jsonl"
done | sort -u | column -t -s $'\t'

# [report] reunite-report (being written) will print this case's full file here.
