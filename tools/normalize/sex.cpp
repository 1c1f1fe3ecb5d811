#include "sex.h"

#include <array>
#include <string>

#include "chinese_text.h"

namespace reunite::normalize {

namespace {

struct SexWord {
  std::string_view word;  // folded: lower case, simplified
  Sex sex;
};

constexpr std::array<SexWord, 32> kSexWords = {{
    {"男", Sex::kMale},         {"男性", Sex::kMale},     {"男孩", Sex::kMale},
    {"男童", Sex::kMale},       {"男婴", Sex::kMale},     {"m", Sex::kMale},
    {"male", Sex::kMale},       {"boy", Sex::kMale},      {"man", Sex::kMale},
    {"1", Sex::kMale},          {"女", Sex::kFemale},     {"女性", Sex::kFemale},
    {"女孩", Sex::kFemale},     {"女童", Sex::kFemale},   {"女婴", Sex::kFemale},
    {"f", Sex::kFemale},        {"female", Sex::kFemale}, {"girl", Sex::kFemale},
    {"woman", Sex::kFemale},    {"2", Sex::kFemale},      {"u", Sex::kUnknown},
    {"unknown", Sex::kUnknown}, {"0", Sex::kUnknown},     {"9", Sex::kUnknown},
    {"未知", Sex::kUnknown},    {"不详", Sex::kUnknown},  {"不明", Sex::kUnknown},
    {"未说明", Sex::kUnknown},  {"?", Sex::kUnknown},     {"x", Sex::kUnknown},
    {"n/a", Sex::kUnknown},     {"-", Sex::kUnknown},
}};

}  // namespace

std::optional<Sex> parse_sex(ChineseText& text, std::string_view value) {
  return parse_folded_sex(text.fold(value));
}

std::optional<Sex> parse_folded_sex(std::string_view folded) {
  if (!folded.empty() && folded.back() == '.') folded.remove_suffix(1);  // "M."
  for (const auto& entry : kSexWords) {
    if (entry.word == folded) return entry.sex;
  }
  return std::nullopt;
}

std::string_view sex_code(Sex sex) {
  switch (sex) {
    case Sex::kMale:
      return "M";
    case Sex::kFemale:
      return "F";
    default:
      return "U";
  }
}

}  // namespace reunite::normalize
