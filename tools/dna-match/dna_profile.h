// One person's STR profile read from a record's "loci" object ({"D8S1179":["12","14"],...},
// as reunite-ingest writes it), checked for what the likelihoods can use.  Shared by both modes
// of dna-match.  Messages name loci, never alleles: the data is about children.
#pragma once

#include <simdjson.h>

#include <string>
#include <vector>

#include "allele_frequencies.h"
#include "kinship_lr.h"

namespace reunite::kinship {

// A locus that is typed but left out of the likelihoods, with the reason (shown in output as
// "ignored_loci": {"LOCUS": "reason"}).
struct IgnoredLocus {
  std::string locus;  // as written in the record when unknown, else canonical
  std::string reason;
};

// What to do with a locus that has more than two alleles (a tri-allelic pattern or a mixture).
enum class ExtraAllelePolicy { kReject, kIgnoreLocus };

struct ProfileRead {
  Profile loci;                       // usable loci: known, with frequencies, two alleles
  std::vector<IgnoredLocus> ignored;  // unknown loci, loci without frequencies, ...
  std::string error;                  // non-empty: the profile cannot be used at all
};

// `loci` is the value of a "loci" field.  Amelogenin is skipped without a flag (a sex marker
// is never part of a kinship LR).  A locus written as [] or null is untyped.  One allele means a
// homozygote; a string value such as "12/14" is accepted as exports write it.
ProfileRead read_profile(simdjson::ondemand::value loci, const PopulationFrequencies& population,
                         ExtraAllelePolicy extra_alleles);

// Appends ,"ignored_loci":{...} when there is anything to say.
void append_ignored_loci(std::string& json, const std::vector<IgnoredLocus>& ignored);

}  // namespace reunite::kinship
