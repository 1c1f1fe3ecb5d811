// String similarity measures for record linkage, on Unicode code points (so 张伟 and 张玮 differ by
// one character, not three bytes).
#pragma once

#include <string>
#include <string_view>

namespace reunite::dedupe {

// UTF-8 → code points; invalid bytes become U+FFFD.
std::u32string utf8_to_code_points(std::string_view text);

// Jaro–Winkler similarity in [0, 1] (Winkler 1990: prefix scale 0.1, prefix up to 4).
double jaro_winkler(std::string_view a, std::string_view b);

// Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions, no
// substring edited twice), stopping early: returns limit + 1 when the distance exceeds limit.
int damerau_levenshtein(std::string_view a, std::string_view b, int limit);

// American Soundex (letter + three digits) of the first word's ASCII letters; "" if none.
std::string soundex(std::string_view text);

}  // namespace reunite::dedupe
