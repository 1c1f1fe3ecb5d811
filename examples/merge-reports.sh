#!/usr/bin/env bash
# "Merge these reports from three sources": the police's GB18030 export, a volunteer site's
# JSON Lines dump and a family-search site's CSV report the same children with different
# scripts (张晓明, 張曉明, Xiaoming Zhang), date formats, place precision and reporters.
# Normalized and linked, each child becomes one cluster.
#   examples/merge-reports.sh [OUTPUT_DIR [WORLD_DIR]]     (default: out/merged, examples/world)
set -euo pipefail
out=${1:-out/merged}
world=${2:-$(dirname "$0")/world}
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$world/exports"

ingest() { reunite-ingest -q --kind case "$@" || [ $? -eq 1 ]; }  # 1: the planted broken rows
{
  ingest --id-field 案件编号 police-cases.gb18030.csv
  ingest --id-field site_id volunteer-reports.jsonl
  ingest --id-field 'Report ID' family-search.csv
} | reunite-normalize -q >"$out/reports.jsonl"

# One cluster record per child: its members and the values most of them give.
reunite-dedupe -q --merge "$out/reports.jsonl" >"$out/clusters.jsonl"
# and every pair that was linked, with the weight of each field, for review.
reunite-dedupe -q --pairs "$out/reports.jsonl" >"$out/links.jsonl"

echo "$(wc -l <"$out/reports.jsonl") reports -> $(wc -l <"$out/clusters.jsonl") children;" \
  "$(jq -s 'map(select(.size > 1)) | length' "$out/clusters.jsonl") reported by more than one source" >&2
jq -r 'select(.size > 2) | [.id, .size, (.members | join(" ")), .values.name // "-"] | @tsv' \
  "$out/clusters.jsonl" | head -n 10 | column -t -s $'\t'
