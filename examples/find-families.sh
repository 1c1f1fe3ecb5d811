#!/usr/bin/env bash
# "Which families could these unidentified children belong to?"  The children of unknown origin
# (a lab's GeneMapper export) are searched against the parents who gave reference samples (a
# wide genotype table); each child's best candidates come with an LR and a posterior.
#   examples/find-families.sh [OUTPUT_DIR [WORLD_DIR]]     (default: out/families, examples/world)
set -euo pipefail
out=${1:-out/families}
world=${2:-$(dirname "$0")/world}
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$world/exports"

# Exit status 1 = some rows rejected (this world plants one broken reference row on purpose).
reunite-ingest -q --id-field SampleID --rejects "$out/rejects.jsonl" reference-samples.csv \
  >"$out/references.jsonl" || [ $? -eq 1 ]
reunite-ingest -q --id-field 'Sample Name' unidentified-children.genemapper.txt \
  >"$out/children.jsonl"

# A few hundred references: an LR of 1000 already gives a posterior near 0.9 (prior 1/N).
reunite-dna-match -q --min-lr 1000 --top 3 --against "$out/references.jsonl" \
  "$out/children.jsonl" >"$out/dna-matches.jsonl"

# One line per child with a candidate: the best case, who matched, the LR and the posterior.
jq -r -s 'group_by(.query)[] | max_by(.lr) |
  [.query, .candidate_case, .hypothesis, (.log10_lr * 10 | round / 10), (.posterior * 1000 | round / 1000)] |
  @tsv' "$out/dna-matches.jsonl" | sort -k4,4gr |
  { printf 'child\tcase\thypothesis\tlog10_LR\tposterior\n'; cat; } | column -t
echo "$(jq -s 'map(.query) | unique | length' "$out/dna-matches.jsonl") of $(wc -l <"$out/children.jsonl") children have a candidate family; all matches in $out/dna-matches.jsonl" >&2
