// libcommon's str_loci: allele and genotype cells, locus and kit names, as exports spell them.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "reunite/str_loci.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace reunite;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto allele = Allele::parse(text)) {
    // Canonical text must parse back to itself.
    auto again = Allele::parse(allele->text());
    if (!again || !(*again == *allele)) __builtin_trap();
    (void)(*allele < *again);
  }
  GenotypeParse genotype = parse_genotype(text);
  if (genotype.genotype) {
    if (genotype.genotype->second < genotype.genotype->first) __builtin_trap();
    (void)genotype.genotype->text();
  }
  (void)find_locus(text);
  (void)canonical_locus_name(text);
  (void)locus_mutation_rate(text);
  (void)kit_from_name(text);
  return 0;
}
