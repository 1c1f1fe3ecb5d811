#include "reunite/record_stream.h"

#include <fmt/format.h>

#include <algorithm>

#include "reunite/error.h"
#include "reunite/json.h"
#include "reunite/text.h"
#include "reunite/tool.h"

namespace reunite {

namespace ondemand = simdjson::ondemand;
static_assert(simdjson::SIMDJSON_PADDING <= LineReader::kPadding,
              "line buffers must carry simdjson's padding");

namespace {

// JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?  (simdjson would refuse
// some valid numbers, e.g. integers beyond 64 bits, that must pass through as written).
bool is_json_number(std::string_view t) {
  std::size_t i = 0;
  auto digits = [&] {
    std::size_t start = i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    return i > start;
  };
  if (i < t.size() && t[i] == '-') ++i;
  if (i < t.size() && t[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < t.size() && t[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == t.size();
}

// Deeper values are refused (simdjson's On Demand does not enforce its own limit, and the
// validation below recurses).
constexpr int kMaxDepth = 512;

simdjson::error_code validate_value(ondemand::value value, int depth);

simdjson::error_code validate_object(ondemand::object object, int depth) {
  for (auto field_result : object) {
    ondemand::field field;
    if (auto error = std::move(field_result).get(field)) return error;
    std::string_view key;
    if (auto error = field.unescaped_key().get(key)) return error;
    if (auto error = validate_value(field.value(), depth)) return error;
  }
  return simdjson::SUCCESS;
}

simdjson::error_code validate_scalar(ondemand::value value, ondemand::json_type type) {
  std::string_view token = trim_json_whitespace(value.raw_json_token());
  switch (type) {
    case ondemand::json_type::string: {
      // Stage 1 has validated UTF-8 and control characters; only escapes remain to check, and
      // most strings have none, so unescaping (a copy) is needed only when there is a backslash.
      // Either way the string is consumed, never left for the walk to skip: skipping takes a
      // string followed by ':' for a key, so {"a":"x":]} passed as an object (found by fuzzing;
      // fuzz/json_grammar holds the reader to simdjson's full DOM validation).
      if (token.find('\\') == std::string_view::npos) {
        ondemand::raw_json_string raw;
        return value.get_raw_json_string().get(raw);
      }
      std::string_view text;
      return value.get_string().get(text);
    }
    case ondemand::json_type::number:
      return is_json_number(token) ? simdjson::SUCCESS : simdjson::NUMBER_ERROR;
    case ondemand::json_type::boolean:
      return token == "true" || token == "false" ? simdjson::SUCCESS : simdjson::T_ATOM_ERROR;
    case ondemand::json_type::null:
      return token == "null" ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
    default:
      return simdjson::INCORRECT_TYPE;
  }
}

simdjson::error_code validate_value(ondemand::value value, int depth) {
  if (++depth > kMaxDepth) return simdjson::DEPTH_ERROR;
  ondemand::json_type type;
  if (auto error = value.type().get(type)) return error;
  if (type == ondemand::json_type::object) {
    ondemand::object object;
    if (auto error = value.get_object().get(object)) return error;
    return validate_object(object, depth);
  }
  if (type == ondemand::json_type::array) {
    ondemand::array array;
    if (auto error = value.get_array().get(array)) return error;
    for (auto element : array) {
      ondemand::value item;
      if (auto error = element.get(item)) return error;
      if (auto error = validate_value(item, depth)) return error;
    }
    return simdjson::SUCCESS;
  }
  return validate_scalar(value, type);
}

// Offset of the last non-whitespace byte before `position`, plus one.
std::size_t end_before_whitespace(std::string_view json, std::size_t position) {
  while (position > 0 && is_json_whitespace(json[position - 1])) --position;
  return position;
}

std::string reason_for(simdjson::error_code error) {
  if (error == simdjson::UTF8_ERROR) return "invalid UTF-8";
  if (error == simdjson::DEPTH_ERROR) return "invalid JSON: nested too deeply";
  return fmt::format("invalid JSON: {}", simdjson::error_message(error));
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Record

std::optional<std::string_view> Record::raw_field(std::string_view key) const {
  for (const FieldSpan& field : fields_) {
    if (field.key == key)
      return json.substr(field.value_begin, field.value_end - field.value_begin);
  }
  return std::nullopt;
}

std::optional<std::string> Record::string_field(std::string_view key) const {
  if (!raw_field(key)) return std::nullopt;
  std::string_view text;
  if (document_->rewind(), document_->find_field_unordered(key).get_string().get(text)) {
    return std::nullopt;
  }
  return std::string(text);
}

// ---------------------------------------------------------------------------------------------
// RecordReader

RecordReader::RecordReader(std::vector<std::string> inputs, RecordReaderOptions options,
                           Rejects& rejects, Stats& stats, Progress* progress)
    : inputs_(std::move(inputs)),
      options_(options),
      rejects_(rejects),
      stats_(stats),
      progress_(progress) {
  if (inputs_.empty()) inputs_.push_back("-");
}

RecordReader::RecordReader(std::unique_ptr<InputFile> input, RecordReaderOptions options,
                           Rejects& rejects, Stats& stats, Progress* progress)
    : options_(options),
      rejects_(rejects),
      stats_(stats),
      progress_(progress),
      file_(std::move(input)) {
  lines_ = std::make_unique<LineReader>(*file_, options_.max_line_bytes);
}

RecordReader::~RecordReader() = default;

bool RecordReader::open_next_input() {
  lines_.reset();
  file_.reset();
  if (next_input_ == inputs_.size()) return false;
  file_ = std::make_unique<InputFile>(inputs_[next_input_++]);
  lines_ = std::make_unique<LineReader>(*file_, options_.max_line_bytes);
  return true;
}

bool RecordReader::next(Record& record) {
  for (;;) {
    Line line;
    if (!lines_ || !lines_->next(line)) {
      if (!open_next_input()) return false;
      continue;
    }
    if (!line.too_long && trim_json_whitespace(line.text).empty()) continue;
    ++stats_.read;
    if (progress_) progress_->tick();
    if (line.too_long) {
      rejects_.reject(
          file_->name(), line.number,
          fmt::format("line longer than {} bytes (--max-line-bytes)", options_.max_line_bytes),
          line.text, true);
      continue;
    }
    if (auto reason = parse(line, record)) {
      rejects_.reject(file_->name(), line.number, *reason, line.text);
      continue;
    }
    record.file = file_->name();
    record.line = line.number;
    return true;
  }
}

std::optional<std::string> RecordReader::parse(const Line& line, Record& record) {
  std::string_view json = trim_json_whitespace(line.text);
  // The line sits inside LineReader's buffer, which keeps kPadding readable bytes after it.
  simdjson::padded_string_view view(json.data(), json.size(),
                                    json.size() + simdjson::SIMDJSON_PADDING);
  if (auto error = parser_.iterate(view).get(document_)) return reason_for(error);
  ondemand::json_type type;
  if (auto error = document_.type().get(type)) return reason_for(error);
  if (type != ondemand::json_type::object) return std::string("not a JSON object");

  ondemand::object object;
  if (auto error = document_.get_object().get(object)) return reason_for(error);
  record.fields_.clear();
  for (auto field_result : object) {
    ondemand::field field;
    if (auto error = std::move(field_result).get(field)) return reason_for(error);
    const char* key_text = field.key().raw();
    std::string_view key;
    if (auto error = field.unescaped_key().get(key)) return reason_for(error);
    ondemand::value value = field.value();
    const char* value_text = value.raw_json_token().data();
    if (auto error = validate_value(value, 1)) return reason_for(error);
    FieldSpan span;
    span.key_begin = static_cast<std::size_t>(key_text - json.data()) - 1;
    std::size_t key_end = span.key_begin + 1;
    while (json[key_end] != '"') key_end += json[key_end] == '\\' ? 2 : 1;
    span.key = json.substr(span.key_begin + 1, key_end - span.key_begin - 1);
    span.value_begin = static_cast<std::size_t>(value_text - json.data());
    record.fields_.push_back(span);
  }
  // Anything left after the object (a second value, stray characters) is a bad line too.
  if (!document_.current_location().error()) {
    return std::string("invalid JSON: trailing content after the object");
  }

  // A value ends where the separator before the next key (or the closing brace) begins.
  auto& fields = record.fields_;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    std::size_t limit = i + 1 < fields.size() ? fields[i + 1].key_begin : json.size() - 1;
    std::size_t end = end_before_whitespace(json, limit);
    if (i + 1 < fields.size()) end = end_before_whitespace(json, end - 1);  // the comma
    fields[i].value_end = end;
  }
  record.json = json;
  record.document_ = &document_;
  return std::nullopt;
}

void RecordReader::reject(const Record& record, std::string_view reason) {
  rejects_.reject(record.file, record.line, reason, record.json);
}

// ---------------------------------------------------------------------------------------------
// RecordEditor

void RecordEditor::set(std::string_view key, std::string raw_json) {
  for (Edit& edit : edits_) {
    if (edit.key == key) {
      edit.value = std::move(raw_json);
      edit.removed = false;
      return;
    }
  }
  edits_.push_back({std::string(key), std::move(raw_json), false, false});
}

void RecordEditor::remove(std::string_view key) {
  set(key, {});
  for (Edit& edit : edits_) {
    if (edit.key == key) edit.removed = true;
  }
}

std::string_view RecordEditor::result() {
  std::string_view json = record_.json;
  const auto& fields = record_.fields();
  out_.clear();
  out_.reserve(json.size() + 64 * edits_.size());
  for (Edit& edit : edits_) edit.used = false;

  std::size_t copied_until = 0;   // json[0, copied_until) is already in out_ (or dropped)
  std::size_t last_kept_end = 0;  // end of the last member kept, 0 if none yet
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const FieldSpan& field = fields[i];
    auto edit = std::find_if(edits_.begin(), edits_.end(),
                             [&](const Edit& e) { return e.key == field.key; });
    if (edit == edits_.end()) {
      last_kept_end = field.value_end;
      continue;
    }
    edit->used = true;
    if (!edit->removed) {
      out_.append(json.substr(copied_until, field.value_begin - copied_until));
      out_ += edit->value;
      copied_until = last_kept_end = field.value_end;
    } else if (last_kept_end > 0) {  // drop ", member"
      if (copied_until < last_kept_end) {
        out_.append(json.substr(copied_until, last_kept_end - copied_until));
      }
      copied_until = field.value_end;
    } else {  // the first member kept is yet to come: drop "member ,"
      out_.append(json.substr(copied_until, field.key_begin - copied_until));
      copied_until = i + 1 < fields.size() ? fields[i + 1].key_begin : json.size() - 1;
    }
  }
  std::size_t closing_brace = json.size() - 1;
  out_.append(json.substr(copied_until, closing_brace - copied_until));
  bool has_members = last_kept_end > 0;
  for (const Edit& edit : edits_) {
    if (edit.used || edit.removed) continue;
    if (has_members) out_ += ',';
    append_json_string(out_, edit.key);
    out_ += ':';
    out_ += edit.value;
    has_members = true;
  }
  out_ += '}';
  return out_;
}

}  // namespace reunite
