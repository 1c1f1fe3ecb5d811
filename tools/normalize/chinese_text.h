// Text folding for comparison, built on ICU: NFKC with case folding (which also turns full-width
// forms into half-width and drops default-ignorable characters), whitespace collapsed,
// traditional characters simplified, and Han characters read as toneless pinyin.
//
// ICU transliterators cost milliseconds to create and microseconds per call, so a ChineseText is
// made once per thread and reused, and the per-character results are memoised: a Han character
// has one simplified form and one reading whatever its neighbours, so caching by code point
// changes no result, and the caches are bounded by the size of the Han repertoire.
#pragma once

#include <unicode/uversion.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

U_NAMESPACE_BEGIN
class Normalizer2;
class Transliterator;
U_NAMESPACE_END

namespace reunite::normalize {

// True for a code point of the Han script (CJK ideographs, including the extensions).
bool is_han(char32_t c);
// True for a CJK Unified Ideograph of the BMP (U+3400–U+4DBF, U+4E00–U+9FFF): every one of
// them is Han (a unit test checks this against ICU), no lookup needed.
inline bool is_unified_han(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}
// Whitespace among ASCII characters (the White_Space property: tab to carriage return, space).
inline bool is_ascii_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}
// True if the UTF-8 text holds at least one Han character.
bool contains_han(std::string_view utf8);

class ChineseText {
 public:
  ChineseText();  // throws std::runtime_error if ICU lacks a transliterator
  ~ChineseText();
  ChineseText(const ChineseText&) = delete;
  ChineseText& operator=(const ChineseText&) = delete;

  // NFKC + case folding, whitespace runs as one space, trimmed, traditional → simplified.
  // "  張偉 " → "张伟"; "ＺＨＡＮＧ　Ｗｅｉ" → "zhang wei".  Valid UTF-8 in, UTF-8 out.
  std::string fold(std::string_view text);
  // fold() into `out` (replacing its contents), reusing its memory.
  void fold_into(std::string_view text, std::string& out);
  // The same without case folding (NFKC only), for text whose case means something.
  std::string clean(std::string_view text);

  // The toneless pinyin of one Han character as names are read in general ("伟" → "wei",
  // "吕" → "lv": ü is written v), or empty if ICU has no reading.
  const std::string& reading(char32_t han);
  // The reading of a surname (one or two Han characters, simplified), with the readings
  // surnames take: "单" → "shan", "曾" → "zeng", "欧阳" → "ouyang".
  const std::string& surname_reading(std::string_view surname);

 private:
  void normalize(std::string_view text, bool case_fold, std::string& out);
  void append_simplified(std::string& out, char32_t han);
  const std::string& simplified(char32_t han);

  const icu::Normalizer2* nfkc_;
  const icu::Normalizer2* nfkc_casefold_;
  std::unique_ptr<icu::Transliterator> to_simplified_;
  std::unique_ptr<icu::Transliterator> han_latin_;
  std::unique_ptr<icu::Transliterator> han_latin_names_;
  std::unordered_map<char32_t, std::string> simplified_cache_;
  // The simplified form of each CJK Unified Ideograph (Extension A to U+9FFF) that is one code
  // point, by code point: the common case without hashing.  0: not looked up yet.
  std::vector<char32_t> simplified_unified_;
  std::string icu_buffer_;
  std::unordered_map<char32_t, std::string> reading_cache_;
  std::unordered_map<std::string, std::string> surname_cache_;
};

// Latin text with pinyin tone marks to plain lower-case ASCII letters, ü (and u:) as v, other
// characters kept: "Lǚ Xiǎomíng" → "lv xiaoming" (with keep_case: "Lv Xiaoming").  Uses ICU's
// NFD to take the marks off.
std::string toneless_pinyin(std::string_view utf8, bool keep_case = false);

// Appends the UTF-8 encoding of a code point.
void append_utf8(std::string& out, char32_t c);
// Decodes the code point at text[i] and advances i (input is valid UTF-8).
char32_t next_utf8(std::string_view text, std::size_t& i);

}  // namespace reunite::normalize
