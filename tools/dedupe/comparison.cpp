#include "comparison.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "string_similarity.h"

namespace reunite::dedupe {

namespace {

Level compare_names(const FieldColumn& column, std::size_t a, std::size_t b) {
  std::string_view x = column.values[a], y = column.values[b];
  if (x == y) return 1;
  std::string_view px = column.pinyin[a], py = column.pinyin[b];
  // A name written in pinyin on one side meets the other's pinyin key.
  std::string_view kx = px.empty() ? x : px, ky = py.empty() ? y : py;
  if ((!px.empty() || !py.empty()) && kx == ky) return 2;
  double similarity = jaro_winkler(x, y);
  if (!px.empty() || !py.empty()) similarity = std::max(similarity, jaro_winkler(kx, ky));
  if (similarity >= 0.92) return 3;
  if (similarity >= 0.80) return 4;
  return 5;
}

Level compare_text(std::string_view x, std::string_view y) {
  if (x == y) return 1;
  if (damerau_levenshtein(x, y, 1) <= 1) return 2;
  double similarity = jaro_winkler(x, y);
  if (similarity >= 0.95) return 2;
  if (similarity >= 0.85) return 3;
  return 4;
}

bool day_month_swapped(std::string_view x, std::string_view y) {
  // ISO yyyy-mm-dd: the same year with month and day exchanged.
  return x.size() == 10 && y.size() == 10 && x.substr(0, 5) == y.substr(0, 5) &&
         x.substr(5, 2) == y.substr(8, 2) && x.substr(8, 2) == y.substr(5, 2);
}

Level compare_dates(const FieldColumn& column, std::size_t a, std::size_t b) {
  std::string_view x = column.values[a], y = column.values[b];
  if (x == y) return 1;
  const DateRange& dx = column.dates[a];
  const DateRange& dy = column.dates[b];
  if (dx.valid() && dy.valid()) {
    if (dx.exact_day() && dy.exact_day() && dx.first == dy.first) return 1;
    bool overlap = dx.first <= dy.last && dy.first <= dx.last;
    if (overlap && !(dx.exact_day() && dy.exact_day())) return 2;
  }
  if (damerau_levenshtein(x, y, 1) <= 1 || day_month_swapped(x, y)) return 3;
  if (dx.valid() && dy.valid()) {
    std::int32_t gap = std::max(dx.first - dy.last, dy.first - dx.last);
    if (gap <= 365) return 4;
  }
  return 5;
}

std::optional<double> parse_number(std::string_view text) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

Level compare_numbers(std::string_view x, std::string_view y) {
  if (x == y) return 1;
  auto nx = parse_number(x), ny = parse_number(y);
  if (!nx || !ny) return 3;
  if (*nx == *ny) return 1;
  double tolerance = std::max(1.0, 0.05 * std::max(std::abs(*nx), std::abs(*ny)));
  return std::abs(*nx - *ny) <= tolerance ? 2 : 3;
}

Level compare_phones(std::string_view x, std::string_view y) {
  if (x == y) return 1;
  if (x.size() >= 8 && y.size() >= 8 && x.substr(x.size() - 8) == y.substr(y.size() - 8)) return 2;
  return damerau_levenshtein(x, y, 1) <= 1 ? 2 : 3;
}

bool is_region_code(std::string_view text) {
  return text.size() == 6 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Level compare_places(std::string_view x, std::string_view y) {
  if (x == y) return 1;
  if (!is_region_code(x) || !is_region_code(y)) return 4;
  if (x.substr(0, 4) == y.substr(0, 4)) return 2;
  if (x.substr(0, 2) == y.substr(0, 2)) return 3;
  return 4;
}

}  // namespace

const std::vector<std::string>& level_names(CompareType type) {
  static const std::vector<std::vector<std::string>> kNames = {
      {"exact", "pinyin", "close", "similar", "different"},
      {"exact", "close", "similar", "different"},
      {"exact", "different"},
      {"exact", "compatible", "typo", "year", "different"},
      {"exact", "close", "different"},
      {"exact", "close", "different"},
      {"exact", "typo", "different"},
      {"exact", "city", "province", "different"},
  };
  return kNames[static_cast<std::size_t>(type)];
}

Level compare_records(const FieldColumn& column, std::size_t a, std::size_t b) {
  std::string_view x = column.values[a], y = column.values[b];
  if (x.empty() || y.empty()) return kMissing;
  switch (column.spec.type) {
    case CompareType::name:
      return compare_names(column, a, b);
    case CompareType::text:
      return compare_text(x, y);
    case CompareType::exact:
      return x == y ? 1 : 2;
    case CompareType::date:
      return compare_dates(column, a, b);
    case CompareType::number:
      return compare_numbers(x, y);
    case CompareType::phone:
      return compare_phones(x, y);
    case CompareType::id:
      return x == y ? 1 : damerau_levenshtein(x, y, 1) <= 1 ? 2 : 3;
    case CompareType::place:
      return compare_places(x, y);
  }
  return kMissing;
}

}  // namespace reunite::dedupe
