#include "record_json.h"

#include <reunite/text.h>

#include "chinese_text.h"

namespace reunite::normalize {

namespace {

constexpr std::size_t kFailed = std::string_view::npos;

std::size_t skip_whitespace(std::string_view json, std::size_t at) {
  while (at < json.size() && is_json_whitespace(json[at])) ++at;
  return at;
}

// `at` is on an opening quote: the offset just past the closing one.
std::size_t skip_string(std::string_view json, std::size_t at) {
  for (++at; at < json.size(); ++at) {
    char c = json[at];
    if (c == '"') return at + 1;
    if (c == '\\') ++at;
  }
  return kFailed;
}

// `at` is on '{' or '[': the offset just past the matching bracket.
std::size_t skip_container(std::string_view json, std::size_t at) {
  int depth = 0;
  while (at < json.size()) {
    char c = json[at];
    if (c == '"') {
      at = skip_string(json, at);
      if (at == kFailed) return kFailed;
      continue;
    }
    if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return at + 1;
    }
    ++at;
  }
  return kFailed;
}

// Reads the value starting at `at` (whitespace skipped) into `value`; the offset past it.
std::size_t read_value(std::string_view json, std::size_t at, JsonValue& value) {
  at = skip_whitespace(json, at);
  if (at >= json.size()) return kFailed;
  std::size_t end;
  char c = json[at];
  switch (c) {
    case '"':
      value.type = JsonType::kString;
      end = skip_string(json, at);
      break;
    case '{':
    case '[':
      value.type = c == '{' ? JsonType::kObject : JsonType::kArray;
      end = skip_container(json, at);
      break;
    default:
      if (c == 't' || c == 'f') {
        value.type = JsonType::kBoolean;
      } else if (c == 'n') {
        value.type = JsonType::kNull;
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        value.type = JsonType::kNumber;
      } else {
        return kFailed;
      }
      end = at;
      while (end < json.size() && json[end] != ',' && json[end] != '}' && json[end] != ']' &&
             !is_json_whitespace(json[end])) {
        ++end;
      }
  }
  if (end == kFailed) return kFailed;
  value.text = json.substr(at, end - at);
  return end;
}

// After a member or element: past the ',' (true), or at the closing `close` (false, done).
bool after_item(std::string_view json, std::size_t& at, char close, bool& done) {
  at = skip_whitespace(json, at);
  if (at < json.size() && json[at] == ',') {
    ++at;
    return true;
  }
  done = true;
  return at < json.size() && json[at] == close;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Four hex digits at text[at]; -1 if they are not.
long hex4(std::string_view text, std::size_t at) {
  if (at + 4 > text.size()) return -1;
  long value = 0;
  for (std::size_t i = at; i < at + 4; ++i) {
    int digit = hex_value(text[i]);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

}  // namespace

JsonObjectScanner::JsonObjectScanner(std::string_view object) : json_(object) {
  at_ = skip_whitespace(json_, 0);
  if (at_ >= json_.size() || json_[at_] != '{') {
    done_ = true;
    return;
  }
  at_ = skip_whitespace(json_, at_ + 1);
  if (at_ < json_.size() && json_[at_] == '}') done_ = true;
}

bool JsonObjectScanner::next(std::string_view& raw_key, JsonValue& value) {
  if (done_) return false;
  at_ = skip_whitespace(json_, at_);
  if (at_ >= json_.size() || json_[at_] != '"') return done_ = true, false;
  std::size_t key_end = skip_string(json_, at_);
  if (key_end == kFailed) return done_ = true, false;
  raw_key = json_.substr(at_ + 1, key_end - at_ - 2);
  at_ = skip_whitespace(json_, key_end);
  if (at_ >= json_.size() || json_[at_] != ':') return done_ = true, false;
  std::size_t end = read_value(json_, at_ + 1, value);
  if (end == kFailed) return done_ = true, false;
  at_ = end;
  bool ended = false;
  if (!after_item(json_, at_, '}', ended) && !ended) return done_ = true, false;
  done_ = ended;
  return true;
}

JsonArrayScanner::JsonArrayScanner(std::string_view array) : json_(array) {
  at_ = skip_whitespace(json_, 0);
  if (at_ >= json_.size() || json_[at_] != '[') {
    done_ = true;
    return;
  }
  at_ = skip_whitespace(json_, at_ + 1);
  if (at_ < json_.size() && json_[at_] == ']') done_ = true;
}

bool JsonArrayScanner::next(JsonValue& value) {
  if (done_) return false;
  std::size_t end = read_value(json_, at_, value);
  if (end == kFailed) return done_ = true, false;
  at_ = end;
  bool ended = false;
  if (!after_item(json_, at_, ']', ended) && !ended) return done_ = true, false;
  done_ = ended;
  return true;
}

bool json_string_text(std::string_view quoted, std::string& scratch, std::string_view& text) {
  if (quoted.size() < 2) return false;
  std::string_view inner = quoted.substr(1, quoted.size() - 2);
  std::size_t escape = inner.find('\\');
  if (escape == std::string_view::npos) {
    text = inner;
    return true;
  }
  scratch.assign(inner, 0, escape);
  for (std::size_t i = escape; i < inner.size();) {
    char c = inner[i];
    if (c != '\\') {
      scratch += c;
      ++i;
      continue;
    }
    if (i + 1 >= inner.size()) return false;
    char kind = inner[i + 1];
    i += 2;
    switch (kind) {
      case '"':
        scratch += '"';
        break;
      case '\\':
        scratch += '\\';
        break;
      case '/':
        scratch += '/';
        break;
      case 'b':
        scratch += '\b';
        break;
      case 'f':
        scratch += '\f';
        break;
      case 'n':
        scratch += '\n';
        break;
      case 'r':
        scratch += '\r';
        break;
      case 't':
        scratch += '\t';
        break;
      case 'u': {
        long unit = hex4(inner, i);
        if (unit < 0) return false;
        i += 4;
        char32_t code_point = static_cast<char32_t>(unit);
        if (unit >= 0xDC00 && unit <= 0xDFFF) return false;  // a low surrogate first
        if (unit >= 0xD800 && unit <= 0xDBFF) {
          if (i + 2 > inner.size() || inner[i] != '\\' || inner[i + 1] != 'u') return false;
          long low = hex4(inner, i + 2);
          if (low < 0xDC00 || low > 0xDFFF) return false;
          i += 6;
          code_point = 0x10000 + ((static_cast<char32_t>(unit) - 0xD800) << 10) +
                       (static_cast<char32_t>(low) - 0xDC00);
        }
        append_utf8(scratch, code_point);
        break;
      }
      default:
        return false;
    }
  }
  text = scratch;
  return true;
}

}  // namespace reunite::normalize
