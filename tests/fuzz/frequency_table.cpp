// dna-match's allele frequency tables (--freqs FILE: population, locus, allele, frequency).
#include "allele_frequencies.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace reunite::kinship;
  FrequencyTableParse parse = parse_frequency_table(reunite::fuzz::as_text(data, size));
  if (!parse.database) return 0;
  for (const std::string& name : parse.database->population_names()) {
    const PopulationFrequencies* population = parse.database->population(name);
    if (!population) __builtin_trap();
    for (const auto& [locus, table] : population->loci()) {
      std::vector<reunite::Allele> observed(
          table.alleles.begin(),
          table.alleles.begin() + std::min<std::size_t>(2, table.alleles.size()));
      (void)case_allele_frequencies(table, observed, 0.001);
    }
  }
  return 0;
}
