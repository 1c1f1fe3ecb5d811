// normalize's resident ID number parser (15 and 18 digits, checksum, birth date, region).
#include "id_number.h"
#include "normalize_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace reunite::normalize;
  std::string_view text = reunite::fuzz::as_text(data, size);
  IdNumberResult result = parse_id_number(text);
  if (result.id) {
    if (result.id->number.size() != 18) __builtin_trap();
    // A normalized number normalizes to itself.
    IdNumberResult again = parse_id_number(result.id->number);
    if (!again.id || again.id->number != result.id->number) __builtin_trap();
  }
  // The check character of any 17 digits (its precondition: parse_id_number calls it so).
  if (size >= 17 && text.substr(0, 17).find_first_not_of("0123456789") == std::string_view::npos)
    (void)id_check_character(text.substr(0, 17));
  return 0;
}
