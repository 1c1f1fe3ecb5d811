// normalize's date parser: Gregorian, Chinese (with lunar dates through ICU), ranges, Excel
// serial numbers, in every date order.
#include "date.h"
#include "normalize_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace reunite::normalize;
  std::string_view text;
  if (!reunite::fuzz::valid_text(data, size, text)) return 0;
  auto& chinese = reunite::fuzz::chinese_text();
  static DateParser parsers[] = {{chinese, DateOrder::kUnknown},
                                 {chinese, DateOrder::kDayFirst},
                                 {chinese, DateOrder::kMonthFirst}};
  DateParser& parser = parsers[size % 3];
  for (bool is_number : {false, true}) {
    DateResult result = parser.parse(text, is_number);
    if (result.date) {
      (void)result.date->iso();
      if (result.date->earliest() > result.date->latest()) __builtin_trap();
    } else if (result.problem.empty()) {
      __builtin_trap();  // no date must say why
    }
  }
  (void)parse_iso_date(text);
  return 0;
}
