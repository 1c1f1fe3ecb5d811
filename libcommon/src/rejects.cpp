#include "reunite/rejects.h"

#include <fmt/format.h>

#include <cstdio>

#include "reunite/json.h"
#include "reunite/text.h"

namespace reunite {

namespace {

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (at(i) << 16) | (at(i + 1) << 8) | at(i + 2);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < bytes.size()) {
    unsigned v = at(i) << 16;
    if (i + 1 < bytes.size()) v |= at(i + 1) << 8;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace

std::string Stats::to_json() const {
  std::string out;
  JsonWriter json(out);
  json.begin_object();
  json.field("read", read);
  json.field("written", written);
  json.field("rejected", rejected);
  for (const auto& [name, value] : extra_) json.field(name, value);
  json.end_object();
  return out;
}

Rejects::Rejects(std::string tool_name, const std::string& path, bool quiet, Stats& stats)
    : tool_name_(std::move(tool_name)), quiet_(quiet), stats_(stats) {
  if (!path.empty()) file_ = std::make_unique<OutputFile>(path);
}

Rejects::~Rejects() = default;

void Rejects::reject(std::string_view file, std::uint64_t line, std::string_view reason,
                     std::string_view input, bool input_truncated) {
  ++count_;
  ++stats_.rejected;
  if (file_) {
    line_.clear();
    JsonWriter json(line_);
    json.begin_object();
    json.field("file", file);
    json.field("line", line);
    json.field("error", reason);
    json.key("input");
    if (is_valid_utf8(input)) {
      json.string(input);
    } else {
      std::string lossy;
      append_json_string_lossy(lossy, input);
      json.raw(lossy);
      json.field("input_base64", std::string_view(base64(input)));
    }
    if (input_truncated) json.field("input_truncated", true);
    json.end_object();
    line_ += '\n';
    file_->write(line_);
    return;
  }
  // Stderr names the place and the reason only: never field values.
  if (!quiet_ && count_ <= kMaxStderrLines) {
    std::string message = fmt::format("{}: {}:{}: rejected: {}\n", tool_name_, file, line, reason);
    std::fputs(message.c_str(), stderr);
  }
}

void Rejects::commit() {
  if (file_) {
    file_->commit();
  } else if (!quiet_ && count_ > kMaxStderrLines) {
    std::fputs(fmt::format("{}: {} more rejects not shown (--rejects FILE keeps them all)\n",
                           tool_name_, count_ - kMaxStderrLines)
                   .c_str(),
               stderr);
  }
}

}  // namespace reunite
