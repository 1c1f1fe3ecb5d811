// China's administrative divisions (GB/T 2260 codes): the current list (data/regions.tsv) and
// the codes retired since 1980 that still appear in older resident ID numbers
// (data/regions_historical.tsv).  Both are compiled in; files given on the command line
// replace them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace reunite::normalize {

enum class RegionLevel : std::uint8_t { kProvince, kCity, kCounty };

// A six-digit division code kept as a number (110105).
using RegionCode = std::uint32_t;

struct Region {
  RegionCode code = 0;
  std::string name;       // 北京市, 朝阳区
  RegionCode parent = 0;  // 0 for a province
  RegionLevel level = RegionLevel::kProvince;
  bool placeholder = false;  // 市辖区, 省直辖县级行政区划: not a real city
  bool current = true;       // false: retired, known from the historical list only
};

// A code with the names of its levels, as far as they exist (a municipality's districts have
// no city; a province has neither city nor county).
struct RegionNames {
  RegionCode code = 0;
  std::string_view province;
  std::string_view city;
  std::string_view county;
};

std::string region_code_text(RegionCode code);  // 110105 → "110105"

class RegionTable {
 public:
  // The compiled-in tables, parsed once.
  static const RegionTable& built_in();
  static std::string_view built_in_current_text();
  static std::string_view built_in_historical_text();
  // Parses regions.tsv and regions_historical.tsv text (the latter may be empty); throws
  // std::runtime_error naming `what` and the line on a malformed row.
  static RegionTable parse(std::string_view current_tsv, std::string_view historical_tsv,
                           std::string_view what = "regions.tsv");

  // The current division with this code, else the last name a retired code had; nullptr if
  // the code never existed.
  const Region* find(RegionCode code) const;
  // The division and its ancestors' names (ancestors found by code prefix, current or retired).
  RegionNames names(RegionCode code) const;
  // Current divisions only, in file order.
  const std::vector<Region>& current() const { return current_; }

 private:
  std::vector<Region> current_;
  std::vector<Region> retired_;
  std::vector<int> retired_last_rev_;  // YYYYMM of the list a retired name last appeared in
  std::unordered_map<RegionCode, std::size_t> current_index_;
  std::unordered_map<RegionCode, std::size_t> retired_index_;
};

}  // namespace reunite::normalize
