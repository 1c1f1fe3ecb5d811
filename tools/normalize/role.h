// A person's role in a case — a DNA sample's donor (`role`) or a reporter's relation to the
// child (`relation`) — as a canonical word: child, mother, father, parent, sibling,
// grandparent, relative, unknown.  父亲/爸爸/father/dad → father, 孩子/儿子/女儿/child → child.
#pragma once

#include <optional>
#include <string_view>

namespace reunite::normalize {

class ChineseText;

// nullopt when the word is not one reunite knows.
std::optional<std::string_view> canonical_role(ChineseText& text, std::string_view value);
// The same for text already folded (ChineseText::fold).
std::optional<std::string_view> parse_folded_role(std::string_view folded);

}  // namespace reunite::normalize
