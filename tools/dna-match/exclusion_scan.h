// The bit-parallel exclusion count at the heart of the search (see reference_index.h): for one
// query and one block of references, which references have at most `max_excluded` loci where
// they share no allele with the query.
#pragma once

#include <cstdint>

namespace reunite::kinship {

// first[l] and second[l] are the block's bitmaps of the query's two alleles at its l-th typed
// locus (kBlockWords words each).  Sets alive[w] (kBlockWords words).  max_excluded must be
// below kMaxScanExclusions; beyond it, skip the scan (everyone passes).
inline constexpr int kMaxScanExclusions = 8;
void scan_block(const std::uint64_t* const* first, const std::uint64_t* const* second, int loci,
                int max_excluded, std::uint64_t* alive);

}  // namespace reunite::kinship
