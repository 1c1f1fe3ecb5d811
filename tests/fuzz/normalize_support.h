// The normalize harnesses: the normalizers take field values from records the reader has
// validated, so their input is valid UTF-8 (anything else is rejected before them).
#pragma once

#include <memory>

#include "chinese_text.h"
#include "fuzz_support.h"
#include "reunite/text.h"

namespace reunite::fuzz {

inline bool valid_text(const std::uint8_t* data, std::size_t size, std::string_view& text) {
  text = as_text(data, size);
  return is_valid_utf8(text);
}

inline normalize::ChineseText& chinese_text() {
  static auto* text = new normalize::ChineseText();  // ICU set-up once per process
  return *text;
}

}  // namespace reunite::fuzz
