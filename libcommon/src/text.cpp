#include "reunite/text.h"

#include <simdjson.h>

namespace reunite {

bool is_valid_utf8(std::string_view bytes) {
  return simdjson::validate_utf8(bytes.data(), bytes.size());
}

std::string_view trim_json_whitespace(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && is_json_whitespace(text[begin])) ++begin;
  while (end > begin && is_json_whitespace(text[end - 1])) --end;
  return text.substr(begin, end - begin);
}

std::string_view strip_utf8_bom(std::string_view text) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return text;
}

}  // namespace reunite
