#include "redaction.h"

namespace reunite::report {

std::string person_letters(std::size_t n) {
  std::string letters;
  ++n;
  while (n > 0) {
    --n;
    letters.insert(letters.begin(), static_cast<char>('A' + n % 26));
    n /= 26;
  }
  return letters;
}

std::string Redactor::mask(Sensitive kind, std::string_view key) {
  if (key.empty()) return {};
  auto& table = masks_[static_cast<int>(kind)];
  auto found = table.find(std::string(key));
  if (found != table.end()) return found->second;
  std::size_t n = table.size();
  std::string value;
  switch (kind) {
    case Sensitive::name:
      value = "[Person " + person_letters(n) + "]";
      break;
    case Sensitive::id_number:
      value = "[ID " + std::to_string(n + 1) + "]";
      break;
    case Sensitive::phone:
      value = "[Phone " + std::to_string(n + 1) + "]";
      break;
    case Sensitive::address:
      value = "[Address " + std::to_string(n + 1) + "]";
      break;
  }
  table.emplace(std::string(key), value);
  return value;
}

std::size_t Redactor::masked(Sensitive kind) const {
  return masks_[static_cast<int>(kind)].size();
}

}  // namespace reunite::report
