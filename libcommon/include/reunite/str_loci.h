// The STR locus model shared by ingest (CSV genotype columns) and dna-match (kinship): which
// loci exist and how exports spell them, their approximate mutation rates and kit membership
// (from data/loci.tsv, compiled in), and the Allele / Genotype value types.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace reunite {

// Commercial kits with a membership column in data/loci.tsv (bit positions in LocusInfo::kits).
enum class Kit : std::uint8_t {
  kCodis20,
  kIdentifiler,
  kPowerPlex16,
  kPowerPlex21,
  kGlobalFiler,
  kFusion5C,
  kFusion6C,
  kGoldeneye20A,
  kSinofiler,
  kExpressmarker22,  // membership unverified (column expressmarker22_unverified)
  kNgmSelectDna17,
  kSureId23Comp,
};
inline constexpr int kKitCount = 12;

struct LocusInfo {
  std::string_view name;                // canonical spelling, e.g. "PENTA_D", "VWA", "AMEL"
  std::string_view chrom_band;          // "21q22"; empty when unknown
  int repeat_bp = 0;                    // 0 for the amelogenin sex marker
  std::optional<double> mutation_rate;  // rough, sexes pooled: a default, not a fact
  std::uint32_t kits = 0;               // bit (1 << Kit) per kit that types the locus
  bool sex_marker = false;              // AMEL: typed X/Y, never used in kinship LRs

  bool in_kit(Kit kit) const { return (kits >> static_cast<int>(kit)) & 1u; }
};

// Every known locus, sorted by canonical name.
std::span<const LocusInfo> all_loci();

// Case-insensitive, ignores spaces, '_', '-', '.', '/' and knows the aliases of loci.tsv:
// "Penta D", "penta_d", "PentaD" -> PENTA_D; "CSF1P0" -> CSF1PO; "Amelogenin" -> AMEL.
const LocusInfo* find_locus(std::string_view any_spelling);
std::optional<std::string_view> canonical_locus_name(std::string_view any_spelling);

// The approximate mutation rate of loci.tsv, if the locus has one.
std::optional<double> locus_mutation_rate(std::string_view any_spelling);

// "Goldeneye 20A", "GlobalFiler", "PowerPlex 21", "AGCU EX22", "Identifiler Plus", ...
std::optional<Kit> kit_from_name(std::string_view any_spelling);
std::string_view kit_name(Kit kit);
// Canonical names of the loci a kit types, sorted.
std::vector<std::string_view> kit_loci(Kit kit);

// One allele call: a repeat number with at most one decimal ("9", "9.3", "31.2"), "OL"
// (off-ladder), or "X"/"Y" at amelogenin.  Kept as text so that 9.3 and OL survive; the
// numeric value orders alleles and drives the stepwise mutation models.
class Allele {
 public:
  // Trims spaces, uppercases ol/x/y, drops leading zeros and a ".0" ("09.0" -> "9").
  static std::optional<Allele> parse(std::string_view text);

  const std::string& text() const { return text_; }
  // The repeat number, absent for OL, X and Y.
  std::optional<double> repeats() const { return repeats_; }

  // Numeric alleles first in numeric order, then the others by text.
  friend bool operator<(const Allele& a, const Allele& b);
  friend bool operator==(const Allele& a, const Allele& b) { return a.text_ == b.text_; }

 private:
  std::string text_;
  std::optional<double> repeats_;
};

// An unordered pair of alleles at one locus, stored ordered (first <= second).
struct Genotype {
  Allele first;
  Allele second;

  bool homozygous() const { return first == second; }
  bool contains(const Allele& allele) const { return first == allele || second == allele; }
  std::string text() const { return first.text() + "/" + second.text(); }  // "9/9.3"
  friend bool operator==(const Genotype&, const Genotype&) = default;
};

Genotype make_genotype(Allele a, Allele b);

// A genotype cell as exports write it: "9/9.3", "12,14", "22，24" (full-width comma), "14 15",
// or one allele for a homozygote ("14" -> 14/14).  Empty text is not a genotype.
struct GenotypeParse {
  std::optional<Genotype> genotype;
  std::string error;  // why not, when genotype is empty
};
GenotypeParse parse_genotype(std::string_view text);

}  // namespace reunite
