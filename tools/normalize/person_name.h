// Personal names: a folded form for display and exact comparison, and a toneless pinyin key
// written as Chinese names are romanized — surname, one space, the given name's syllables
// joined ("zhang wei", "wang xiaoming", "ouyang nana") — that the characters (simplified or
// traditional) and any romanization of them (either order, any case or spacing, tone marks or
// tone digits) reach alike.  ü stays distinct: 吕 is "lv", 陆 is "lu".
#pragma once

#include <string>
#include <string_view>

#include "chinese_text.h"

namespace reunite::normalize {

struct NormalizedName {
  std::string folded;  // NFKC, case folded, simplified, spaces collapsed: "张伟", "zhang wei"
  std::string pinyin;  // "zhang wei"; empty when the name has no letters or Han characters
};

NormalizedName normalize_name(ChineseText& text, std::string_view name);
// The same when the caller has folded the name already (`folded` is text.fold(name)).
NormalizedName normalize_name(ChineseText& text, std::string_view name, std::string_view folded);

// The rank of a romanized surname among common Chinese surnames (0 = most common), or -1 if it
// is not one: how a romanized name tells its surname from its given name.
int surname_rank(std::string_view pinyin);
// True for a two-character surname such as 欧阳, 司马, 诸葛 (simplified characters).
bool is_compound_surname(std::string_view han);

}  // namespace reunite::normalize
