#include "cmf.h"

#include <algorithm>
#include <cstring>
#include <pugixml.hpp>

#include "header_mapping.h"
#include "reunite/error.h"
#include "reunite/json.h"
#include "reunite/record_stream.h"
#include "reunite/rejects.h"
#include "reunite/tool.h"

namespace reunite::ingest {

namespace {

// The element name without a namespace prefix ("codis:SPECIMEN" -> "SPECIMEN").
std::string_view local_name(const pugi::xml_node& node) {
  std::string_view name = node.name();
  auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& node, std::string_view name) {
  for (pugi::xml_node c : node.children())
    if (c.type() == pugi::node_element && local_name(c) == name) return c;
  return {};
}

std::string child_text(const pugi::xml_node& node, std::string_view name) {
  std::string text = child(node, name).text().get();
  auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return {};
  auto end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end - begin + 1);
}

std::string attribute(const pugi::xml_node& node, std::string_view name) {
  for (pugi::xml_attribute a : node.attributes()) {
    std::string_view attribute_name = a.name();
    auto colon = attribute_name.find(':');
    if (colon != std::string_view::npos) attribute_name.remove_prefix(colon + 1);
    if (attribute_name == name) return a.value();
  }
  return {};
}

class LineIndex {
 public:
  explicit LineIndex(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') newlines_.push_back(i);
  }
  std::uint64_t line_of(std::ptrdiff_t offset) const {
    if (offset < 0) return 0;
    return 1 + static_cast<std::uint64_t>(std::lower_bound(newlines_.begin(), newlines_.end(),
                                                           static_cast<std::size_t>(offset)) -
                                          newlines_.begin());
  }

 private:
  std::vector<std::size_t> newlines_;
};

std::string_view line_text(std::string_view text, std::uint64_t line) {
  std::size_t begin = 0;
  for (std::uint64_t l = 1; l < line && begin != std::string_view::npos; ++l) {
    begin = text.find('\n', begin);
    if (begin != std::string_view::npos) ++begin;
  }
  if (begin == std::string_view::npos || begin > text.size()) return {};
  std::string_view rest = text.substr(begin);
  return rest.substr(0, std::min({rest.find('\n'), rest.size(), std::size_t{1024}}));
}

void collect_specimens(const pugi::xml_node& node, std::vector<pugi::xml_node>& out) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() != pugi::node_element) continue;
    if (local_name(c) == "SPECIMEN")
      out.push_back(c);
    else
      collect_specimens(c, out);
  }
}

}  // namespace

void read_cmf(std::string_view text, const CmfEvents& events) {
  pugi::xml_document document;
  pugi::xml_parse_result parsed =
      document.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  LineIndex lines(text);
  if (!parsed) {
    std::uint64_t line = lines.line_of(parsed.offset);
    events.reject(line, std::string("not well-formed XML: ") + parsed.description(),
                  line_text(text, line));
    return;
  }
  pugi::xml_node root = document.document_element();
  std::string lab = child_text(root, "SOURCELAB");
  std::string batch_kit = child_text(root, "KIT");
  std::vector<pugi::xml_node> specimens;
  collect_specimens(root, specimens);
  LineOrdinal ordinals;
  for (const pugi::xml_node& node : specimens) {
    CmfSpecimen specimen;
    specimen.line = lines.line_of(node.offset_debug());
    specimen.ordinal = ordinals.next(specimen.line);
    std::string id = child_text(node, "SPECIMENID");
    if (id.empty()) {
      events.reject(specimen.line, "SPECIMEN without SPECIMENID", line_text(text, specimen.line));
      continue;
    }
    std::string kit = batch_kit;
    std::string error;
    for (pugi::xml_node locus : node.children()) {
      if (locus.type() != pugi::node_element || local_name(locus) != "LOCUS") continue;
      std::string name = child_text(locus, "LOCUSNAME");
      if (name.empty()) name = attribute(locus, "LOCUSNAME");
      if (kit.empty()) kit = attribute(locus, "KIT");
      std::vector<std::string> values;
      for (pugi::xml_node allele : locus.children()) {
        if (allele.type() != pugi::node_element || local_name(allele) != "ALLELE") continue;
        std::string value = child_text(allele, "ALLELEVALUE");
        if (value.empty()) value = allele.text().get();
        values.push_back(value);
      }
      std::vector<std::string_view> cells(values.begin(), values.end());
      auto genotype = genotype_from_alleles(cells, error);
      auto canonical = canonical_locus(name);
      if (error.empty() && name.empty()) error = "LOCUS without LOCUSNAME";
      if (!error.empty()) {
        error = "locus " + name + ": " + error;
        break;
      }
      if (!genotype) continue;
      if (auto duplicate = specimen.loci.add(canonical ? *canonical : name, std::move(*genotype))) {
        error = *duplicate;
        break;
      }
    }
    if (!error.empty()) {
      events.reject(specimen.line, error, line_text(text, specimen.line));
      continue;
    }
    auto add = [&](const char* field, std::string value) {
      if (!value.empty()) specimen.fields.emplace_back(field, std::move(value));
    };
    add("sample_id", id);
    add("role", child_text(node, "SPECIMENCATEGORY"));
    add("case", attribute(node, "CASEID"));
    add("kit", kit);
    add("lab", lab);
    add("comment", child_text(node, "SPECIMENCOMMENT"));
    events.specimen(specimen);
  }
}

void ingest_cmf(std::string_view text, const SourceFile& source, const IngestOptions& options,
                IngestSink& sink) {
  RecordFrame frame("sample", source);
  std::string line;
  bool id_from_specimen = !options.id_field.empty();
  std::string id_key = header_key(options.id_field);
  if (id_from_specimen && id_key != "specimenid" && id_key != "sampleid")
    throw UsageError("--id-field " + options.id_field + ": a CMF file's id is its SPECIMENID");
  CmfEvents events;
  events.specimen = [&](const CmfSpecimen& specimen) {
    ++sink.stats.read;
    if (id_from_specimen)
      frame.begin_with_id(line, specimen.fields.front().second);
    else
      frame.begin_derived(line, specimen.line, specimen.ordinal);
    for (const auto& [field, value] : specimen.fields) {
      line += ',';
      append_json_string(line, field);
      line += ':';
      append_json_string(line, value);
    }
    append_loci(line, specimen.loci);
    frame.end(line, specimen.line);
    sink.writer.write(line);
  };
  events.reject = [&](std::uint64_t line_number, const std::string& reason,
                      std::string_view input) {
    ++sink.stats.read;
    sink.rejects.reject(source.name, line_number, reason, input, input.size() >= 1024);
  };
  read_cmf(text, events);
}

}  // namespace reunite::ingest
