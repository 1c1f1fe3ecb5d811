// The values dedupe compares and blocks on, extracted once per record into columns.
//
// A field is a path ("name", "reporter.phone").  Its value is the normalized one when the
// record has it (norm.<path>, written by reunite-normalize), else the raw field, made canonical
// for its comparison type: names and text lower case with single spaces, ID numbers upper case
// without separators, phones digits (and a leading +), places their GB/T 2260 code, dates ISO.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reunite::dedupe {

enum class CompareType { name, text, exact, date, number, phone, id, place };

std::optional<CompareType> parse_compare_type(std::string_view text);
std::string_view compare_type_name(CompareType type);

struct FieldSpec {
  std::string field;  // path, "a.b" for nested members
  CompareType type = CompareType::text;
};

// "FIELD:TYPE" (e.g. "given_name:name"); throws UsageError when malformed.
FieldSpec parse_field_spec(std::string_view text);

// The fields compared for reunite's own case, sighting and sample records.
std::vector<FieldSpec> default_field_specs();

// A string per record, stored end to end: memory is the bytes plus 8 per record.
class StringColumn {
 public:
  StringColumn() { offsets_.push_back(0); }
  void push_back(std::string_view value) {
    bytes_.append(value);
    offsets_.push_back(bytes_.size());
  }
  // Appends every value of `other`, in order.
  void append(const StringColumn& other) {
    const std::uint64_t base = bytes_.size();
    bytes_.append(other.bytes_);
    for (std::size_t i = 1; i < other.offsets_.size(); ++i)
      offsets_.push_back(base + other.offsets_[i]);
  }
  std::string_view operator[](std::size_t row) const {
    return std::string_view(bytes_).substr(offsets_[row], offsets_[row + 1] - offsets_[row]);
  }
  std::size_t size() const { return offsets_.size() - 1; }

 private:
  std::string bytes_;
  std::vector<std::uint64_t> offsets_;
};

// A date as the interval of days it may mean: 2008-05 is [2008-05-01, 2008-05-31].
struct DateRange {
  std::int32_t first = 0;  // days since 1970-01-01
  std::int32_t last = -1;  // last < first: no date
  bool valid() const { return last >= first; }
  bool exact_day() const { return valid() && first == last; }
};

// "2008", "2008-05", "2008-05-12", "20080512", "2008-05-01/2008-05-10" → the days they cover.
DateRange parse_date_range(std::string_view text);

// One extracted field: canonical values, and the pinyin key for names (norm.<path>_pinyin).
struct FieldColumn {
  FieldSpec spec;
  StringColumn values;           // "" when missing
  StringColumn pinyin;           // names only
  std::vector<DateRange> dates;  // dates only
};

// The canonical form of a raw value for a comparison type.
std::string canonical_value(std::string_view raw, CompareType type);

// Appends one record's values for every column (missing fields give "").
void extract_fields(simdjson::ondemand::document& document, std::vector<FieldColumn>& columns);

// Appends the values of `texts` (JSON objects, one per record) to `columns`, the records cut
// into ranges parsed on `threads` threads and joined in order: the same columns whatever the
// thread count.
void extract_all_fields(const StringColumn& texts, std::vector<FieldColumn>& columns,
                        unsigned threads);

}  // namespace reunite::dedupe
