#!/usr/bin/env bash
# "Where else has this photo been posted?"  Every record with photos (the volunteer site's
# case reports, the public's sightings) is hashed once with PDQ, rotations and mirrors
# included; the photo in question is then searched against them.
#   examples/photo-reposts.sh [PHOTO [OUTPUT_DIR [WORLD_DIR]]]
#   (default: photos/cases/K0000053.jpg of examples/world, out/reposts)
set -euo pipefail
photo=${1:-photos/cases/K0000053.jpg}
out=${2:-out/reposts}
world=${3:-$(dirname "$0")/world}
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$world"

# The database of posted photos: records with a "photos" array, hashed with --dihedral.
reunite-ingest -q --kind case --id-field site_id exports/volunteer-reports.jsonl \
  >"$out/posts.jsonl" || [ $? -eq 1 ]   # 1: the line this world plants broken
reunite-ingest -q --kind sighting --id-field sighting_id exports/sightings.jsonl >>"$out/posts.jsonl"
reunite-photo-hash -q --dihedral "$out/posts.jsonl" >"$out/posts-hashed.jsonl"

# The photo in question, as a photo record; then every post within 31 bits (of 256).
reunite-photo-hash -q --paths "$photo" |
  reunite-photo-hash match -q --against "$out/posts-hashed.jsonl" >"$out/matches.jsonl"

# Where: the record, its date and place, the edit that matched (rotate90, flipx, ...).
jq -r '[.reference, .reference_path, .distance, .dihedral] | @tsv' "$out/matches.jsonl" |
  while IFS=$'\t' read -r id path distance dihedral; do
    jq -r --arg id "$id" 'select(.id == $id) |
      [.id, (.seen_date // .missing_date // "-"), (.seen_place // .missing_place // "-"), (.url // "-")] | @tsv' \
      "$out/posts.jsonl" | sed "s|\$|\t$path\t$distance bits\t$dihedral|"
  done | column -t -s $'\t'
