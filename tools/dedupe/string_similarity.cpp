#include "string_similarity.h"

#include <algorithm>
#include <vector>

namespace reunite::dedupe {

namespace {

// Decodes into `out`, reusing its memory: the comparisons run millions of times on short names,
// and a fresh allocation per call was a fifth of dedupe's time.
void decode_utf8(std::string_view text, std::u32string& out) {
  out.clear();
  for (std::size_t i = 0; i < text.size();) {
    auto byte = static_cast<unsigned char>(text[i]);
    int length = byte < 0x80         ? 1
                 : (byte >> 5) == 6  ? 2
                 : (byte >> 4) == 14 ? 3
                 : (byte >> 3) == 30 ? 4
                                     : 0;
    if (length == 0 || i + length > text.size()) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    char32_t code = length == 1 ? byte : byte & (0x7F >> length);
    for (int k = 1; k < length; ++k)
      code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    out.push_back(code);
    i += length;
  }
}

// Per-thread scratch for the two decoded strings and the tables over them.
struct Scratch {
  std::u32string a, b;
  std::vector<char> a_matched, b_matched;
  std::vector<int> before, previous, current;
};

Scratch& scratch() {
  thread_local Scratch buffers;
  return buffers;
}

double jaro(const std::u32string& a, const std::u32string& b, Scratch& work) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const std::size_t window = std::max<std::size_t>(std::max(a.size(), b.size()) / 2, 1) - 1;
  std::vector<char>& a_matched = work.a_matched;
  std::vector<char>& b_matched = work.b_matched;
  a_matched.assign(a.size(), 0);
  b_matched.assign(b.size(), 0);
  std::size_t matches = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::size_t from = i > window ? i - window : 0;
    std::size_t to = std::min(b.size(), i + window + 1);
    for (std::size_t j = from; j < to; ++j) {
      if (b_matched[j] || a[i] != b[j]) continue;
      a_matched[i] = b_matched[j] = 1;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0.0;
  std::size_t transpositions = 0;
  for (std::size_t i = 0, j = 0; i < a.size(); ++i) {
    if (!a_matched[i]) continue;
    while (!b_matched[j]) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  double m = static_cast<double>(matches);
  return (m / a.size() + m / b.size() + (m - transpositions / 2.0) / m) / 3.0;
}

}  // namespace

std::u32string utf8_to_code_points(std::string_view text) {
  std::u32string out;
  decode_utf8(text, out);
  return out;
}

double jaro_winkler(std::string_view a_text, std::string_view b_text) {
  if (a_text == b_text) return 1.0;
  Scratch& work = scratch();
  decode_utf8(a_text, work.a);
  decode_utf8(b_text, work.b);
  const std::u32string& a = work.a;
  const std::u32string& b = work.b;
  double similarity = jaro(a, b, work);
  std::size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  return similarity + prefix * 0.1 * (1.0 - similarity);
}

int damerau_levenshtein(std::string_view a_text, std::string_view b_text, int limit) {
  if (a_text == b_text) return 0;
  Scratch& work = scratch();
  decode_utf8(a_text, work.a);
  decode_utf8(b_text, work.b);
  const std::u32string& a = work.a;
  const std::u32string& b = work.b;
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > limit) return limit + 1;
  // Three rows of the optimal-string-alignment table.
  std::vector<int>& before = work.before;
  std::vector<int>& previous = work.previous;
  std::vector<int>& current = work.current;
  before.assign(m + 1, 0);
  previous.assign(m + 1, 0);
  current.assign(m + 1, 0);
  for (int j = 0; j <= m; ++j) previous[j] = j;
  for (int i = 1; i <= n; ++i) {
    current[0] = i;
    int row_minimum = current[0];
    for (int j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int value = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        value = std::min(value, before[j - 2] + 1);
      current[j] = value;
      row_minimum = std::min(row_minimum, value);
    }
    if (row_minimum > limit) return limit + 1;
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return std::min(previous[m], limit + 1);
}

std::string soundex(std::string_view text) {
  // Codes for a..z; '0' for vowels and y, '-' for h and w (which do not separate equal codes).
  static constexpr char kCodes[] = "01230120022455012623010202";
  std::string out;
  char last = 0;
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c < 'a' || c > 'z') {
      if (!out.empty() && c == ' ') break;
      continue;
    }
    char code = kCodes[c - 'a'];
    if (c == 'h' || c == 'w') code = '-';
    if (out.empty()) {
      out.push_back(static_cast<char>(c - 'a' + 'A'));
      last = code;
      continue;
    }
    if (code == '-') continue;
    if (code != '0' && code != last) out.push_back(code);
    last = code;
    if (out.size() == 4) break;
  }
  if (!out.empty()) out.resize(4, '0');
  return out;
}

}  // namespace reunite::dedupe
