#include "dna_profile.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <unordered_map>

#include "reunite/json.h"

namespace reunite::kinship {

namespace ondemand = simdjson::ondemand;

namespace {

// The allele texts of one locus value; false when the value is not an allele list.  The views
// point into the parser's string buffer or the record, valid while the document is.
bool allele_texts(ondemand::value value, std::vector<std::string_view>& texts) {
  texts.clear();
  ondemand::json_type type;
  if (value.type().get(type)) return false;
  if (type == ondemand::json_type::null) return true;
  if (type == ondemand::json_type::string) {  // "12/14", "12,14", "12"
    std::string_view text;
    if (value.get_string().get(text)) return false;
    std::string_view rest = text;
    while (!rest.empty()) {
      auto at = rest.find_first_of("/,; \t");
      if (at != 0) texts.push_back(rest.substr(0, at));
      if (at == std::string_view::npos) break;
      rest.remove_prefix(at + 1);
    }
    return true;
  }
  if (type != ondemand::json_type::array) return false;
  ondemand::array array;
  if (value.get_array().get(array)) return false;
  for (auto element : array) {
    ondemand::value item;
    if (element.get(item)) return false;
    ondemand::json_type item_type;
    if (item.type().get(item_type)) return false;
    if (item_type == ondemand::json_type::string) {
      std::string_view text;
      if (item.get_string().get(text)) return false;
      texts.push_back(text);
    } else if (item_type == ondemand::json_type::number) {
      std::string_view raw = item.raw_json_token();
      while (!raw.empty() &&
             (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\t' || raw.back() == '\r'))
        raw.remove_suffix(1);
      double number;
      if (item.get_double().get(number)) return false;  // validates the number
      texts.push_back(raw);
    } else {
      return false;
    }
  }
  return true;
}

// Allele::parse() of each spelling once per thread: a million references repeat a few hundred
// spellings, and parsing them (from_chars, a string) was a fifth of loading.  Short spellings
// (all real ones) are keyed by their bytes packed into an integer, which hashes for free.
struct AlleleCache {
  std::unordered_map<std::uint64_t, std::optional<Allele>> short_texts;
  TextKeyMap<std::optional<Allele>> long_texts;
  std::size_t size() const { return short_texts.size() + long_texts.size(); }
  void clear() {
    short_texts.clear();
    long_texts.clear();
  }
};

const std::optional<Allele>& parse_allele(AlleleCache& cache, std::string_view text) {
  if (text.size() < 8) {
    std::uint64_t key = text.size();
    for (std::size_t i = 0; i < text.size(); ++i)
      key |= std::uint64_t{static_cast<unsigned char>(text[i])} << (8 * (i + 1));
    auto it = cache.short_texts.find(key);
    if (it == cache.short_texts.end())
      it = cache.short_texts.emplace(key, Allele::parse(text)).first;
    return it->second;
  }
  auto it = cache.long_texts.find(text);
  if (it == cache.long_texts.end())
    it = cache.long_texts.emplace(std::string(text), Allele::parse(text)).first;
  return it->second;
}

// A repeat number or OL; X and Y belong to amelogenin only.
bool is_str_allele(const std::optional<Allele>& allele) {
  return allele && (allele->repeats() || allele->text() == "OL");
}

// Locus keys repeat in every record: resolving a spelling (find_locus() normalises it, then
// the table is a map lookup) once per distinct spelling and thread takes a third off loading a
// million references.
struct KnownKey {
  std::string key;
  const PopulationFrequencies* population;
  const LocusInfo* info;
  bool in_table;
};

const KnownKey& resolve_key(std::string_view key, const PopulationFrequencies& population) {
  thread_local std::vector<KnownKey> known;
  thread_local std::size_t next = 0;  // records list their loci in the same order: try it first
  auto matches = [&](const KnownKey& k) { return k.key == key && k.population == &population; };
  if (next < known.size() && matches(known[next])) return known[next++];
  for (std::size_t i = 0; i < known.size(); ++i)
    if (matches(known[i])) return next = i + 1, known[i];
  if (known.size() > 256) known.clear();
  next = known.size() + 1;
  const LocusInfo* info = find_locus(key);
  bool in_table = info && population.locus(info->name) != nullptr;
  known.push_back({std::string(key), &population, info, in_table});
  return known.back();
}

}  // namespace

void scan_profile(ondemand::value loci, const PopulationFrequencies& population,
                  ExtraAllelePolicy extra_alleles, ProfileScan& scan) {
  scan.loci.clear();
  scan.ignored.clear();
  scan.error.clear();
  thread_local AlleleCache alleles;
  if (alleles.size() > 4096) alleles.clear();  // odd input; entries stay valid within a scan
  thread_local std::vector<std::string_view> texts;
  ondemand::object object;
  if (loci.get_object().get(object)) return void(scan.error = "\"loci\" is not an object");
  for (auto field : object) {
    std::string_view key;
    ondemand::value value;
    if (field.unescaped_key().get(key) || field.value().get(value))
      return void(scan.error = "\"loci\" is not valid JSON");
    const KnownKey& known = resolve_key(key, population);
    const LocusInfo* info = known.info;
    std::string_view name = info ? info->name : key;
    if (!allele_texts(value, texts))
      return void(scan.error = "locus " + std::string(name) + ": expected a list of alleles");
    if (texts.empty()) continue;  // untyped
    if (info && info->sex_marker) continue;
    if (std::any_of(scan.loci.begin(), scan.loci.end(),
                    [&](const LocusGenotype& l) { return l.locus == name; }) ||
        std::any_of(scan.ignored.begin(), scan.ignored.end(),
                    [&](const IgnoredLocus& i) { return i.locus == name; }))
      return void(scan.error = "locus " + std::string(name) + " is typed twice");
    if (texts.size() > 2) {
      if (extra_alleles == ExtraAllelePolicy::kReject)
        return void(scan.error = "locus " + std::string(name) + " has " +
                                 std::to_string(texts.size()) +
                                 " alleles (a mixture or tri-allelic pattern cannot be scored)");
      scan.ignored.push_back({std::string(name), "more than two alleles"});
      continue;
    }
    const auto& first = parse_allele(alleles, texts.front());
    const auto& second = parse_allele(alleles, texts.back());
    if (!is_str_allele(first) || !is_str_allele(second))
      return void(scan.error = "locus " + std::string(name) + ": invalid allele");
    if (info == nullptr) {
      scan.ignored.push_back({std::string(name), "unknown locus"});
      continue;
    }
    if (!known.in_table) {
      scan.ignored.push_back({std::string(name), "no allele frequencies in " + population.name()});
      continue;
    }
    bool swap = *second < *first;
    scan.loci.push_back({name, swap ? &*second : &*first, swap ? &*first : &*second});
  }
}

ProfileRead read_profile(ondemand::value loci, const PopulationFrequencies& population,
                         ExtraAllelePolicy extra_alleles) {
  ProfileRead result;
  thread_local ProfileScan scan;
  scan_profile(loci, population, extra_alleles, scan);
  result.ignored = std::move(scan.ignored);
  if (!scan.error.empty()) return result.error = std::move(scan.error), result;
  for (const LocusGenotype& locus : scan.loci)
    result.loci.emplace(std::string(locus.locus), Genotype{*locus.first, *locus.second});
  return result;
}

void append_ignored_loci(std::string& json, const std::vector<IgnoredLocus>& ignored) {
  if (ignored.empty()) return;
  json += ",\"ignored_loci\":{";
  for (std::size_t i = 0; i < ignored.size(); ++i) {
    if (i) json += ',';
    append_json_string(json, ignored[i].locus);
    json += ':';
    append_json_string(json, ignored[i].reason);
  }
  json += '}';
}

}  // namespace reunite::kinship
