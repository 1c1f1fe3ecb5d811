// Comparison levels: how alike two records' values of one field are, from exact to different.
// Level 0 means a value is missing on either side (it counts neither for nor against a match);
// levels 1.. are ordered from most to least alike and level 1 is always an exact match.
//
//   name    exact, pinyin (same pinyin key: 张伟 = zhang wei), close (Jaro–Winkler ≥ 0.92 on the
//           text or the pinyin), similar (≥ 0.80), different
//   text    exact, close (one edit, or Jaro–Winkler ≥ 0.95), similar (Jaro–Winkler ≥ 0.85),
//   different exact   exact, different date    exact (same day), compatible (partial dates that
//   overlap: 2008 and 2008-05-12),
//           typo (one digit or day/month swapped), year (within 365 days), different
//   number  exact, close (within 1 or 5%), different
//   phone   exact, close (same last 8 digits, or one edit), different
//   id      exact, typo (one edit), different
//   place   exact (same region code), city (same prefecture), province, different
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "record_fields.h"

namespace reunite::dedupe {

using Level = std::uint8_t;
constexpr Level kMissing = 0;
constexpr Level kExact = 1;

// The names of levels 1.. for a type.
const std::vector<std::string>& level_names(CompareType type);
inline std::size_t level_count(CompareType type) {
  return level_names(type).size() + 1;
}

// The level of records a and b in one column.
Level compare_records(const FieldColumn& column, std::size_t a, std::size_t b);

}  // namespace reunite::dedupe
