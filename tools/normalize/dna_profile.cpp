#include "dna_profile.h"

#include <reunite/json.h>
#include <reunite/str_loci.h>

#include <algorithm>
#include <optional>

namespace reunite::normalize {

namespace {

struct AlleleCall {
  std::string text;
  std::optional<Allele> allele;  // empty for an off-ladder call kept as written
};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// "9.30" → "9.3", "10.00" → "10.0": Allele::parse takes one decimal at most.
std::string trim_decimal_zeros(std::string_view text) {
  std::string out(text);
  std::size_t dot = out.find('.');
  if (dot == std::string::npos) return out;
  while (out.size() > dot + 2 && out.back() == '0') out.pop_back();
  return out;
}

// Off-ladder calls as analysis software writes them: OL, <8, >30, 8<.
bool is_off_ladder(std::string_view text) {
  if (text == "OL") return true;
  if (text.size() < 2) return false;
  std::string_view number = text;
  if (number.front() == '<' || number.front() == '>') {
    number.remove_prefix(1);
  } else if (number.back() == '<' || number.back() == '>') {
    number.remove_suffix(1);
  } else {
    return false;
  }
  return !number.empty() &&
         std::all_of(number.begin(), number.end(), [](char c) { return is_digit(c) || c == '.'; });
}

// A cell "12,14", "12/14", "12 14", "X,Y", "XY", "12，14" → its allele texts.
std::vector<std::string> split_cell(std::string_view cell) {
  std::string unified;
  for (std::size_t i = 0; i < cell.size(); ++i) {
    std::string_view rest = cell.substr(i);
    if (rest.starts_with("\xEF\xBC\x8C") || rest.starts_with("\xEF\xBC\x8F") ||
        rest.starts_with("\xE3\x80\x81")) {
      unified += ' ';  // full-width comma, solidus, ideographic comma
      i += 2;
    } else if (cell[i] == ',' || cell[i] == '/' || cell[i] == ';' || cell[i] == '\t') {
      unified += ' ';
    } else {
      unified += cell[i];
    }
  }
  std::vector<std::string> parts;
  std::string current;
  for (char c : unified + ' ') {
    if (c == ' ') {
      if (!current.empty()) parts.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  // Amelogenin written together: "XY", "XX".
  if (parts.size() == 1 && parts[0].size() == 2) {
    std::string upper = parts[0];
    for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    if ((upper[0] == 'X' || upper[0] == 'Y') && (upper[1] == 'X' || upper[1] == 'Y')) {
      return {upper.substr(0, 1), upper.substr(1, 1)};
    }
  }
  return parts;
}

bool call_less(const AlleleCall& a, const AlleleCall& b) {
  if (a.allele && b.allele) return *a.allele < *b.allele;
  if (a.allele.has_value() != b.allele.has_value()) return a.allele.has_value();
  return a.text < b.text;
}

}  // namespace

NormalizedProfile normalize_profile(const std::vector<RawLocus>& raw) {
  NormalizedProfile profile;
  for (const RawLocus& locus : raw) {
    auto canonical = canonical_locus_name(locus.name);
    std::string name = canonical ? std::string(*canonical) : locus.name;
    if (!canonical)
      profile.problems.push_back({"unknown_locus", "locus " + locus.name + " is not in loci.tsv"});
    std::vector<std::string> texts =
        locus.from_text && !locus.alleles.empty() ? split_cell(locus.alleles[0]) : locus.alleles;
    std::vector<AlleleCall> calls;
    for (const std::string& text : texts) {
      std::string trimmed = trim_decimal_zeros(text);
      std::string upper = trimmed;
      for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
      if (upper.empty()) continue;
      if (is_off_ladder(upper) && upper != "OL") {
        calls.push_back({upper, std::nullopt});
        profile.problems.push_back({"off_ladder_allele", "off-ladder allele at " + name});
        continue;
      }
      auto allele = Allele::parse(trimmed);
      if (!allele) {
        profile.problems.push_back({"bad_allele", "unreadable allele at " + name});
        continue;
      }
      if (allele->text() == "OL")
        profile.problems.push_back({"off_ladder_allele", "off-ladder allele at " + name});
      calls.push_back({allele->text(), std::move(allele)});
    }
    if (calls.empty()) continue;                       // not typed
    if (calls.size() == 1) calls.push_back(calls[0]);  // a homozygote written once
    std::sort(calls.begin(), calls.end(), call_less);
    if (calls.size() > 2) {
      profile.problems.push_back(
          {"more_than_two_alleles", std::to_string(calls.size()) + " alleles at " + name});
    }
    std::vector<std::string> alleles;
    for (auto& call : calls) alleles.push_back(std::move(call.text));
    auto [slot, inserted] = profile.loci.emplace(name, alleles);
    if (!inserted && slot->second != alleles) {
      profile.problems.push_back(
          {"conflicting_locus", name + " given twice with different alleles"});
    }
  }
  return profile;
}

std::string profile_json(const NormalizedProfile& profile) {
  std::string out;
  JsonWriter writer(out);
  writer.begin_object();
  for (const auto& [name, alleles] : profile.loci) {
    writer.key(name);
    writer.begin_array();
    for (const auto& allele : alleles) writer.string(allele);
    writer.end_array();
  }
  writer.end_object();
  return out;
}

}  // namespace reunite::normalize
