// One person's STR profile read from a record's "loci" object ({"D8S1179":["12","14"],...},
// as reunite-ingest writes it), checked for what the likelihoods can use.  Shared by both modes
// of dna-match.  Messages name loci, never alleles: the data is about children.
#pragma once

#include <simdjson.h>

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "allele_frequencies.h"
#include "kinship_lr.h"

namespace reunite::kinship {

// Lookups by std::string_view in string-keyed maps, with no std::string made per lookup.
struct TextKeyHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const {
    return std::hash<std::string_view>{}(text);
  }
};
template <class Value>
using TextKeyMap = std::unordered_map<std::string, Value, TextKeyHash, std::equal_to<>>;

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

// The usable loci of a profile without building a Profile, for the reference index (loading a
// million references spent a fifth of its time in the std::map and its strings).  `locus` and
// the alleles point into a per-thread cache: valid until the next scan_profile() on the thread.
struct LocusGenotype {
  std::string_view locus;  // canonical name
  const Allele* first;     // first <= second, as make_genotype() orders them
  const Allele* second;
};
struct ProfileScan {
  std::vector<LocusGenotype> loci;  // in record order
  std::vector<IgnoredLocus> ignored;
  std::string error;
};
// What read_profile() reads, with the same checks and messages.
void scan_profile(simdjson::ondemand::value loci, const PopulationFrequencies& population,
                  ExtraAllelePolicy extra_alleles, ProfileScan& scan);

// `loci` is the value of a "loci" field.  Amelogenin is skipped without a flag (a sex marker
// is never part of a kinship LR).  A locus written as [] or null is untyped.  One allele means a
// homozygote; a string value such as "12/14" is accepted as exports write it.
ProfileRead read_profile(simdjson::ondemand::value loci, const PopulationFrequencies& population,
                         ExtraAllelePolicy extra_alleles);

// Appends ,"ignored_loci":{...} when there is anything to say.
void append_ignored_loci(std::string& json, const std::vector<IgnoredLocus>& ignored);

}  // namespace reunite::kinship
