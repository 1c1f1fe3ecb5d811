// Places of the synthetic world: the county-level divisions of GB/T 2260 (data/regions.tsv,
// compiled in), and the ways people write them, from "四川省成都市武侯区" down to "四川".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "random.h"

namespace reunite::synth {

struct County {
  std::string code;      // six digits
  std::string province;  // 四川省
  std::string city;      // 成都市; empty under a municipality (北京市东城区)
  std::string county;    // 武侯区
};

// How precisely a report gives the place (PlacePrecision::kCounty is the full address).
enum class PlacePrecision { kCounty, kCountyShort, kCity, kProvince };

class PlaceTable {
 public:
  // The built-in table (data/regions.tsv), or a file in its format.
  static PlaceTable builtin();
  static PlaceTable parse(std::string_view tsv_text);

  const std::vector<County>& counties() const { return counties_; }
  const County& random_county(Random& random) const { return random.pick(counties_); }

 private:
  std::vector<County> counties_;
};

std::string write_place(const County& county, PlacePrecision precision);

// The telephone area code of the county's city for the cities with three-digit codes and
// eight-digit numbers (010 北京, 020 广州, 021 上海, ... 029 西安); empty elsewhere.
std::string_view area_code(const County& county);

}  // namespace reunite::synth
