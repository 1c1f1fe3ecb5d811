// Small text facts every tool needs.
#pragma once

#include <string_view>

namespace reunite {

bool is_valid_utf8(std::string_view bytes);

inline bool is_json_whitespace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view trim_json_whitespace(std::string_view text);

// Strips a leading UTF-8 byte-order mark.
std::string_view strip_utf8_bom(std::string_view text);

}  // namespace reunite
