// Reading the members of a record that the reader has already validated, without a parser.
//
// Why (measured with callgrind on person records): parsing each record a second time with
// simdjson On Demand in the worker (stage 1 over the whole line, then the iteration) cost more
// than the scan below, which looks only at the bytes between the members it is asked for and
// copies nothing: a string without escapes is a view into the record.  The scanner trusts the
// JSON to be valid but never reads outside it: anything unexpected ends the scan.
#pragma once

#include <string>
#include <string_view>

namespace reunite::normalize {

enum class JsonType { kString, kNumber, kBoolean, kNull, kObject, kArray };

// One value's text as written ("\"Zhang Wei\"", "20080512", "{...}") and its type.
struct JsonValue {
  std::string_view text;
  JsonType type = JsonType::kNull;
};

// The members of one object, in order.
class JsonObjectScanner {
 public:
  // `object` starts at its '{' (leading whitespace allowed); it may run past the closing '}'.
  explicit JsonObjectScanner(std::string_view object);
  // The next member: its key as written between the quotes (escapes kept) and its value.
  // False at the end of the object or if the text is not what valid JSON would be.
  bool next(std::string_view& raw_key, JsonValue& value);

 private:
  std::string_view json_;
  std::size_t at_ = 0;
  bool done_ = false;
};

// The elements of one array, in order.
class JsonArrayScanner {
 public:
  explicit JsonArrayScanner(std::string_view array);
  bool next(JsonValue& value);

 private:
  std::string_view json_;
  std::size_t at_ = 0;
  bool done_ = false;
};

// The text of a JSON string ("quoted", escapes allowed): a view into `quoted` when it has no
// escape, else decoded into `scratch`.  False for an invalid escape or a lone surrogate (as
// simdjson's get_string refuses them).
bool json_string_text(std::string_view quoted, std::string& scratch, std::string_view& text);

}  // namespace reunite::normalize
