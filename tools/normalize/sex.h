// Sex as exports write it → M, F or U: 男/女, M/F, male/female, boy/girl, and the GB/T 2261.1
// codes 1 (male), 2 (female), 0 (unknown) and 9 (not stated).
#pragma once

#include <optional>
#include <string_view>

namespace reunite::normalize {

class ChineseText;

enum class Sex { kMale, kFemale, kUnknown };

// nullopt when the value is not a way of writing a sex.
std::optional<Sex> parse_sex(ChineseText& text, std::string_view value);
// The same for text already folded (ChineseText::fold).
std::optional<Sex> parse_folded_sex(std::string_view folded);
std::string_view sex_code(Sex sex);  // "M", "F", "U"

}  // namespace reunite::normalize
