#include "record_builder.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "reunite/json.h"


namespace reunite::ingest {

namespace {

std::string unique_name(const std::string& wanted, std::set<std::string>& taken) {
  std::string name = wanted;
  for (int n = 2; taken.count(name) != 0; ++n) name = wanted + "_" + std::to_string(n);
  taken.insert(name);
  return name;
}

}  // namespace

SourceFile SourceFile::from_input_name(std::string_view input_name) {
  SourceFile source;
  source.name = std::string(input_name);
  if (input_name == "<stdin>" || input_name == "-") {
    source.id_prefix = "stdin";
  } else {
    auto slash = input_name.rfind('/');
    source.id_prefix =
        std::string(slash == std::string_view::npos ? input_name : input_name.substr(slash + 1));
  }
  return source;
}

RecordFrame::RecordFrame(std::string_view kind, const SourceFile& source) {
  kind_prefix_ = "{\"kind\":" + json_quote(kind) + ",\"id\":";
  std::string quoted_prefix = json_quote(source.id_prefix + ":");
  derived_prefix_ = kind_prefix_ + quoted_prefix.substr(0, quoted_prefix.size() - 1);
  src_prefix_ = ",\"src\":{\"file\":" + json_quote(source.name) + ",\"line\":";
}

void append_derived_line(std::string& out, std::uint64_t line, std::uint64_t ordinal) {
  char digits[24];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, line).ptr);
  if (ordinal == 1) return;
  out += '.';
  out.append(digits, std::to_chars(digits, digits + sizeof digits, ordinal).ptr);
}

void RecordFrame::begin_derived(std::string& out, std::uint64_t line, std::uint64_t ordinal) const {
  out.assign(derived_prefix_);
  append_derived_line(out, line, ordinal);
  out += '"';
}

void RecordFrame::begin_with_id(std::string& out, std::string_view id) const {
  out.assign(kind_prefix_);
  append_json_string(out, id);
}

void RecordFrame::end(std::string& out, std::uint64_t line) const {
  out += src_prefix_;
  char digits[24];
  auto result = std::to_chars(digits, digits + sizeof digits, line);
  out.append(digits, result.ptr);
  out += "}}";
}

RowLayout::RowLayout(const std::vector<std::optional<FieldPath>>& columns,
                     const std::vector<std::string>& reserved) {
  std::set<std::string> taken(reserved.begin(), reserved.end());
  std::map<std::string, std::size_t> object_items;  // nested object name -> index in items_
  std::map<std::string, std::set<std::string>> object_members;
  column_fields_.resize(columns.size());
  for (std::size_t column = 0; column < columns.size(); ++column) {
    if (!columns[column]) continue;
    const FieldPath& path = *columns[column];
    std::string name = path.name.empty() ? "col" + std::to_string(column + 1) : path.name;
    if (path.member.empty()) {
      name = unique_name(name, taken);
      Item item;
      item.column = column;
      item.key = "," + json_quote(name) + ":";
      items_.push_back(std::move(item));
      column_fields_[column] = name;
      continue;
    }
    auto found = object_items.find(name);
    if (found == object_items.end()) {
      std::string object_name = unique_name(name, taken);
      Item item;
      item.key = "," + json_quote(object_name) + ":";
      found = object_items.emplace(name, items_.size()).first;
      items_.push_back(std::move(item));
    }
    std::string member = unique_name(path.member, object_members[name]);
    items_[found->second].members.push_back({column, json_quote(member) + ":"});
    column_fields_[column] =
        items_[found->second].key.substr(2, items_[found->second].key.size() - 4) + "." + member;
  }
}

void RowLayout::append_fields(std::string& out, std::span<const std::string_view> cells,
                              bool keep_empty) const {
  for (const Item& item : items_) {
    if (item.members.empty()) {
      std::string_view cell = cells[item.column];
      if (cell.empty() && !keep_empty) continue;
      out += item.key;
      append_json_string(out, cell);
      continue;
    }
    bool opened = false;
    for (const Member& member : item.members) {
      std::string_view cell = cells[member.column];
      if (cell.empty() && !keep_empty) continue;
      out += opened ? "," : "";
      if (!opened) {
        out += item.key;
        out += '{';
        opened = true;
      }
      out += member.key;
      append_json_string(out, cell);
    }
    if (opened) out += '}';
  }
}

}  // namespace reunite::ingest
