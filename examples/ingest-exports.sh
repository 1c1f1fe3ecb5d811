#!/usr/bin/env bash
# "Bring these exports into one record stream": each export becomes records with a kind, a
# stable id and its provenance (file and line), whatever its format and encoding.
#   examples/ingest-exports.sh [OUTPUT_DIR]     (default: out/)
set -euo pipefail
out=${1:-out}
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$(dirname "$0")"
exports=exports

# A police system's Excel export: GB18030, Chinese headers, a quoted field with a line break.
reunite-ingest --kind case --id-field 案件编号 --rejects "$out/rejects.jsonl" \
  "$exports/police-cases.gb18030.csv" >"$out/records.jsonl"

# A volunteer site's JSON Lines dump: fields pass through as they are; ids from the site.
reunite-ingest --kind case --id-field site_id "$exports/volunteer-reports.jsonl" >>"$out/records.jsonl"

# Sightings posted by the public, as a JSON array.
reunite-ingest --kind sighting --id-field sighting_id "$exports/sightings.json" >>"$out/records.jsonl"

# DNA: a GeneMapper genotype table (ladder and controls are skipped) and a wide lab CSV.
reunite-ingest --id-field 'Sample Name' "$exports/lab-genemapper.txt" >>"$out/records.jsonl"
reunite-ingest --id-field SampleID "$exports/samples-wide.csv" >>"$out/records.jsonl"

echo "$(wc -l <"$out/records.jsonl") records in $out/records.jsonl" >&2
