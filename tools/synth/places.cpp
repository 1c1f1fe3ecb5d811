#include "places.h"

#include <map>

#include "reunite/error.h"

namespace reunite::embedded {
extern const std::string_view synth_regions_tsv;
}

namespace reunite::synth {

namespace {

struct Row {
  std::string name;
  std::string parent;
  std::string level;
  std::string flags;
};

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> cells;
  std::size_t start = 0;
  while (true) {
    std::size_t tab = line.find('\t', start);
    cells.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) return cells;
    start = tab + 1;
  }
}

// "成都市" -> "成都", "武侯区" -> "武侯": how people shorten names in speech and on forums.
// Names of two characters keep their suffix ("和县" stays).
std::string short_form(const std::string& name) {
  static constexpr std::string_view kSuffixes[] = {"省", "市", "区", "县"};
  for (std::string_view suffix : kSuffixes) {
    if (name.size() > suffix.size() + 3 && name.ends_with(suffix))
      return name.substr(0, name.size() - suffix.size());
  }
  return name;
}

}  // namespace

PlaceTable PlaceTable::builtin() {
  return parse(embedded::synth_regions_tsv);
}

PlaceTable PlaceTable::parse(std::string_view text) {
  std::map<std::string, Row> rows;
  std::vector<std::string> county_codes;
  std::size_t start = 0;
  int line_number = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (++line_number == 1 || line.empty()) continue;
    auto cells = split_tabs(line);
    if (cells.size() < 4)
      throw FatalError("region table line " + std::to_string(line_number) + ": too few columns");
    Row row{std::string(cells[1]), std::string(cells[2]), std::string(cells[3]),
            cells.size() > 4 ? std::string(cells[4]) : std::string()};
    if (row.level == "county" && row.flags.empty()) county_codes.emplace_back(cells[0]);
    rows.emplace(std::string(cells[0]), std::move(row));
  }
  PlaceTable table;
  for (const std::string& code : county_codes) {
    County county{code, {}, {}, rows[code].name};
    std::string parent = rows[code].parent;
    while (!parent.empty() && rows.count(parent)) {
      const Row& row = rows[parent];
      if (row.level == "province") county.province = row.name;
      if (row.level == "city" && row.flags.empty()) county.city = row.name;
      parent = row.parent;
    }
    if (!county.province.empty()) table.counties_.push_back(std::move(county));
  }
  if (table.counties_.empty()) throw FatalError("the region table has no county-level rows");
  return table;
}

std::string write_place(const County& county, PlacePrecision precision) {
  switch (precision) {
    case PlacePrecision::kCounty:
      return county.province + county.city + county.county;
    case PlacePrecision::kCountyShort:
      return short_form(county.city.empty() ? county.province : county.city) +
             short_form(county.county);
    case PlacePrecision::kCity:
      return county.city.empty() ? county.province : county.city;
    default:
      return county.province;
  }
}

std::string_view area_code(const County& county) {
  static constexpr std::pair<std::string_view, std::string_view> kCodes[] = {
      {"北京市", "010"}, {"广州市", "020"}, {"上海市", "021"}, {"天津市", "022"},
      {"重庆市", "023"}, {"沈阳市", "024"}, {"南京市", "025"}, {"武汉市", "027"},
      {"成都市", "028"}, {"西安市", "029"}};
  const std::string& city = county.city.empty() ? county.province : county.city;
  for (const auto& [name, code] : kCodes)
    if (city == name) return code;
  return {};
}

}  // namespace reunite::synth
