// normalize's name folding and pinyin (ICU NFKC, simplification, transliteration).
#include "normalize_support.h"
#include "person_name.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace reunite::normalize;
  std::string_view text;
  if (!reunite::fuzz::valid_text(data, size, text)) return 0;
  auto& chinese = reunite::fuzz::chinese_text();
  NormalizedName name = normalize_name(chinese, text);
  if (!reunite::is_valid_utf8(name.folded) || !reunite::is_valid_utf8(name.pinyin))
    __builtin_trap();
  (void)surname_rank(name.pinyin);
  (void)is_compound_surname(name.folded);
  (void)chinese.clean(text);
  return 0;
}
