// --redact: names, ID numbers, phone numbers and addresses replaced by masks that are the same
// for the same value throughout one report ("[Person A]", "[ID 1]", "[Phone 1]", "[Address 1]": the
// brackets say a value was there), so a reader still sees that two records name the same reporter
// without learning who it is.  The mask is a per-report counter in input order (deterministic); the
// value keying it is the normalized one when there is one (张偉 and 张伟 get the same mask).
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace reunite::report {

enum class Sensitive { name, id_number, phone, address };

class Redactor {
 public:
  // The mask for `key` (empty stays empty).
  std::string mask(Sensitive kind, std::string_view key);
  std::size_t masked(Sensitive kind) const;

 private:
  std::map<std::string, std::string> masks_[4];
};

// "A".."Z", "AA".."AZ", ...: spreadsheet-style letters for the n-th person (0-based).
std::string person_letters(std::size_t n);

}  // namespace reunite::report
