// The reference database of a search (--against: parents, or children for a sibling search),
// held as an exclusion index.
//
// Why this shape: a parent and a child share an allele at every locus save for mutations, and
// two unrelated people fail to share one at about half the loci, so counting the loci without
// a shared allele rejects nearly every unrelated pair before any LR is computed.  For each
// locus and allele the index keeps a bitmap over the references that carry the allele (or are
// untyped at the locus, which can never exclude); a query's two alleles select two bitmaps per
// locus, and ~(x | y) marks the references that share nothing there.  Bit-sliced saturating
// counters over those masks count the exclusions of 64 (or 512 with AVX-512) references per
// instruction.  References are cut into blocks of kBlockReferences so that one block's bitmaps
// (about 400 KB for 21 loci) stay in the core's L2 cache while a chunk of queries scans them
// (measured: blocks of 32768 references, 1.5 MB, made the scan memory-bound and 3x slower).
//
// Memory: per reference a 64-byte row (genotype codes, up to 24 loci) + 1 bit per locus allele
// + its ids; for 1,000,000 references of 21 loci about 64 + 50 MB + the id strings.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "allele_frequencies.h"
#include "dna_profile.h"
#include "pedigree.h"

namespace reunite::kinship {

// A genotype at one locus as a number: i*(i+1)/2 + j for allele indices j <= i of the locus
// dictionary; kUntyped when the locus is not typed.
using GenotypeCode = std::uint16_t;
inline constexpr GenotypeCode kUntyped = 0xFFFF;
inline constexpr int kMaxAllelesPerLocus = 360;  // keeps codes below kUntyped

inline GenotypeCode genotype_code(int i, int j) {
  if (i < j) std::swap(i, j);
  return static_cast<GenotypeCode>(i * (i + 1) / 2 + j);
}

// The alleles of one indexed locus: the frequency table's, in table order (so an index below
// table_size is the FastLocusScorer's index), then alleles only the references carry.
struct LocusDictionary {
  std::string locus;
  std::vector<Allele> alleles;
  int table_size = 0;
  TextKeyMap<int> index;                                        // allele text -> index
  std::vector<std::pair<std::uint16_t, std::uint16_t>> decode;  // code -> (i, j), grown lazily

  // Alleles by repeat number in tenths: the hash lookup of two alleles per locus and reference
  // was a tenth of loading.  A slot holds the first allele added with that number.
  static constexpr int kTenthsSlots = 2000;
  std::vector<std::int16_t> by_tenths = std::vector<std::int16_t>(kTenthsSlots, -1);
  static int tenths_of(const Allele& allele) {
    if (!allele.repeats()) return -1;
    double tenths = *allele.repeats() * 10 + 0.5;
    return tenths >= 0 && tenths < kTenthsSlots ? static_cast<int>(tenths) : -1;
  }

  int index_of(const Allele& allele) const {
    if (int t = tenths_of(allele); t >= 0) {
      int k = by_tenths[t];
      if (k < 0) return -1;  // no allele with this number yet
      if (alleles[k] == allele) return k;
    }
    auto it = index.find(allele.text());
    return it == index.end() ? -1 : it->second;
  }
  int add(const Allele& allele);  // index of the allele, added if new; -1 when full
  std::pair<int, int> alleles_of(GenotypeCode code) const { return decode[code]; }
  int code_count() const { return static_cast<int>(alleles.size() * (alleles.size() + 1) / 2); }
};

struct Reference {
  std::string id;
  std::string case_id;
  std::string role;                         // as the record says ("father", "mother", ...)
  Hypothesis hypothesis = Hypothesis::kPC;  // PC (a father or unknown) or MC (a mother)
  int partner = -1;                         // the other parent of the same case, for couples
  std::vector<IgnoredLocus> ignored;
};

class ReferenceIndex {
 public:
  static constexpr int kBlockReferences = 8192;
  static constexpr int kBlockWords = kBlockReferences / 64;

  explicit ReferenceIndex(const PopulationFrequencies& population);

  // Adds one reference; its loci must come from read_profile() against the same population.
  // Returns an error (naming no allele) when it cannot be indexed.
  std::string add(Reference reference, const Profile& loci);
  // The same from scan_profile() (loading, where a Profile per reference was measurable).
  std::string add(Reference reference, std::span<const LocusGenotype> loci);
  // Pairs fathers and mothers of the same case into couples and builds the bitmaps.  No add()
  // after this.
  void finish(bool pair_couples);

  int size() const { return static_cast<int>(references_.size()); }
  int locus_count() const { return static_cast<int>(dictionaries_.size()); }
  const LocusDictionary& dictionary(int locus) const { return dictionaries_[locus]; }
  int locus_number(std::string_view locus) const;  // -1 when no reference types it
  const Reference& reference(int r) const { return references_[r]; }
  // What scoring reads of every candidate sits in one row per reference, a 64-byte cache line
  // for up to 24 loci: the memo slot (0 father/PC, 1 mother/MC), the couple partner, an id
  // hash, then the genotype codes.  Candidates lie about a thousand references apart, so each
  // costs a cache miss per array it touches; four arrays made the prefetches queue up behind
  // each other (two thirds of the scoring loop's time), one row is one miss.
  int hypothesis_slot(int r) const { return row(r).mother; }
  int partner(int r) const { return row(r).partner; }
  std::uint64_t id_hash(int r) const { return row(r).id_hash; }
  void prefetch(int r) const {
    const auto* line = reinterpret_cast<const char*>(&row(r));
    for (std::size_t at = 0; at < row_bytes_; at += kCacheLine) __builtin_prefetch(line + at);
  }
  GenotypeCode code(int r, int locus) const { return codes(r)[locus]; }
  const GenotypeCode* codes(int r) const {
    return reinterpret_cast<const GenotypeCode*>(&row(r) + 1);
  }

  // Bitmap slots: slot(locus, allele) for an allele of the dictionary, slot(locus, -1) for
  // "untyped at the locus" (the bitmap a query allele unknown to every reference selects).
  int slot(int locus, int allele) const { return slot_base_[locus] + 1 + allele; }
  int block_count() const { return (size() + kBlockReferences - 1) / kBlockReferences; }
  const std::uint64_t* bitmap(int block, int slot) const {
    return &bitmaps_[(std::size_t(block) * slot_count_ + slot) * kBlockWords];
  }
  std::size_t memory_bytes() const;

 private:
  std::vector<LocusDictionary> dictionaries_;
  TextKeyMap<int> locus_numbers_;
  static constexpr std::size_t kCacheLine = 64;
  struct RowHead {
    std::uint64_t id_hash;
    std::int32_t partner;
    std::uint8_t mother;
  };  // followed by locus_count() genotype codes
  struct alignas(kCacheLine) Line {
    unsigned char bytes[kCacheLine];
  };
  const RowHead& row(int r) const {
    return *reinterpret_cast<const RowHead*>(reinterpret_cast<const char*>(rows_.data()) +
                                             std::size_t(r) * row_bytes_);
  }
  RowHead& row(int r) { return const_cast<RowHead&>(std::as_const(*this).row(r)); }
  void build_rows();

  std::vector<Reference> references_;
  std::vector<std::uint8_t> mother_;      // add() until finish(), then in rows_
  std::vector<std::uint64_t> id_hashes_;  // add() until finish(), then in rows_
  std::vector<bool> locus_typed_;
  std::vector<int> locus_at_position_;  // add(): the locus last seen at each position
  std::vector<GenotypeCode> codes_;     // add() until finish(): reference-major, all table loci
  std::vector<Line> rows_;
  std::size_t row_bytes_ = 0;
  std::vector<int> slot_base_;
  int slot_count_ = 0;
  std::vector<std::uint64_t> bitmaps_;
};

}  // namespace reunite::kinship
