#!/usr/bin/env bash
# The whole toolkit on the synthetic world of examples/world, checked against its answer file:
# exports -> ingest -> normalize -> dedupe (reports of one child) / dna-match (children of
# unknown origin against the parents) / photo-hash (reposted photos) -> report (report.html)
# -> check.
#   examples/world-pipeline.sh [OUTPUT_DIR [WORLD_DIR]]     (default: out/world, examples/world)
# Exits 3 when fewer planted families or reposts are found than the thresholds at the end ask.
set -euo pipefail
out=${1:-out/world}
world=${2:-$(dirname "$0")/world}
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$world"

# Exit status 1 means "some rows rejected": the world plants a few broken rows on purpose
# (answers.jsonl, "broken_row"), so here it is not an error; 2 still is.
ingest() { reunite-ingest -q "$@" || [ $? -eq 1 ]; }

# Reports of missing children from three sources, each with its own id column.
ingest --kind case --id-field 案件编号 --rejects "$out/rejects-police.jsonl" \
  exports/police-cases.gb18030.csv >"$out/reports.jsonl"
ingest --kind case --id-field site_id --rejects "$out/rejects-volunteer.jsonl" \
  exports/volunteer-reports.jsonl >>"$out/reports.jsonl"
ingest --kind case --id-field 'Report ID' exports/family-search.csv >>"$out/reports.jsonl"
reunite-normalize -q "$out/reports.jsonl" >"$out/reports.norm.jsonl"

# Which reports describe the same child: each record gets its cluster.
reunite-dedupe -q "$out/reports.norm.jsonl" >"$out/reports.clustered.jsonl"

# DNA: parents' reference samples (wide table) and children of unknown origin (GeneMapper;
# ladders and controls are skipped).  Small database, so a lower --min-lr than the default.
ingest --id-field SampleID --rejects "$out/rejects-references.jsonl" \
  exports/reference-samples.csv | reunite-normalize -q >"$out/references.jsonl"
ingest --id-field 'Sample Name' exports/unidentified-children.genemapper.txt |
  reunite-normalize -q >"$out/children.jsonl"
reunite-dna-match -q --min-lr 1000 --explain --against "$out/references.jsonl" \
  "$out/children.jsonl" >"$out/dna-matches.jsonl"

# Photos: the case photos on the volunteer site and the pictures of sightings, hashed with
# their rotations and mirrors, then every near-duplicate pair among them.
ingest --kind sighting --id-field sighting_id exports/sightings.jsonl |
  reunite-normalize -q >"$out/sightings.jsonl"
reunite-photo-hash -q --dihedral --photo-root . "$out/reports.norm.jsonl" "$out/sightings.jsonl" \
  >"$out/hashed.jsonl"
reunite-photo-hash match -q --self "$out/hashed.jsonl" >"$out/photo-matches.jsonl"

# The analyst's report: candidates per case, DNA, photos and record consistency side by side,
# one offline HTML page (thumbnails from the photos under --photo-root).
cat "$out/reports.clustered.jsonl" "$out/references.jsonl" "$out/children.jsonl" \
  "$out/sightings.jsonl" "$out/dna-matches.jsonl" "$out/photo-matches.jsonl" |
  reunite-report -q --photo-root . -o "$out/report.html"

# What the pipeline found, against the truth the tools never saw.
reunite-synth check --answers answers.jsonl --min-lr 1000 \
  --min-dna-recall 0.8 --max-dna-false 0 --min-photo-recall 0.75 --max-photo-false 0 \
  --min-dedupe-precision 0.8 --min-dedupe-recall 0.6 \
  "$out/dna-matches.jsonl" "$out/photo-matches.jsonl" "$out/reports.clustered.jsonl"
