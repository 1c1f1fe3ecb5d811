#include "record_builder.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "reunite/json.h"

namespace reunite::ingest {

namespace {

// Names made unique in order of arrival: a name taken again becomes name_2, name_3, ... (the
// first number not yet taken).  The next number to try is kept per name, so a header with
// thousands of equal names costs one probe each, not a count from 2 each time (a 40 000-column
// header of one name took two minutes).
class UniqueNames {
 public:
  explicit UniqueNames(const std::vector<std::string>& reserved = {})
      : taken_(reserved.begin(), reserved.end()) {}

  std::string add(const std::string& wanted) {
    if (taken_.insert(wanted).second) return wanted;
    std::uint64_t& n = next_.try_emplace(wanted, 2).first->second;
    std::string name = wanted + "_" + std::to_string(n);
    while (!taken_.insert(name).second) name = wanted + "_" + std::to_string(++n);
    ++n;
    return name;
  }

 private:
  std::set<std::string> taken_;
  std::map<std::string, std::uint64_t> next_;  // wanted name -> the first number to try
};

}  // namespace

SourceFile SourceFile::from_input_name(std::string_view input_name, std::string_view id_prefix) {
  SourceFile source;
  source.name = std::string(input_name);
  if (!id_prefix.empty()) {
    source.id_prefix = std::string(id_prefix);
  } else if (input_name == "<stdin>" || input_name == "-") {
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
  UniqueNames taken(reserved);
  std::map<std::string, std::size_t> object_items;  // nested object name -> index in items_
  std::map<std::string, UniqueNames> object_members;
  column_fields_.resize(columns.size());
  for (std::size_t column = 0; column < columns.size(); ++column) {
    if (!columns[column]) continue;
    const FieldPath& path = *columns[column];
    std::string name = path.name.empty() ? "col" + std::to_string(column + 1) : path.name;
    if (path.member.empty()) {
      name = taken.add(name);
      Item item;
      item.column = column;
      item.key = "," + json_quote(name) + ":";
      items_.push_back(std::move(item));
      column_fields_[column] = name;
      continue;
    }
    auto found = object_items.find(name);
    if (found == object_items.end()) {
      std::string object_name = taken.add(name);
      Item item;
      item.key = "," + json_quote(object_name) + ":";
      found = object_items.emplace(name, items_.size()).first;
      items_.push_back(std::move(item));
    }
    std::string member = object_members[name].add(path.member);
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
