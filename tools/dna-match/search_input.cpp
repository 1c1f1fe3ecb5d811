#include "search_input.h"

#include <xxhash.h>

#include <charconv>

namespace reunite::kinship {

namespace ondemand = simdjson::ondemand;

bool Shard::holds(std::string_view key) const {
  return count <= 1 || static_cast<int>(XXH3_64bits(key.data(), key.size()) % count) == index - 1;
}

std::optional<Shard> parse_shard(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  Shard shard;
  auto number = [](std::string_view digits, int& value) {
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return error == std::errc() && end == digits.data() + digits.size();
  };
  if (!number(text.substr(0, slash), shard.index) || !number(text.substr(slash + 1), shard.count) ||
      shard.count < 1 || shard.index < 1 || shard.index > shard.count)
    return std::nullopt;
  return shard;
}

namespace {

struct SampleFields {
  std::string id, case_id, role, sex;
};

// The fields a search reads from a sample record, and its "loci" value; an error when it lacks
// an id or loci.
std::string read_sample_fields(Record& record, SampleFields& sample, ondemand::value& loci) {
  auto kind = record.string_field("kind");
  if (kind && *kind != "sample") return "a \"" + *kind + "\" record, not a sample";
  auto id = record.string_field("id");
  if (!id) id = record.string_field("sample_id");
  if (!id || id->empty()) return "no \"id\" or \"sample_id\"";
  sample.id = std::move(*id);
  sample.case_id = record.string_field("case").value_or(record.string_field("person").value_or(""));
  sample.role = record.string_field("role").value_or("");
  sample.sex = record.string_field("sex").value_or("");
  if (record.document().find_field_unordered("loci").get(loci)) return "no \"loci\"";
  return {};
}

std::string too_few_loci(std::size_t usable, int min_loci) {
  if (static_cast<int>(usable) >= min_loci) return {};
  return std::to_string(usable) + " usable loci, fewer than --min-loci " + std::to_string(min_loci);
}

}  // namespace

ReferenceLoad load_references(RecordReader& reader, ReferenceIndex& index,
                              const PopulationFrequencies& population,
                              const SearchSettings& settings, const Shard& shard) {
  ReferenceLoad load;
  SampleFields sample;
  ProfileScan profile;
  for (Record record; reader.next(record);) {
    // A reference with three alleles at a locus is a mixture or an error: it could match
    // anyone, so it is rejected rather than searched.
    ondemand::value loci;
    std::string error = read_sample_fields(record, sample, loci);
    if (error.empty()) {
      scan_profile(loci, population, ExtraAllelePolicy::kReject, profile);
      error = profile.error.empty() ? too_few_loci(profile.loci.size(), settings.min_loci)
                                    : profile.error;
    }
    if (!error.empty()) {
      reader.reject(record, error);
      continue;
    }
    ++load.valid;
    if (!shard.holds(sample.case_id.empty() ? sample.id : sample.case_id)) continue;
    Reference reference;
    reference.hypothesis = settings.relation;
    if (settings.parent_mode)
      reference.hypothesis =
          sample.role == "mother" || (sample.role != "father" && sample.sex == "F")
              ? Hypothesis::kMC
              : Hypothesis::kPC;
    reference.id = std::move(sample.id);
    reference.case_id = std::move(sample.case_id);
    reference.role = std::move(sample.role);
    reference.ignored = std::move(profile.ignored);
    error = index.add(std::move(reference), profile.loci);
    if (!error.empty()) {
      reader.reject(record, error);
      --load.valid;
      continue;
    }
    ++load.held;
  }
  index.finish(settings.parent_mode);
  return load;
}

std::string read_query(Record& record, const PopulationFrequencies& population, int min_loci,
                       Query& query) {
  // A child's tri-allelic locus is left out with a flag: the other loci still find the family.
  SampleFields sample;
  ondemand::value loci;
  std::string error = read_sample_fields(record, sample, loci);
  if (!error.empty()) return error;
  ProfileRead profile = read_profile(loci, population, ExtraAllelePolicy::kIgnoreLocus);
  if (!profile.error.empty()) return profile.error;
  error = too_few_loci(profile.loci.size(), min_loci);
  if (!error.empty()) return error;
  query.id = std::move(sample.id);
  query.case_id = std::move(sample.case_id);
  query.loci = std::move(profile.loci);
  query.ignored = std::move(profile.ignored);
  return {};
}

}  // namespace reunite::kinship
