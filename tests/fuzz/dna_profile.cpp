// dna-match's profile reader: a record's "loci" value (any JSON) into a Profile, both the
// read_profile and the scan_profile paths, with both extra-allele policies.
#include "dna_profile.h"

#include <simdjson.h>

#include "allele_frequencies.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace reunite::kinship;
  static const PopulationFrequencies& population =
      *builtin_frequencies().population(kDefaultPopulation);
  static simdjson::ondemand::parser parser;
  simdjson::padded_string json(reinterpret_cast<const char*>(data), size);
  for (ExtraAllelePolicy policy : {ExtraAllelePolicy::kReject, ExtraAllelePolicy::kIgnoreLocus}) {
    simdjson::ondemand::document doc;
    if (parser.iterate(json).get(doc)) return 0;
    simdjson::ondemand::value loci;
    if (doc.get_value().get(loci)) return 0;
    ProfileRead read = read_profile(loci, population, policy);
    std::string out;
    append_ignored_loci(out, read.ignored);
    if (parser.iterate(json).get(doc)) return 0;
    if (doc.get_value().get(loci)) return 0;
    ProfileScan scan;
    scan_profile(loci, population, policy, scan);
    if (scan.error.empty() != read.error.empty()) __builtin_trap();  // the two paths agree
  }
  return 0;
}
