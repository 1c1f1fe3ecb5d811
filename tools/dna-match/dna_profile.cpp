#include "dna_profile.h"

#include <algorithm>

#include "reunite/json.h"

namespace reunite::kinship {

namespace ondemand = simdjson::ondemand;

namespace {

// The allele texts of one locus value; false when the value is not an allele list.
bool allele_texts(ondemand::value value, std::vector<std::string>& texts) {
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
      if (at != 0) texts.emplace_back(rest.substr(0, at));
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
      texts.emplace_back(text);
    } else if (item_type == ondemand::json_type::number) {
      std::string_view raw = item.raw_json_token();
      while (!raw.empty() &&
             (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\t' || raw.back() == '\r'))
        raw.remove_suffix(1);
      double number;
      if (item.get_double().get(number)) return false;  // validates the number
      texts.emplace_back(raw);
    } else {
      return false;
    }
  }
  return true;
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
  for (const KnownKey& k : known)
    if (k.key == key && k.population == &population) return k;
  if (known.size() > 256) known.clear();
  const LocusInfo* info = find_locus(key);
  bool in_table = info && population.locus(info->name) != nullptr;
  known.push_back({std::string(key), &population, info, in_table});
  return known.back();
}

}  // namespace

ProfileRead read_profile(ondemand::value loci, const PopulationFrequencies& population,
                         ExtraAllelePolicy extra_alleles) {
  ProfileRead result;
  ondemand::object object;
  if (loci.get_object().get(object)) return result.error = "\"loci\" is not an object", result;
  std::vector<std::string> texts;
  for (auto field : object) {
    std::string_view key;
    ondemand::value value;
    if (field.unescaped_key().get(key) || field.value().get(value))
      return result.error = "\"loci\" is not valid JSON", result;
    const KnownKey& known = resolve_key(key, population);
    const LocusInfo* info = known.info;
    std::string name = info ? std::string(info->name) : std::string(key);
    if (!allele_texts(value, texts))
      return result.error = "locus " + name + ": expected a list of alleles", result;
    if (texts.empty()) continue;  // untyped
    if (info && info->sex_marker) continue;
    if (result.loci.count(name) ||
        std::any_of(result.ignored.begin(), result.ignored.end(),
                    [&](const IgnoredLocus& i) { return i.locus == name; }))
      return result.error = "locus " + name + " is typed twice", result;
    if (texts.size() > 2) {
      if (extra_alleles == ExtraAllelePolicy::kReject)
        return result.error = "locus " + name + " has " + std::to_string(texts.size()) +
                              " alleles (a mixture or tri-allelic pattern cannot be scored)",
               result;
      result.ignored.push_back({name, "more than two alleles"});
      continue;
    }
    auto first = Allele::parse(texts.front()), second = Allele::parse(texts.back());
    if (!is_str_allele(first) || !is_str_allele(second))
      return result.error = "locus " + name + ": invalid allele", result;
    if (info == nullptr) {
      result.ignored.push_back({name, "unknown locus"});
      continue;
    }
    if (!known.in_table) {
      result.ignored.push_back({name, "no allele frequencies in " + population.name()});
      continue;
    }
    result.loci.emplace(name, make_genotype(std::move(*first), std::move(*second)));
  }
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
