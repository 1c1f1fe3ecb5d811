// normalize's phone parser: the fast Chinese paths and libphonenumber, from CN and a foreign
// default region.
#include "normalize_support.h"
#include "phone.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace reunite::normalize;
  std::string_view text;
  if (!reunite::fuzz::valid_text(data, size, text)) return 0;
  static PhoneNormalizer cn("CN");
  static PhoneNormalizer us("US");
  PhoneNormalizer& phones = size % 2 ? us : cn;
  PhoneResult result = phones.parse(reunite::fuzz::chinese_text(), text);
  if (!result.e164 && result.problem.empty() && !text.empty()) {
    // An empty result must name its problem (blank text aside).
  }
  std::string folded = reunite::fuzz::chinese_text().fold(text);
  (void)phones.parse_folded(folded);
  (void)phones.parse_by_library_only(folded);
  (void)PhoneNormalizer::is_known_region(text);
  return 0;
}
