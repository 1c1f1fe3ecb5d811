// Writing JSON: string escaping and a small builder for one object at a time.  Output is
// compact (no spaces), keys in the order written, strings as UTF-8 (only '"', '\\' and control
// characters are escaped), so the same record always gives the same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace reunite {

// Appends `text` (valid UTF-8) as a quoted JSON string.
void append_json_string(std::string& out, std::string_view text);

// Appends `bytes` as a quoted JSON string, replacing each invalid UTF-8 sequence with U+FFFD.
// Used where input could not be decoded (rejects) and must still be shown.
void append_json_string_lossy(std::string& out, std::string_view bytes);

std::string json_quote(std::string_view text);

// Builds one JSON object or array into a string, placing the commas.
//   JsonWriter w(line);
//   w.begin_object(); w.key("id"); w.string("K1"); w.key("n"); w.number(3); w.end_object();
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void begin_object() {
    separate();
    out_ += '{';
    first_ = true;
  }
  void end_object() {
    out_ += '}';
    first_ = false;
  }
  void begin_array() {
    separate();
    out_ += '[';
    first_ = true;
  }
  void end_array() {
    out_ += ']';
    first_ = false;
  }
  void key(std::string_view name) {
    separate();
    append_json_string(out_, name);
    out_ += ':';
    first_ = true;  // the value that follows takes no comma
  }
  void string(std::string_view value) {
    separate();
    append_json_string(out_, value);
  }
  void number(std::int64_t value);
  void number(std::uint64_t value);
  void number(int value) { number(static_cast<std::int64_t>(value)); }
  // Shortest representation that reads back as the same double; non-finite values → null.
  void number(double value);
  void boolean(bool value) {
    separate();
    out_ += value ? "true" : "false";
  }
  void null() {
    separate();
    out_ += "null";
  }
  // A value that is already JSON text (e.g. a field passed through byte for byte).
  void raw(std::string_view json) {
    separate();
    out_ += json;
  }

  // Convenience for the common "key": value pairs.
  void field(std::string_view name, std::string_view value) {
    key(name);
    string(value);
  }
  void field(std::string_view name, const char* value) {
    key(name);
    string(value);
  }
  void field(std::string_view name, std::int64_t value) {
    key(name);
    number(value);
  }
  void field(std::string_view name, std::uint64_t value) {
    key(name);
    number(value);
  }
  void field(std::string_view name, int value) {
    key(name);
    number(value);
  }
  void field(std::string_view name, double value) {
    key(name);
    number(value);
  }
  void field(std::string_view name, bool value) {
    key(name);
    boolean(value);
  }

 private:
  void separate() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  std::string& out_;
  bool first_ = true;
};

}  // namespace reunite
