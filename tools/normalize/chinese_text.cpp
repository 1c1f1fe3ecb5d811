#include "chinese_text.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <stdexcept>

namespace reunite::normalize {

namespace {

// Caches stop growing here: the Han repertoire is about 98,000 characters, surnames far fewer;
// a stream of garbage must not make memory grow with input length.
constexpr std::size_t kMaxCacheEntries = 100000;

std::unique_ptr<icu::Transliterator> make_transliterator(const char* id) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> result(icu::Transliterator::createInstance(
      icu::UnicodeString::fromUTF8(id), UTRANS_FORWARD, status));
  if (U_FAILURE(status) || !result) {
    throw std::runtime_error(std::string("ICU has no transliterator ") + id + ": " +
                             u_errorName(status));
  }
  return result;
}

bool is_ascii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// ASCII and CJK Unified Ideographs (with Extension A) only.
bool is_ascii_or_unified_han(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t c = next_utf8(text, i);
    if (!is_unified_han(c)) return false;
  }
  return true;
}

bool is_space(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || u_isUWhiteSpace(c);
}

}  // namespace

bool is_han(char32_t c) {
  if (c < 0x2E80) return false;
  if (is_unified_han(c)) return true;
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(static_cast<UChar32>(c), &status) == USCRIPT_HAN;
}

bool contains_han(std::string_view utf8) {
  for (std::size_t i = 0; i < utf8.size();) {
    if (static_cast<unsigned char>(utf8[i]) < 0x80) {
      ++i;
      continue;
    }
    if (is_han(next_utf8(utf8, i))) return true;
  }
  return false;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

char32_t next_utf8(std::string_view text, std::size_t& i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  if (lead < 0x80) return text[i++];
  int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
  char32_t c = lead & (0x3F >> extra);
  ++i;
  for (int k = 0; k < extra && i < text.size(); ++k, ++i) c = (c << 6) | (byte(i) & 0x3F);
  return c;
}

ChineseText::ChineseText() {
  UErrorCode status = U_ZERO_ERROR;
  nfkc_ = icu::Normalizer2::getNFKCInstance(status);
  nfkc_casefold_ = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU has no NFKC normalizer");
  to_simplified_ = make_transliterator("Traditional-Simplified");
  han_latin_ = make_transliterator("Han-Latin");
  han_latin_names_ = make_transliterator("Han-Latin/Names");
}

ChineseText::~ChineseText() = default;

std::string ChineseText::fold(std::string_view text) {
  std::string out;
  normalize(text, true, out);
  return out;
}

void ChineseText::fold_into(std::string_view text, std::string& out) {
  normalize(text, true, out);
}

std::string ChineseText::clean(std::string_view text) {
  std::string out;
  normalize(text, false, out);
  return out;
}

void ChineseText::normalize(std::string_view text, bool case_fold, std::string& out) {
  out.clear();
  out.reserve(text.size());
  bool pending_space = false;
  if (is_ascii_or_unified_han(text)) {
    // NFKC and case folding leave CJK Unified Ideographs alone and are tolower on ASCII: the
    // common Chinese record stays off ICU's normalizer (measured: a third of the run time).
    for (std::size_t i = 0; i < text.size();) {
      char byte = text[i];
      if (static_cast<unsigned char>(byte) < 0x80) {
        ++i;
        if (is_ascii_space(byte)) {
          pending_space = !out.empty();
          continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        if (case_fold && byte >= 'A' && byte <= 'Z') byte = static_cast<char>(byte - 'A' + 'a');
        out += byte;
        continue;
      }
      char32_t c = next_utf8(text, i);
      if (pending_space) out += ' ';
      pending_space = false;
      append_simplified(out, c);
    }
    return;
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString result = (case_fold ? nfkc_casefold_ : nfkc_)->normalize(unicode, status);
  if (U_FAILURE(status)) result = unicode;
  icu_buffer_.clear();
  result.toUTF8String(icu_buffer_);
  const std::string& normalized = icu_buffer_;
  for (std::size_t i = 0; i < normalized.size();) {
    unsigned char byte = static_cast<unsigned char>(normalized[i]);
    if (byte < 0x80) {
      ++i;
      if (is_ascii_space(static_cast<char>(byte))) {
        pending_space = !out.empty();
        continue;
      }
      if (pending_space) out += ' ';
      pending_space = false;
      out += static_cast<char>(byte);
      continue;
    }
    char32_t c = next_utf8(normalized, i);
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    if (is_han(c)) {
      append_simplified(out, c);
    } else {
      append_utf8(out, c);
    }
  }
}

void ChineseText::append_simplified(std::string& out, char32_t han) {
  if (!is_unified_han(han)) {
    out += simplified(han);
    return;
  }
  constexpr char32_t kFirst = 0x3400, kNotOneCodePoint = 0xFFFFFFFF;
  if (simplified_unified_.empty()) simplified_unified_.assign(0xA000 - kFirst, 0);
  char32_t& known = simplified_unified_[han - kFirst];
  if (known == 0) {
    const std::string& result = simplified(han);
    std::size_t i = 0;
    char32_t single = result.empty() ? 0 : next_utf8(result, i);
    known = !result.empty() && i == result.size() && single != 0 ? single : kNotOneCodePoint;
  }
  if (known == kNotOneCodePoint) {
    out += simplified(han);
  } else {
    append_utf8(out, known);
  }
}

const std::string& ChineseText::simplified(char32_t han) {
  auto found = simplified_cache_.find(han);
  if (found != simplified_cache_.end()) return found->second;
  icu::UnicodeString unicode(static_cast<UChar32>(han));
  to_simplified_->transliterate(unicode);
  std::string result;
  unicode.toUTF8String(result);
  if (simplified_cache_.size() >= kMaxCacheEntries) simplified_cache_.clear();
  return simplified_cache_.emplace(han, std::move(result)).first->second;
}

const std::string& ChineseText::reading(char32_t han) {
  auto found = reading_cache_.find(han);
  if (found != reading_cache_.end()) return found->second;
  icu::UnicodeString unicode(static_cast<UChar32>(han));
  han_latin_->transliterate(unicode);
  std::string latin;
  unicode.toUTF8String(latin);
  std::string result = toneless_pinyin(latin);
  // No reading: ICU leaves the character as it was.
  if (contains_han(result)) result.clear();
  if (reading_cache_.size() >= kMaxCacheEntries) reading_cache_.clear();
  return reading_cache_.emplace(han, std::move(result)).first->second;
}

const std::string& ChineseText::surname_reading(std::string_view surname) {
  auto found = surname_cache_.find(std::string(surname));
  if (found != surname_cache_.end()) return found->second;
  icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(
      icu::StringPiece(surname.data(), static_cast<int32_t>(surname.size())));
  han_latin_names_->transliterate(unicode);
  std::string latin;
  unicode.toUTF8String(latin);
  std::string result;
  for (char c : toneless_pinyin(latin)) {
    if (c >= 'a' && c <= 'z') result += c;  // "ōu yáng" → "ouyang"
  }
  if (surname_cache_.size() >= kMaxCacheEntries) surname_cache_.clear();
  return surname_cache_.emplace(std::string(surname), std::move(result)).first->second;
}

std::string toneless_pinyin(std::string_view utf8, bool keep_case) {
  std::string out;
  out.reserve(utf8.size());
  if (is_ascii(utf8)) {
    for (std::size_t i = 0; i < utf8.size(); ++i) {
      char c = utf8[i];
      if (!keep_case && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c == ':' && !out.empty() && out.back() == 'u') {  // "lu:" is how ASCII writes lü
        out.back() = 'v';
        continue;
      }
      out += c;
    }
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString decomposed = nfd->normalize(unicode, status);
  if (U_FAILURE(status)) decomposed = unicode;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (c == 0x0308 && !out.empty() && (out.back() == 'u' || out.back() == 'U')) {
      out.back() =
          out.back() == 'u' ? 'v' : 'V';  // ü: the diaeresis is the one mark pinyin cannot lose
      continue;
    }
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    if (c < 0x80) {
      char ascii = static_cast<char>(c);
      if (!keep_case && ascii >= 'A' && ascii <= 'Z') ascii = static_cast<char>(ascii - 'A' + 'a');
      if (ascii == ':' && !out.empty() && out.back() == 'u') {
        out.back() = 'v';
        continue;
      }
      out += ascii;
    } else {
      append_utf8(out, static_cast<char32_t>(keep_case ? c : u_tolower(c)));
    }
  }
  return out;
}

}  // namespace reunite::normalize
