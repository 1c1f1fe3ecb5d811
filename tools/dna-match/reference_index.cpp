#include "reference_index.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace reunite::kinship {

int LocusDictionary::add(const Allele& allele) {
  if (int i = index_of(allele); i >= 0) return i;
  if (static_cast<int>(alleles.size()) >= kMaxAllelesPerLocus) return -1;
  int i = static_cast<int>(alleles.size());
  alleles.push_back(allele);
  index.emplace(allele.text(), i);
  if (int t = tenths_of(allele); t >= 0 && by_tenths[t] < 0)
    by_tenths[t] = static_cast<std::int16_t>(i);
  for (int j = 0; j <= i; ++j)
    decode.emplace_back(static_cast<std::uint16_t>(i), static_cast<std::uint16_t>(j));
  return i;
}

ReferenceIndex::ReferenceIndex(const PopulationFrequencies& population) {
  // Every locus of the table gets a column while references are added; finish() drops the
  // ones no reference types.
  for (const auto& [locus, table] : population.loci()) {
    LocusDictionary dictionary;
    dictionary.locus = locus;
    for (const Allele& allele : table.alleles) dictionary.add(allele);
    dictionary.table_size = static_cast<int>(dictionary.alleles.size());
    locus_numbers_.emplace(locus, static_cast<int>(dictionaries_.size()));
    dictionaries_.push_back(std::move(dictionary));
  }
  locus_typed_.assign(dictionaries_.size(), false);
}

int ReferenceIndex::locus_number(std::string_view locus) const {
  auto it = locus_numbers_.find(locus);
  return it == locus_numbers_.end() ? -1 : it->second;
}

std::string ReferenceIndex::add(Reference reference, const Profile& loci) {
  std::vector<LocusGenotype> genotypes;
  genotypes.reserve(loci.size());
  for (const auto& [locus, genotype] : loci)
    genotypes.push_back({locus, &genotype.first, &genotype.second});
  return add(std::move(reference), genotypes);
}

std::string ReferenceIndex::add(Reference reference, std::span<const LocusGenotype> loci) {
  std::size_t base = codes_.size();
  codes_.resize(base + dictionaries_.size(), kUntyped);
  // Records usually list the same loci in the same order: try the locus the previous reference
  // had at this position before the hash lookup.
  if (locus_at_position_.size() < loci.size()) locus_at_position_.resize(loci.size(), 0);
  for (std::size_t k = 0; k < loci.size(); ++k) {
    const LocusGenotype& genotype = loci[k];
    int hint = locus_at_position_[k];
    int l = hint < locus_count() && dictionaries_[hint].locus == genotype.locus
                ? hint
                : locus_number(genotype.locus);
    if (l >= 0) locus_at_position_[k] = l;
    if (l < 0) continue;  // read_profile() only keeps loci of the table
    int i = dictionaries_[l].add(*genotype.first), j = dictionaries_[l].add(*genotype.second);
    if (i < 0 || j < 0) {
      codes_.resize(base);
      return "locus " + std::string(genotype.locus) + ": more than " +
             std::to_string(kMaxAllelesPerLocus) + " distinct alleles among the references";
    }
    codes_[base + l] = genotype_code(i, j);
    locus_typed_[l] = true;
  }
  id_hashes_.push_back(std::hash<std::string>{}(reference.id));
  mother_.push_back(reference.hypothesis == Hypothesis::kMC);
  references_.push_back(std::move(reference));
  return {};
}

void ReferenceIndex::finish(bool pair_couples) {
  // Drop the loci no reference types.
  int all = static_cast<int>(dictionaries_.size());
  std::vector<int> kept;
  for (int l = 0; l < all; ++l)
    if (locus_typed_[l]) kept.push_back(l);
  int used = static_cast<int>(kept.size());
  for (int r = 0; r < size(); ++r)
    for (int k = 0; k < used; ++k)
      codes_[std::size_t(r) * used + k] = codes_[std::size_t(r) * all + kept[k]];
  codes_.resize(std::size_t(size()) * used);
  std::vector<LocusDictionary> dictionaries;
  locus_numbers_.clear();
  for (int l : kept) {
    locus_numbers_.emplace(dictionaries_[l].locus, static_cast<int>(dictionaries.size()));
    dictionaries.push_back(std::move(dictionaries_[l]));
  }
  dictionaries_ = std::move(dictionaries);

  if (pair_couples) {  // the first father and the first mother of each case
    // Keyed by views of the references' case ids: no copy per reference.
    std::unordered_map<std::string_view, std::pair<int, int>> parents;
    parents.reserve(references_.size());
    for (int r = 0; r < size(); ++r) {
      const Reference& reference = references_[r];
      if (reference.case_id.empty()) continue;
      auto& [father, mother] =
          parents.try_emplace(std::string_view(reference.case_id), -1, -1).first->second;
      if (reference.role == "father" && father < 0) father = r;
      if (reference.role == "mother" && mother < 0) mother = r;
    }
    for (const auto& [case_id, couple] : parents)
      if (couple.first >= 0 && couple.second >= 0) {
        references_[couple.first].partner = couple.second;
        references_[couple.second].partner = couple.first;
      }
  }

  build_rows();

  // Bitmaps: per block, per locus, the "untyped" slot then one slot per allele; an untyped
  // reference is set in every slot of the locus (it can never be excluded there).
  slot_base_.clear();
  slot_count_ = 0;
  for (const auto& dictionary : dictionaries_) {
    slot_base_.push_back(slot_count_);
    slot_count_ += 1 + static_cast<int>(dictionary.alleles.size());
  }
  bitmaps_.assign(std::size_t(block_count()) * slot_count_ * kBlockWords, 0);
  for (int r = 0; r < size(); ++r) {
    int block = r / kBlockReferences, bit = r % kBlockReferences;
    std::uint64_t mask = std::uint64_t{1} << (bit % 64);
    auto set = [&](int s) {
      bitmaps_[(std::size_t(block) * slot_count_ + s) * kBlockWords + bit / 64] |= mask;
    };
    const GenotypeCode* codes = this->codes(r);
    for (int l = 0; l < locus_count(); ++l) {
      GenotypeCode c = codes[l];
      if (c == kUntyped) {
        for (int a = -1; a < static_cast<int>(dictionaries_[l].alleles.size()); ++a)
          set(slot(l, a));
      } else {
        auto [i, j] = dictionaries_[l].alleles_of(c);
        set(slot(l, i));
        set(slot(l, j));
      }
    }
  }
}

void ReferenceIndex::build_rows() {
  const std::size_t used = dictionaries_.size();
  row_bytes_ =
      (sizeof(RowHead) + used * sizeof(GenotypeCode) + kCacheLine - 1) / kCacheLine * kCacheLine;
  rows_.assign(std::size_t(size()) * row_bytes_ / kCacheLine, Line{});
  for (int r = 0; r < size(); ++r) {
    RowHead& head = row(r);
    head.id_hash = id_hashes_[r];
    head.partner = references_[r].partner;
    head.mother = mother_[r];
    std::copy_n(&codes_[std::size_t(r) * used], used, reinterpret_cast<GenotypeCode*>(&head + 1));
  }
  std::vector<GenotypeCode>().swap(codes_);
  std::vector<std::uint64_t>().swap(id_hashes_);
  std::vector<std::uint8_t>().swap(mother_);
}

std::size_t ReferenceIndex::memory_bytes() const {
  std::size_t bytes = bitmaps_.capacity() * 8 + rows_.capacity() * kCacheLine +
                      references_.capacity() * sizeof(Reference);
  for (const auto& reference : references_)
    bytes += reference.id.capacity() + reference.case_id.capacity() + reference.role.capacity();
  return bytes;
}

}  // namespace reunite::kinship
