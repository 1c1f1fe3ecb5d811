// normalize's place resolver over the built-in region table (Han and pinyin mentions, codes).
#include "normalize_support.h"
#include "place.h"
#include "region_table.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace reunite::normalize;
  std::string_view text;
  if (!reunite::fuzz::valid_text(data, size, text)) return 0;
  auto& chinese = reunite::fuzz::chinese_text();
  static PlaceResolver resolver(RegionTable::built_in(), chinese);
  PlaceResult result = resolver.resolve(chinese, text);
  (void)result.region.province;
  (void)resolver.resolve_folded(chinese.fold(text));
  if (size >= 4) {
    std::uint32_t code = 0;
    for (int i = 0; i < 4; ++i) code = code << 8 | data[i];
    (void)resolver.from_code(code % 1000000);
  }
  return 0;
}
