#include "json_ingest.h"

#include <simdjson.h>

#include <algorithm>

#include "reunite/json.h"
#include "reunite/record_stream.h"
#include "reunite/rejects.h"
#include "reunite/tool.h"

namespace reunite::ingest {

namespace {

std::string kind_or_default(const IngestOptions& options) {
  return options.kind.empty() ? "case" : options.kind;
}

std::string src_json(std::string_view file, std::uint64_t line) {
  std::string out = "{\"file\":";
  append_json_string(out, file);
  out += ",\"line\":" + std::to_string(line) + "}";
  return out;
}

// The text an id field holds: a string's value, a number as written.
std::optional<std::string> id_text(simdjson::dom::element value) {
  if (value.is_string()) return std::string(std::string_view(value.get_string().value_unsafe()));
  if (value.is_number()) return simdjson::minify(value);
  return std::nullopt;
}

}  // namespace

void ingest_json_lines(const std::string& path, const IngestOptions& options, IngestSink& sink) {
  ingest_json_lines(std::make_unique<InputFile>(path), options, sink);
}

void ingest_json_lines(std::unique_ptr<InputFile> input, const IngestOptions& options,
                       IngestSink& sink) {
  RecordReaderOptions reader_options;
  reader_options.max_line_bytes = options.max_line_bytes;
  RecordReader reader(std::move(input), reader_options, sink.rejects, sink.stats, sink.progress);
  SourceFile source;
  std::string kind = json_quote(kind_or_default(options));
  for (Record record; reader.next(record);) {
    if (record.has_field("kind") && record.has_field("id") && record.has_field("src")) {
      sink.writer.write(record.json);  // already a record: the common case of a re-run
      continue;
    }
    if (source.name != record.file)
      source = SourceFile::from_input_name(record.file, options.id_prefix);
    RecordEditor edit(record);
    if (!record.has_field("kind")) edit.set("kind", kind);
    if (!record.has_field("id")) {
      std::optional<std::string> id;
      if (!options.id_field.empty()) {
        auto raw = record.raw_field(options.id_field);
        if (!raw) {
          reader.reject(record, "no id field " + options.id_field);
          continue;
        }
        id = record.string_field(options.id_field);
        if (!id) id = std::string(*raw);
      } else {
        id = source.id_prefix + ":" + std::to_string(record.line);
      }
      edit.set("id", json_quote(*id));
    }
    if (!record.has_field("src")) edit.set("src", src_json(record.file, record.line));
    sink.writer.write(edit.result());
  }
}

void ingest_json_array(std::string_view text, const SourceFile& source,
                       const IngestOptions& options, IngestSink& sink) {
  simdjson::padded_string padded(text);
  simdjson::ondemand::parser parser;
  simdjson::dom::parser element_parser;
  const std::string kind = json_quote(kind_or_default(options));
  std::uint64_t line = 1;
  const char* counted_to = padded.data();
  auto line_at = [&](const char* where) {
    line += static_cast<std::uint64_t>(std::count(counted_to, where, '\n'));
    counted_to = where;
    return line;
  };
  auto reject_rest = [&](const char* where, const std::string& reason) {
    ++sink.stats.read;
    std::uint64_t at = line_at(std::max(where, counted_to));
    std::string_view rest(counted_to, padded.data() + padded.size() - counted_to);
    rest = rest.substr(0, std::min(rest.find('\n'), std::size_t{1024}));
    sink.rejects.reject(source.name, at, reason, rest, rest.size() == 1024);
  };

  simdjson::ondemand::document document;
  simdjson::ondemand::array array;
  auto error = parser.iterate(padded).get(document);
  if (!error) error = document.get_array().get(array);
  if (error)
    return reject_rest(padded.data(),
                       std::string("not a JSON array: ") + simdjson::error_message(error));

  std::string compact, out;
  LineOrdinal ordinals;
  for (auto element_result : array) {
    simdjson::ondemand::value element;
    const char* where = counted_to;
    if (element_result.get(element) || element.current_location().get(where))
      return reject_rest(where, "invalid JSON in the array");
    std::uint64_t element_line = line_at(where);
    std::uint64_t element_ordinal = ordinals.next(element_line);  // rejected ones count too
    simdjson::ondemand::json_type type;
    if (element.type().get(type)) return reject_rest(where, "invalid JSON in the array");
    std::string_view raw;
    if (type == simdjson::ondemand::json_type::object) {
      simdjson::ondemand::object object;
      if (element.get_object().get(object) || object.raw_json().get(raw))
        return reject_rest(where, "invalid JSON in the array");
    } else if (type == simdjson::ondemand::json_type::array) {
      simdjson::ondemand::array inner;
      if (element.get_array().get(inner) || inner.raw_json().get(raw))
        return reject_rest(where, "invalid JSON in the array");
    } else {
      raw = element.raw_json_token();
    }
    ++sink.stats.read;
    if (sink.progress) sink.progress->tick();
    compact.resize(raw.size());
    std::size_t compact_size = 0;
    if (simdjson::minify(raw.data(), raw.size(), compact.data(), compact_size)) {
      sink.rejects.reject(source.name, element_line, "invalid JSON", raw.substr(0, 1024),
                          raw.size() > 1024);
      continue;
    }
    compact.resize(compact_size);
    simdjson::dom::element parsed;
    if (element_parser.parse(compact).get(parsed)) {
      sink.rejects.reject(source.name, element_line, "invalid JSON", compact.substr(0, 1024),
                          compact.size() > 1024);
      continue;
    }
    if (!parsed.is_object()) {
      sink.rejects.reject(source.name, element_line, "array element is not an object",
                          compact.substr(0, 1024), compact.size() > 1024);
      continue;
    }
    simdjson::dom::object object = parsed.get_object().value_unsafe();
    out = "{";
    if (object["kind"].error()) out += "\"kind\":" + kind + ",";
    if (object["id"].error()) {
      std::optional<std::string> id;
      if (!options.id_field.empty()) {
        simdjson::dom::element value;
        if (object[options.id_field].get(value) || !(id = id_text(value))) {
          sink.rejects.reject(source.name, element_line, "no id field " + options.id_field,
                              compact.substr(0, 1024), compact.size() > 1024);
          continue;
        }
      } else {
        id = source.id_prefix + ":";
        append_derived_line(*id, element_line, element_ordinal);
      }
      out += "\"id\":" + json_quote(*id) + ",";
    }
    out.append(compact, 1, compact.size() - 2);  // the members as written
    if (out.back() == ',') out.pop_back();
    if (object["src"].error()) {
      if (out.size() > 1) out += ',';
      out += "\"src\":" + src_json(source.name, element_line);
    }
    out += '}';
    sink.writer.write(out);
  }
}

}  // namespace reunite::ingest
