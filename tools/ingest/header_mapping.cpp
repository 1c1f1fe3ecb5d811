#include "header_mapping.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "reunite/error.h"

namespace reunite::embedded {
extern const std::string_view header_map_tsv;
}

namespace reunite::ingest {

namespace {

std::string_view trim(std::string_view text) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// A field name must be usable as a JSON key and, with a dot, as one level of nesting.
void check_field(std::string_view field, std::string_view where) {
  bool bad = field.empty() || field.front() == '.' || field.back() == '.' ||
             field.find('.') != field.rfind('.');
  if (bad)
    throw UsageError(std::string(where) + ": invalid field name '" + std::string(field) +
                     "' (use name or object.member)");
}

}  // namespace

std::string header_key(std::string_view header) {
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_casefold = icu::Normalizer2::getNFKCCasefoldInstance(error);
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(header.data(), static_cast<int32_t>(header.size())));
  icu::UnicodeString folded = U_SUCCESS(error) ? nfkc_casefold->normalize(text, error) : text;
  if (U_FAILURE(error)) folded = text;
  std::string utf8;
  folded.toUTF8String(utf8);
  std::string key;
  key.reserve(utf8.size());
  for (char c : utf8)
    if (c != ' ' && c != '\t' && c != '_' && c != '.' && c != '-' && c != '\r' && c != '\n')
      key += c;
  return key;
}

std::string_view builtin_header_map_text() {
  return embedded::header_map_tsv;
}

HeaderMapping HeaderMapping::builtin() {
  // Parsed once: every IngestOptions starts from it (the fuzzers make one per input).
  static const HeaderMapping parsed = [] {
    HeaderMapping mapping;
    mapping.add_tsv(embedded::header_map_tsv, "built-in header map");
    return mapping;
  }();
  return parsed;
}

void HeaderMapping::add(std::string_view header, std::string_view field) {
  by_key_[header_key(header)] = std::string(field);
}

void HeaderMapping::add_tsv(std::string_view text, std::string_view source_name) {
  std::size_t line_number = 0;
  while (!text.empty()) {
    auto newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    ++line_number;
    if (line_number == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty() || line.front() == '#') continue;
    auto tab = line.find('\t');
    std::string where = std::string(source_name) + ":" + std::to_string(line_number);
    if (tab == std::string_view::npos) throw UsageError(where + ": expected 'header<TAB>field'");
    std::string_view field = trim(line.substr(tab + 1));
    check_field(field, where);
    add(trim(line.substr(0, tab)), field);
  }
}

void HeaderMapping::add_assignment(std::string_view assignment) {
  auto equals = assignment.rfind('=');
  if (equals == std::string_view::npos || equals == 0)
    throw UsageError("--map '" + std::string(assignment) + "': expected HEADER=field");
  std::string_view field = trim(assignment.substr(equals + 1));
  check_field(field, "--map '" + std::string(assignment) + "'");
  add(trim(assignment.substr(0, equals)), field);
}

std::optional<std::string> HeaderMapping::mapped(std::string_view header) const {
  auto found = by_key_.find(header_key(header));
  if (found == by_key_.end()) return std::nullopt;
  return found->second;
}

std::string HeaderMapping::field_for(std::string_view header) const {
  if (auto field = mapped(header)) return *field;
  return std::string(trim(header));
}

FieldPath HeaderMapping::path_for(std::string_view header) const {
  auto field = mapped(header);
  if (!field) return {std::string(trim(header)), {}};
  auto dot = field->find('.');
  if (dot == std::string::npos) return {*field, {}};
  return {field->substr(0, dot), field->substr(dot + 1)};
}

}  // namespace reunite::ingest
