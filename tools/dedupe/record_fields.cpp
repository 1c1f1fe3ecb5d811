#include "record_fields.h"

#include <algorithm>
#include <array>

#include "parallel_ranges.h"
#include "reunite/error.h"

namespace reunite::dedupe {

namespace {

constexpr std::array<std::string_view, 8> kTypeNames = {"name",   "text",  "exact", "date",
                                                        "number", "phone", "id",    "place"};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string lower_collapsed(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  bool pending_space = false;
  for (char c : raw) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

std::string_view trimmed(std::string_view raw) {
  while (!raw.empty() && is_space(raw.front())) raw.remove_prefix(1);
  while (!raw.empty() && is_space(raw.back())) raw.remove_suffix(1);
  return raw;
}

// Days since 1970-01-01 of a proleptic Gregorian date (March-based year, so February is last).
std::int32_t days_from_civil(int year, int month, int day) {
  year -= month <= 2;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const int year_of_era = year - era * 400;
  const int day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

bool read_digits(std::string_view text, std::size_t at, std::size_t count, int& value) {
  if (at + count > text.size()) return false;
  value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

// One date of 4, 6 or 8 digits, with or without '-' separators.
DateRange parse_single_date(std::string_view text) {
  int year = 0, month = 0, day = 0;
  if (!read_digits(text, 0, 4, year) || year < 1000) return {};
  std::size_t at = 4;
  if (at == text.size()) return {days_from_civil(year, 1, 1), days_from_civil(year, 12, 31)};
  bool dashed = text[at] == '-';
  at += dashed;
  if (!read_digits(text, at, 2, month) || month < 1 || month > 12) return {};
  at += 2;
  if (at == text.size())
    return {days_from_civil(year, month, 1),
            days_from_civil(year, month, days_in_month(year, month))};
  if (dashed != (text[at] == '-')) return {};
  at += dashed;
  if (!read_digits(text, at, 2, day) || at + 2 != text.size()) return {};
  if (day < 1 || day > days_in_month(year, month)) return {};
  std::int32_t days = days_from_civil(year, month, day);
  return {days, days};
}

}  // namespace

std::optional<CompareType> parse_compare_type(std::string_view text) {
  for (std::size_t i = 0; i < kTypeNames.size(); ++i)
    if (kTypeNames[i] == text) return static_cast<CompareType>(i);
  return std::nullopt;
}

std::string_view compare_type_name(CompareType type) {
  return kTypeNames[static_cast<std::size_t>(type)];
}

FieldSpec parse_field_spec(std::string_view text) {
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0)
    throw UsageError("--compare '" + std::string(text) + "': give FIELD:TYPE");
  auto type = parse_compare_type(text.substr(colon + 1));
  if (!type)
    throw UsageError("--compare '" + std::string(text) +
                     "': TYPE is one of name, text, exact, date, number, phone, id, place");
  return {std::string(text.substr(0, colon)), *type};
}

std::vector<FieldSpec> default_field_specs() {
  using enum CompareType;
  return {{"name", name},
          {"sex", exact},
          {"birth_date", date},
          {"id_number", id},
          {"phone", phone},
          {"missing_date", date},
          {"missing_place", place},
          {"seen_date", date},
          {"seen_place", place},
          {"reporter.name", name},
          {"reporter.phone", phone},
          {"est_age", number},
          {"height_cm", number},
          {"sample_id", exact},
          {"case", exact}};
}

DateRange parse_date_range(std::string_view text) {
  text = trimmed(text);
  auto slash = text.find('/');
  if (slash == std::string_view::npos) return parse_single_date(text);
  DateRange from = parse_single_date(text.substr(0, slash));
  DateRange to = parse_single_date(text.substr(slash + 1));
  if (!from.valid() || !to.valid() || to.last < from.first) return {};
  return {from.first, to.last};
}

std::string canonical_value(std::string_view raw, CompareType type) {
  switch (type) {
    case CompareType::name:
    case CompareType::text:
    case CompareType::exact:
      return lower_collapsed(raw);
    case CompareType::date:
    case CompareType::number:
      return std::string(trimmed(raw));
    case CompareType::phone: {
      std::string out;
      for (char c : raw)
        if ((c >= '0' && c <= '9') || (c == '+' && out.empty())) out.push_back(c);
      return out == "+" ? std::string() : out;
    }
    case CompareType::id: {
      std::string out;
      for (char c : raw) {
        if (is_space(c) || c == '-') continue;
        out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
      }
      return out;
    }
    case CompareType::place:
      return lower_collapsed(raw);
  }
  return std::string(raw);
}

namespace {

using simdjson::ondemand::json_type;
using simdjson::ondemand::value;

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  for (std::size_t at = 0;;) {
    auto dot = path.find('.', at);
    parts.emplace_back(path.substr(at, dot - at));
    if (dot == std::string_view::npos) return parts;
    at = dot + 1;
  }
}

// The text of a scalar value; an object gives its "code" (a normalized place), "region_code"
// or "text" member; arrays, null and errors give nothing.
std::optional<std::string> scalar_text(value item) {
  json_type type;
  if (item.type().get(type)) return std::nullopt;
  switch (type) {
    case json_type::string: {
      std::string_view text;
      if (item.get_string().get(text)) return std::nullopt;
      return std::string(text);
    }
    case json_type::number:
    case json_type::boolean:
      return std::string(trimmed(item.raw_json_token()));
    case json_type::object: {
      simdjson::ondemand::object object;
      if (item.get_object().get(object)) return std::nullopt;
      for (const char* member : {"code", "region_code", "text"}) {
        value inner;
        if (!object.find_field_unordered(member).get(inner))
          if (auto text = scalar_text(inner)) return text;
      }
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

std::optional<std::string> lookup(simdjson::ondemand::document& document,
                                  const std::vector<std::string>& path, bool in_norm,
                                  std::string_view last_suffix = {}) {
  document.rewind();
  simdjson::ondemand::object object;
  if (document.get_object().get(object)) return std::nullopt;
  value current;
  if (in_norm) {
    if (object.find_field_unordered("norm").get(current)) return std::nullopt;
    if (current.get_object().get(object)) return std::nullopt;
  }
  for (std::size_t i = 0; i < path.size(); ++i) {
    std::string key = path[i];
    if (i + 1 == path.size()) key += last_suffix;
    if (object.find_field_unordered(key).get(current)) return std::nullopt;
    if (i + 1 < path.size() && current.get_object().get(object)) return std::nullopt;
  }
  return scalar_text(current);
}

}  // namespace

void extract_fields(simdjson::ondemand::document& document, std::vector<FieldColumn>& columns) {
  for (FieldColumn& column : columns) {
    // Paths are split per call: cheap next to the lookups, and keeps FieldSpec a plain value.
    std::vector<std::string> path = split_path(column.spec.field);
    std::optional<std::string> text = lookup(document, path, true);
    if (!text) text = lookup(document, path, false);
    std::string value = text ? canonical_value(*text, column.spec.type) : std::string();
    column.values.push_back(value);
    if (column.spec.type == CompareType::name) {
      std::optional<std::string> pinyin = lookup(document, path, true, "_pinyin");
      column.pinyin.push_back(pinyin ? lower_collapsed(*pinyin) : std::string());
    }
    if (column.spec.type == CompareType::date) column.dates.push_back(parse_date_range(value));
  }
}

void extract_all_fields(const StringColumn& texts, std::vector<FieldColumn>& columns,
                        unsigned threads) {
  std::vector<std::vector<FieldColumn>> parts(std::max(1u, threads));
  for_each_range(texts.size(), threads, [&](std::size_t begin, std::size_t end, unsigned part) {
    std::vector<FieldColumn>& mine = parts[part];
    for (const FieldColumn& column : columns) mine.push_back({column.spec, {}, {}, {}});
    simdjson::ondemand::parser parser;
    std::string padded;
    for (std::size_t row = begin; row < end; ++row) {
      std::string_view text = texts[row];
      padded.assign(text);
      padded.resize(text.size() + simdjson::SIMDJSON_PADDING);
      simdjson::ondemand::document document;
      // The reader validated every stored text: a failure here would be a bug, and it still
      // gives the record empty values rather than shifting the rows of the columns.
      if (parser.iterate(padded.data(), text.size(), padded.size()).get(document)) {
        for (FieldColumn& column : mine) {
          column.values.push_back({});
          if (column.spec.type == CompareType::name) column.pinyin.push_back({});
          if (column.spec.type == CompareType::date) column.dates.push_back({});
        }
        continue;
      }
      extract_fields(document, mine);
    }
  });
  for (const std::vector<FieldColumn>& part : parts) {
    for (std::size_t c = 0; c < part.size(); ++c) {
      columns[c].values.append(part[c].values);
      columns[c].pinyin.append(part[c].pinyin);
      columns[c].dates.insert(columns[c].dates.end(), part[c].dates.begin(), part[c].dates.end());
    }
  }
}

}  // namespace reunite::dedupe
