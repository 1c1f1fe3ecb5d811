#include "role.h"

#include <array>
#include <string>

#include "chinese_text.h"

namespace reunite::normalize {

namespace {

struct RoleWord {
  std::string_view word;  // folded: lower case, simplified, no spaces
  std::string_view role;
};

constexpr std::array<RoleWord, 81> kRoleWords = {{
    {"child", "child"},
    {"孩子", "child"},
    {"小孩", "child"},
    {"儿童", "child"},
    {"子女", "child"},
    {"儿子", "child"},
    {"女儿", "child"},
    {"son", "child"},
    {"daughter", "child"},
    {"失踪儿童", "child"},
    {"被拐儿童", "child"},
    {"本人", "child"},
    {"kid", "child"},
    {"missingchild", "child"},
    {"childunknownorigin", "child"},
    {"unknownchild", "child"},
    {"unidentifiedchild", "child"},
    {"来历不明儿童", "child"},
    {"身份不明儿童", "child"},
    {"不明身份儿童", "child"},
    {"流浪儿童", "child"},
    {"乞讨儿童", "child"},
    {"父亲", "father"},
    {"父", "father"},
    {"爸爸", "father"},
    {"爸", "father"},
    {"生父", "father"},
    {"father", "father"},
    {"dad", "father"},
    {"allegedfather", "father"},
    {"母亲", "mother"},
    {"母", "mother"},
    {"妈妈", "mother"},
    {"妈", "mother"},
    {"生母", "mother"},
    {"mother", "mother"},
    {"mom", "mother"},
    {"mum", "mother"},
    {"父母", "parent"},
    {"双亲", "parent"},
    {"parent", "parent"},
    {"parents", "parent"},
    {"兄弟", "sibling"},
    {"姐妹", "sibling"},
    {"兄弟姐妹", "sibling"},
    {"哥哥", "sibling"},
    {"弟弟", "sibling"},
    {"姐姐", "sibling"},
    {"妹妹", "sibling"},
    {"兄", "sibling"},
    {"弟", "sibling"},
    {"姐", "sibling"},
    {"妹", "sibling"},
    {"sibling", "sibling"},
    {"brother", "sibling"},
    {"sister", "sibling"},
    {"祖父", "grandparent"},
    {"祖母", "grandparent"},
    {"爷爷", "grandparent"},
    {"奶奶", "grandparent"},
    {"外公", "grandparent"},
    {"外婆", "grandparent"},
    {"grandparent", "grandparent"},
    {"grandfather", "grandparent"},
    {"grandmother", "grandparent"},
    {"grandpa", "grandparent"},
    {"grandma", "grandparent"},
    {"uncle", "relative"},
    {"aunt", "relative"},
    {"auntie", "relative"},
    {"cousin", "relative"},
    {"舅舅", "relative"},
    {"叔叔", "relative"},
    {"姑姑", "relative"},
    {"阿姨", "relative"},
    {"亲属", "relative"},
    {"relative", "relative"},
    {"未知", "unknown"},
    {"不详", "unknown"},
    {"unknown", "unknown"},
    {"其他", "relative"},
}};

}  // namespace

std::optional<std::string_view> canonical_role(ChineseText& text, std::string_view value) {
  return parse_folded_role(text.fold(value));
}

std::optional<std::string_view> parse_folded_role(std::string_view folded_text) {
  // "Alleged Father", "alleged_father" and "alleged-father" are one word.
  std::string folded;
  for (char c : folded_text) {
    if (c != ' ' && c != '_' && c != '-') folded += c;
  }
  for (const auto& entry : kRoleWords) {
    if (entry.word == folded) return entry.role;
  }
  return std::nullopt;
}

}  // namespace reunite::normalize
