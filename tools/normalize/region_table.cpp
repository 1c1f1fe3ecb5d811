#include "region_table.h"

#include <fmt/format.h>

#include <charconv>
#include <stdexcept>

namespace reunite::embedded {
extern const std::string_view regions_tsv;
extern const std::string_view regions_historical_tsv;
}  // namespace reunite::embedded

namespace reunite::normalize {

namespace {

std::vector<std::string_view> split(std::string_view line, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    std::size_t end = line.find(separator, start);
    parts.push_back(
        line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

// Calls `row` with the fields of every data line (after the header), CR and blank lines skipped.
template <class Row>
void for_each_row(std::string_view tsv, std::string_view what, Row row) {
  std::size_t line_number = 0;
  while (!tsv.empty()) {
    std::size_t end = tsv.find('\n');
    std::string_view line = tsv.substr(0, end);
    tsv.remove_prefix(end == std::string_view::npos ? tsv.size() : end + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_number == 1 || line.empty()) continue;
    if (!row(split(line, '\t'))) {
      throw std::runtime_error(fmt::format("{}: line {}: not a region row", what, line_number));
    }
  }
}

bool parse_code(std::string_view text, RegionCode& code) {
  if (text.size() != 6) return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), code);
  return error == std::errc() && end == text.data() + text.size();
}

RegionLevel level_of_code(RegionCode code) {
  if (code % 10000 == 0) return RegionLevel::kProvince;
  if (code % 100 == 0) return RegionLevel::kCity;
  return RegionLevel::kCounty;
}

}  // namespace

std::string region_code_text(RegionCode code) {
  return fmt::format("{:06}", code);
}

const RegionTable& RegionTable::built_in() {
  static const RegionTable table = parse(embedded::regions_tsv, embedded::regions_historical_tsv);
  return table;
}

std::string_view RegionTable::built_in_current_text() {
  return embedded::regions_tsv;
}
std::string_view RegionTable::built_in_historical_text() {
  return embedded::regions_historical_tsv;
}

RegionTable RegionTable::parse(std::string_view current_tsv, std::string_view historical_tsv,
                               std::string_view what) {
  RegionTable table;
  for_each_row(current_tsv, what, [&](const std::vector<std::string_view>& fields) {
    // code, name, parent, level, flags
    if (fields.size() < 4) return false;
    Region region;
    if (!parse_code(fields[0], region.code) || fields[1].empty()) return false;
    region.name = fields[1];
    if (!fields[2].empty() && !parse_code(fields[2], region.parent)) return false;
    if (fields[3] == "province") {
      region.level = RegionLevel::kProvince;
    } else if (fields[3] == "city") {
      region.level = RegionLevel::kCity;
    } else if (fields[3] == "county") {
      region.level = RegionLevel::kCounty;
    } else {
      return false;
    }
    std::string_view flags = fields.size() > 4 ? fields[4] : std::string_view{};
    region.placeholder = flags.find("placeholder") != std::string_view::npos;
    table.current_index_.emplace(region.code, table.current_.size());
    table.current_.push_back(std::move(region));
    return true;
  });
  for_each_row(
      historical_tsv, "regions_historical.tsv", [&](const std::vector<std::string_view>& fields) {
        // code, name, first_rev, last_rev, in_current: the row with the latest last_rev names a
        // code
        if (fields.size() < 4) return false;
        Region region;
        if (!parse_code(fields[0], region.code) || fields[1].empty()) return false;
        region.name = fields[1];
        region.level = level_of_code(region.code);
        region.current = false;
        if (region.level == RegionLevel::kCounty) region.parent = region.code / 100 * 100;
        if (region.level == RegionLevel::kCity) region.parent = region.code / 10000 * 10000;
        int last_rev = 0;
        std::from_chars(fields[3].data(), fields[3].data() + fields[3].size(), last_rev);
        auto [slot, inserted] = table.retired_index_.emplace(region.code, table.retired_.size());
        if (inserted) {
          table.retired_.push_back(std::move(region));
          table.retired_last_rev_.push_back(last_rev);
        } else if (last_rev >= table.retired_last_rev_[slot->second]) {
          table.retired_[slot->second] = std::move(region);
          table.retired_last_rev_[slot->second] = last_rev;
        }
        return true;
      });
  return table;
}

const Region* RegionTable::find(RegionCode code) const {
  if (auto found = current_index_.find(code); found != current_index_.end())
    return &current_[found->second];
  if (auto found = retired_index_.find(code); found != retired_index_.end())
    return &retired_[found->second];
  return nullptr;
}

RegionNames RegionTable::names(RegionCode code) const {
  RegionNames names;
  const Region* region = find(code);
  if (!region) return names;
  names.code = code;
  if (const Region* province = find(code / 10000 * 10000)) names.province = province->name;
  if (region->level != RegionLevel::kProvince) {
    const Region* city = find(code / 100 * 100);
    if (city && !city->placeholder) names.city = city->name;
  }
  if (region->level == RegionLevel::kCounty) names.county = region->name;
  return names;
}

}  // namespace reunite::normalize
