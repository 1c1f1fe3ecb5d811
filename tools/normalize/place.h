// Free-text places → GB/T 2260 divisions: "四川省成都市武侯区", "重慶", "广东深圳",
// "Wuhou District, Chengdu, Sichuan".  Names are matched with or without their suffixes
// (省, 市, 自治区, 县, 区, …), in simplified or traditional characters or in pinyin; each match
// names one or more divisions, and the division that agrees with the most matches (itself or
// an ancestor) wins.  A tie that no ancestor resolves is ambiguous, not guessed.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "region_table.h"

namespace reunite::normalize {

class ChineseText;

struct PlaceResult {
  RegionNames region;        // code 0 when nothing was resolved
  std::string_view problem;  // unknown_place, ambiguous_place
  std::string detail;
};

// Built once from a RegionTable (the index costs a few milliseconds); read-only afterwards, so
// one resolver serves every thread.
class PlaceResolver {
 public:
  PlaceResolver(const RegionTable& table, ChineseText& text);

  // `text` is read with the caller's (per-thread) ChineseText.
  PlaceResult resolve(ChineseText& text, std::string_view place) const;
  // The same for text already folded (ChineseText::fold).
  PlaceResult resolve_folded(std::string_view folded) const;
  // Resolves a code written in the record (e.g. missing_place.region_code).
  PlaceResult from_code(RegionCode code) const;

 private:
  using Candidates = std::vector<RegionCode>;
  // Lookups by string_view, without building a string per substring tried.
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const {
      return std::hash<std::string_view>{}(key);
    }
  };
  using NameIndex = std::unordered_map<std::string, Candidates, NameHash, std::equal_to<>>;
  void add_name(const std::string& key, RegionCode code);
  std::vector<const Candidates*> mentions_in_han(std::string_view folded) const;
  std::vector<const Candidates*> mentions_in_latin(std::string_view folded) const;
  PlaceResult best(const std::vector<const Candidates*>& mentions) const;

  const RegionTable& table_;
  NameIndex by_name_;    // full and short Chinese names
  NameIndex by_pinyin_;  // "chongqing", "wuhou"
  std::size_t longest_name_bytes_ = 0;
};

}  // namespace reunite::normalize
