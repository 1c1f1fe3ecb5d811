#include "record_normalizer.h"

#include <reunite/json.h>

#include <algorithm>
#include <array>

#include "dna_profile.h"
#include "id_number.h"
#include "person_name.h"
#include "role.h"
#include "sex.h"

namespace reunite::normalize {

// ---------------------------------------------------------------------------------------------
// Field rules

namespace {

struct KindName {
  FieldKind kind;
  std::string_view name;
};
constexpr std::array<KindName, 9> kKindNames = {{{FieldKind::kText, "text"},
                                                 {FieldKind::kName, "name"},
                                                 {FieldKind::kDate, "date"},
                                                 {FieldKind::kSex, "sex"},
                                                 {FieldKind::kIdNumber, "id_number"},
                                                 {FieldKind::kPhone, "phone"},
                                                 {FieldKind::kPlace, "place"},
                                                 {FieldKind::kRole, "role"},
                                                 {FieldKind::kLoci, "loci"}}};

// Cells that say "no value": treated as absent, not as a value to normalize (sex and role
// have their own words for unknown).
constexpr std::array<std::string_view, 16> kPlaceholders = {
    "不详", "未知", "不明", "无",   "暂无", "空", "无名氏", "unknown",
    "n/a",  "na",   "none", "null", "nil",  "-",  "--",     "?"};

bool is_placeholder(std::string_view folded) {
  return folded.empty() ||
         std::find(kPlaceholders.begin(), kPlaceholders.end(), folded) != kPlaceholders.end();
}

}  // namespace

const std::vector<std::string_view> kFieldKindNames = [] {
  std::vector<std::string_view> names;
  for (const auto& entry : kKindNames) names.push_back(entry.name);
  return names;
}();

std::optional<FieldKind> field_kind_from_name(std::string_view name) {
  for (const auto& entry : kKindNames) {
    if (entry.name == name) return entry.kind;
  }
  return std::nullopt;
}

std::string_view field_kind_name(FieldKind kind) {
  for (const auto& entry : kKindNames) {
    if (entry.kind == kind) return entry.name;
  }
  return "text";
}

std::vector<FieldRule> default_field_rules() {
  return {{"name", FieldKind::kName},
          {"sex", FieldKind::kSex},
          {"birth_date", FieldKind::kDate},
          {"missing_date", FieldKind::kDate},
          {"missing_place", FieldKind::kPlace},
          {"id_number", FieldKind::kIdNumber},
          {"phone", FieldKind::kPhone},
          {"reporter.name", FieldKind::kName},
          {"reporter.relation", FieldKind::kRole},
          {"reporter.phone", FieldKind::kPhone},
          {"seen_date", FieldKind::kDate},
          {"seen_place", FieldKind::kPlace},
          {"role", FieldKind::kRole},
          {"collected", FieldKind::kDate},
          {"loci", FieldKind::kLoci}};
}

void set_field_rule(std::vector<FieldRule>& rules, FieldRule rule) {
  auto existing = std::find_if(rules.begin(), rules.end(),
                               [&](const FieldRule& r) { return r.path == rule.path; });
  if (existing != rules.end()) {
    existing->kind = rule.kind;
  } else {
    rules.push_back(std::move(rule));
  }
}

NormalizeContext::NormalizeContext(NormalizeOptions options_in, const RegionTable& regions_in)
    : options(std::move(options_in)), regions(regions_in) {
  ChineseText text;
  places = std::make_unique<PlaceResolver>(regions, text);
}

// ---------------------------------------------------------------------------------------------
// The work on one record

namespace {

void append_region_json(std::string& out, const RegionNames& names) {
  JsonWriter writer(out);
  writer.begin_object();
  writer.field("code", region_code_text(names.code));
  if (!names.province.empty()) writer.field("province", names.province);
  if (!names.city.empty()) writer.field("city", names.city);
  if (!names.county.empty()) writer.field("county", names.county);
  writer.end_object();
}

// A scalar's text: a string decoded, a number as written (so 20080512 and 13800138000 keep
// every digit).  nullopt for null (and for a string that does not decode); `wrong_type` for
// booleans, arrays and objects.
std::optional<std::string_view> scalar_text(JsonValue value, std::string& scratch, bool& is_number,
                                            bool& wrong_type) {
  is_number = wrong_type = false;
  switch (value.type) {
    case JsonType::kString: {
      std::string_view text;
      if (!json_string_text(value.text, scratch, text)) return std::nullopt;
      return text;
    }
    case JsonType::kNumber:
      is_number = true;
      return value.text;
    case JsonType::kNull:
      return std::nullopt;
    default:
      wrong_type = true;
      return std::nullopt;
  }
}

// "a" + "b" == "c" + "d", without joining them.
bool joined_equal(std::string_view a1, std::string_view a2, std::string_view b1,
                  std::string_view b2) {
  if (a1.size() + a2.size() != b1.size() + b2.size()) return false;
  auto at = [](std::string_view x1, std::string_view x2, std::size_t i) {
    return i < x1.size() ? x1[i] : x2[i - x1.size()];
  };
  for (std::size_t i = 0; i < a1.size() + a2.size(); ++i) {
    if (at(a1, a2, i) != at(b1, b2, i)) return false;
  }
  return true;
}

}  // namespace

struct RecordNormalizer::Work {
  // Results are collected in the order the record holds its fields and written in the order
  // of the rules, so every record's norm and flags list their members alike.  Values are JSON
  // text written straight into `values`; an entry says where its value lies.
  struct Entry {
    std::size_t rule;
    std::string_view suffix;  // "", "_pinyin", "_type", ...: the member is the rule's path + suffix
    std::size_t begin, end;
  };
  struct Flag {
    std::size_t rule;
    std::string_view field;  // a rule's path
    std::string_view code;
    std::string detail;
  };
  struct IdFacts {
    std::string_view path;
    Date birth_date;
    Sex sex;
  };
  // The `norm` object from the entries' dotted paths, members in the order first written.
  struct Node {
    std::string_view name, name_suffix;  // the member's key is name + name_suffix
    std::size_t value_begin = 0, value_end = 0;
    int first_child = -1, last_child = -1, next_sibling = -1;
  };

  std::size_t rule = 0;  // the rule being applied
  std::vector<Entry> entries;
  std::string values;
  std::vector<Flag> flags;
  std::optional<DateSpan> birth_date;
  std::vector<std::pair<std::string_view, DateSpan>> event_dates;  // other top-level dates
  std::optional<Sex> sex;
  std::vector<IdFacts> id_numbers;
  std::vector<Node> nodes;
  std::string key;

  void clear() {
    rule = 0;
    entries.clear();
    values.clear();
    flags.clear();
    birth_date.reset();
    event_dates.clear();
    sex.reset();
    id_numbers.clear();
  }
  // The value written into `values` since `begin` is the member rule path + suffix.
  void set_written(std::string_view suffix, std::size_t begin) {
    entries.push_back(Entry{rule, suffix, begin, values.size()});
  }
  void set_string(std::string_view suffix, std::string_view text) {
    std::size_t begin = values.size();
    append_json_string(values, text);
    set_written(suffix, begin);
  }
  void set_region(std::string_view suffix, const RegionNames& names) {
    std::size_t begin = values.size();
    append_region_json(values, names);
    set_written(suffix, begin);
  }
  void flag(std::string_view field, std::string_view code, std::string detail) {
    flags.push_back(Flag{rule, field, code, std::move(detail)});
  }

  void insert(std::string_view path, std::string_view suffix, std::size_t begin, std::size_t end) {
    int node = 0;
    for (;;) {
      std::size_t dot = path.find('.');
      std::string_view part = path.substr(0, dot);
      std::string_view part_suffix = dot == std::string_view::npos ? suffix : std::string_view();
      int child = nodes[node].first_child;
      while (child >= 0 &&
             !joined_equal(nodes[child].name, nodes[child].name_suffix, part, part_suffix)) {
        child = nodes[child].next_sibling;
      }
      if (child < 0) {
        child = static_cast<int>(nodes.size());
        nodes.push_back(Node{part, part_suffix});
        if (nodes[node].last_child >= 0) {
          nodes[nodes[node].last_child].next_sibling = child;
        } else {
          nodes[node].first_child = child;
        }
        nodes[node].last_child = child;
      }
      node = child;
      if (dot == std::string_view::npos) {
        nodes[node].value_begin = begin;
        nodes[node].value_end = end;
        return;
      }
      path.remove_prefix(dot + 1);
    }
  }

  void write_node(JsonWriter& writer, int node) {
    const Node& n = nodes[node];
    if (n.first_child < 0) {
      writer.raw(std::string_view(values).substr(n.value_begin, n.value_end - n.value_begin));
      return;
    }
    writer.begin_object();
    for (int child = n.first_child; child >= 0; child = nodes[child].next_sibling) {
      if (nodes[child].name_suffix.empty()) {
        writer.key(nodes[child].name);
      } else {
        key.assign(nodes[child].name);
        key += nodes[child].name_suffix;
        writer.key(key);
      }
      write_node(writer, child);
    }
    writer.end_object();
  }
};

RecordNormalizer::RecordNormalizer(const NormalizeContext& context)
    : context_(context),
      dates_(text_, context.options.date_order),
      phones_(context.options.phone_region),
      work_(std::make_unique<Work>()) {}

RecordNormalizer::~RecordNormalizer() = default;

void RecordNormalizer::apply_loci(const FieldRule& rule, JsonValue value, Work& work) {
  if (value.type != JsonType::kObject) {
    work.flag(rule.path, "wrong_type", "expected an object of loci");
    return;
  }
  std::vector<RawLocus> raw;
  JsonObjectScanner object(value.text);
  std::string_view raw_key;
  JsonValue alleles;
  while (object.next(raw_key, alleles)) {
    std::string_view key;
    if (!json_string_text(std::string_view(raw_key.data() - 1, raw_key.size() + 2), unescaped_,
                          key))
      continue;
    RawLocus locus;
    locus.name = std::string(key);
    bool is_number = false, wrong_type = false;
    std::string scratch;
    if (alleles.type == JsonType::kArray) {
      JsonArrayScanner array(alleles.text);
      JsonValue item;
      while (array.next(item)) {
        if (auto text = scalar_text(item, scratch, is_number, wrong_type))
          locus.alleles.emplace_back(*text);
      }
    } else if (auto text = scalar_text(alleles, scratch, is_number, wrong_type)) {
      locus.alleles.emplace_back(*text);
      locus.from_text = true;
    }
    raw.push_back(std::move(locus));
  }
  NormalizedProfile profile = normalize_profile(raw);
  for (auto& problem : profile.problems)
    work.flag(rule.path, problem.code, std::move(problem.detail));
  std::size_t begin = work.values.size();
  work.values += profile_json(profile);
  work.set_written("", begin);
}

// A place already split by ingest: {"text": ..., "region_code": ...}.  False if the value is
// not an object.
bool RecordNormalizer::apply_place_object(const FieldRule& rule, JsonValue value, Work& work) {
  if (value.type != JsonType::kObject) return false;
  // The first member of each name, as simdjson's find_field_unordered finds it.
  std::optional<JsonValue> code_value, text_value;
  JsonObjectScanner object(value.text);
  std::string_view raw_key;
  JsonValue member;
  while (object.next(raw_key, member)) {
    if (raw_key == "region_code" && !code_value) code_value = member;
    if (raw_key == "text" && !text_value) text_value = member;
  }
  std::string_view code_text, place_text;
  std::string code_scratch;
  std::optional<PlaceResult> result;
  if (code_value && code_value->type == JsonType::kString &&
      json_string_text(code_value->text, code_scratch, code_text) && code_text.size() == 6 &&
      std::all_of(code_text.begin(), code_text.end(),
                  [](char c) { return c >= '0' && c <= '9'; })) {
    result =
        context_.places->from_code(static_cast<RegionCode>(std::stoul(std::string(code_text))));
  } else if (text_value && text_value->type == JsonType::kString &&
             json_string_text(text_value->text, unescaped_, place_text)) {
    text_.fold_into(place_text, folded_);
    if (!is_placeholder(folded_)) result = place(folded_);
  }
  if (!result) return true;
  if (!result->problem.empty()) work.flag(rule.path, result->problem, std::move(result->detail));
  if (result->region.code) work.set_region("", result->region);
  return true;
}

const PlaceResult& RecordNormalizer::place(std::string_view folded) {
  auto found = place_cache_.find(std::string(folded));
  if (found != place_cache_.end()) return found->second;
  if (place_cache_.size() >= 100000) place_cache_.clear();
  return place_cache_.emplace(std::string(folded), context_.places->resolve_folded(folded))
      .first->second;
}

void RecordNormalizer::apply(const FieldRule& rule, JsonValue value, Work& work) {
  if (rule.kind == FieldKind::kLoci) {
    apply_loci(rule, value, work);
    return;
  }
  if (rule.kind == FieldKind::kPlace && apply_place_object(rule, value, work)) return;

  bool is_number = false, wrong_type = false;
  auto raw = scalar_text(value, unescaped_, is_number, wrong_type);
  if (wrong_type) {
    work.flag(rule.path, "wrong_type", "expected text or a number");
    return;
  }
  if (!raw) return;
  apply_text(rule, *raw, is_number, work);
}

// Every kind but the ID number reads the folded text: it is folded once, here.
void RecordNormalizer::apply_text(const FieldRule& rule, std::string_view raw, bool is_number,
                                  Work& work) {
  const bool top_level = rule.path.find('.') == std::string::npos;
  if (raw.empty() && rule.kind != FieldKind::kSex && rule.kind != FieldKind::kRole) return;
  const bool folds = rule.kind != FieldKind::kIdNumber || raw.size() <= 12;
  if (folds) text_.fold_into(raw, folded_);
  // Placeholders are short: longer values are not compared.
  if (rule.kind != FieldKind::kSex && rule.kind != FieldKind::kRole && raw.size() <= 12 &&
      is_placeholder(folded_)) {
    return;
  }
  const std::string& folded = folded_;

  switch (rule.kind) {
    case FieldKind::kText:
      work.set_string("", folded);
      break;
    case FieldKind::kName: {
      NormalizedName name = normalize_name(text_, raw, folded);
      work.set_string("", name.folded);
      if (!name.pinyin.empty()) work.set_string("_pinyin", name.pinyin);
      break;
    }
    case FieldKind::kDate: {
      DateResult result = dates_.parse_folded(folded, is_number);
      if (!result.date) {
        work.flag(rule.path, result.problem, std::move(result.detail));
        break;
      }
      std::size_t begin = work.values.size();
      work.values += '"';
      result.date->append_iso(work.values);
      work.values += '"';
      work.set_written("", begin);
      if (top_level && rule.path == "birth_date") {
        work.birth_date = result.date;
      } else if (top_level) {
        work.event_dates.emplace_back(rule.path, *result.date);
      }
      if (result.date->earliest() > context_.options.today.earliest()) {
        work.flag(rule.path, "impossible_date", "after today (see --today)");
      }
      break;
    }
    case FieldKind::kSex: {
      auto sex = parse_folded_sex(folded);
      if (!sex) {
        work.flag(rule.path, "bad_sex", "not a way of writing a sex");
        break;
      }
      work.set_string("", sex_code(*sex));
      if (top_level && rule.path == "sex") work.sex = sex;
      break;
    }
    case FieldKind::kIdNumber: {
      IdNumberResult result = parse_id_number(text_.clean(raw));
      if (!result.id) {
        work.flag(rule.path, result.problem, std::move(result.detail));
        break;
      }
      const IdNumber& id = *result.id;
      work.set_string("", id.number);
      std::size_t begin = work.values.size();
      work.values += '"';
      id.birth_date.append_iso(work.values);
      work.values += '"';
      work.set_written("_birth_date", begin);
      work.set_string("_sex", sex_code(id.sex));
      if (context_.regions.find(id.region)) {
        work.set_region("_region", context_.regions.names(id.region));
      } else {
        work.flag(rule.path, "unknown_id_region",
                  "the region code in the number is in no GB/T 2260 list");
      }
      if (id.birth_date.earliest() > context_.options.today.earliest()) {
        work.flag(rule.path, "impossible_date", "the birth date in the number is after today");
      }
      if (top_level) work.id_numbers.push_back(Work::IdFacts{rule.path, id.birth_date, id.sex});
      break;
    }
    case FieldKind::kPhone: {
      PhoneResult result = phones_.parse_folded(folded);
      if (!result.e164) {
        work.flag(rule.path, result.problem, std::move(result.detail));
        break;
      }
      work.set_string("", *result.e164);
      work.set_string("_type", result.type);
      if (!result.extension.empty()) work.set_string("_ext", result.extension);
      if (result.more_numbers)
        work.flag(rule.path, "several_values", "several numbers; the first was normalized");
      break;
    }
    case FieldKind::kPlace: {
      const PlaceResult& result = place(folded);
      if (!result.problem.empty()) work.flag(rule.path, result.problem, result.detail);
      if (result.region.code) work.set_region("", result.region);
      break;
    }
    case FieldKind::kRole: {
      auto role = parse_folded_role(folded);
      if (!role) {
        work.flag(rule.path, "bad_role", "not a role or relation reunite knows");
        break;
      }
      work.set_string("", *role);
      break;
    }
    case FieldKind::kLoci:
      break;
  }
}

// The child's own facts must agree: no event before birth, and an ID number's birth date and
// sex match the record's.
void RecordNormalizer::check_across_fields(Work& work) {
  if (work.birth_date) {
    for (const auto& [path, date] : work.event_dates) {
      if (date.latest() < work.birth_date->earliest())
        work.flag(path, "impossible_date", "before birth_date");
    }
  }
  for (const auto& id : work.id_numbers) {
    if (work.birth_date) {
      int born = id.birth_date.earliest();
      if (born < work.birth_date->earliest() || born > work.birth_date->latest()) {
        work.flag(id.path, "id_birth_mismatch",
                  "the birth date in the number differs from birth_date");
      }
    }
    if (work.sex && *work.sex != Sex::kUnknown && *work.sex != id.sex) {
      work.flag(id.path, "id_sex_mismatch", "the sex digit of the number differs from sex");
    }
  }
}

// One pass over the record: each member is matched against the rules (a rule "a.b" descends
// into the object "a").  Looking each rule's field up instead rescans the record per rule.
void RecordNormalizer::visit(std::string_view object_text, std::string_view prefix, Work& work) {
  const auto& rules = context_.options.fields;
  JsonObjectScanner object(object_text);
  std::string_view raw_key;
  JsonValue value;
  std::string key_scratch;
  while (object.next(raw_key, value)) {
    std::string_view key = raw_key;
    if (key.find('\\') != std::string_view::npos &&
        !json_string_text(std::string_view(raw_key.data() - 1, raw_key.size() + 2), key_scratch,
                          key)) {
      return;
    }
    bool descend = false;
    for (std::size_t i = 0; i < rules.size(); ++i) {
      std::string_view path = rules[i].path;
      if (path.size() < prefix.size() + key.size() || !path.starts_with(prefix) ||
          path.substr(prefix.size(), key.size()) != key) {
        continue;
      }
      std::string_view rest = path.substr(prefix.size() + key.size());
      if (rest.empty()) {
        work.rule = i;
        apply(rules[i], value, work);
        descend = false;
        break;
      }
      descend = descend || rest.front() == '.';
    }
    if (descend && value.type == JsonType::kObject) {
      std::string inner_prefix(prefix);
      inner_prefix.append(key).push_back('.');
      visit(value.text, inner_prefix, work);
    }
  }
}

void RecordNormalizer::write_norm(Work& work, std::string& norm_json) {
  const auto& rules = context_.options.fields;
  work.nodes.clear();
  work.nodes.push_back(Work::Node{});
  for (const auto& entry : work.entries) {
    std::string_view path =
        entry.rule < rules.size() ? std::string_view(rules[entry.rule].path) : std::string_view();
    work.insert(path, entry.suffix, entry.begin, entry.end);
  }
  norm_json.clear();
  if (work.nodes[0].first_child < 0) {
    norm_json = "{}";
    return;
  }
  JsonWriter writer(norm_json);
  work.write_node(writer, 0);
}

void RecordNormalizer::normalize(const RecordText& record, std::string& out,
                                 std::vector<std::string_view>& flag_codes) {
  Work& work = *work_;
  work.clear();
  std::string_view json = record.json;
  std::size_t first = json.find_first_not_of(" \t\r\n");
  // The reader validated the record: it is an object.  Should it not be, it passes unchanged.
  if (first == std::string_view::npos || json[first] != '{') {
    out = record.json;
    return;
  }
  visit(json, "", work);
  work.rule = context_.options.fields.size();  // cross-field flags come last
  check_across_fields(work);

  std::stable_sort(work.entries.begin(), work.entries.end(),
                   [](const Work::Entry& a, const Work::Entry& b) { return a.rule < b.rule; });
  std::stable_sort(work.flags.begin(), work.flags.end(),
                   [](const Work::Flag& a, const Work::Flag& b) { return a.rule < b.rule; });
  write_norm(work, norm_json_);
  flags_json_.clear();
  if (!work.flags.empty()) {
    JsonWriter writer(flags_json_);
    writer.begin_array();
    for (const auto& flag : work.flags) {
      writer.begin_object();
      writer.field("field", flag.field);
      writer.field("code", flag.code);
      writer.field("detail", flag.detail);
      writer.end_object();
      flag_codes.push_back(flag.code);
    }
    writer.end_array();
  }
  splice_norm_and_flags(record, norm_json_, flags_json_, out);
}

// ---------------------------------------------------------------------------------------------
// Splicing

void splice_norm_and_flags(const RecordText& record, std::string_view norm_json,
                           std::string_view flags_json, std::string& out) {
  // RecordEditor does this for a live Record; a RecordText has outlived the reader's buffer.
  // At most two edits (norm, flags), applied in the order they sit in the record.
  std::string_view json = record.json;
  struct Edit {
    std::size_t begin = 0, end = 0;
    std::string_view text;
  };
  std::array<Edit, 2> edits;
  std::size_t edit_count = 0;
  std::array<std::pair<std::string_view, std::string_view>, 2> appended;  // key, value
  std::size_t append_count = 0;
  auto handle = [&](const std::optional<RecordText::Member>& member, std::string_view key,
                    std::string_view value) {
    if (member && !value.empty()) {
      edits[edit_count++] = Edit{member->value_begin, member->value_end, value};
    } else if (member) {
      // Remove the member and one comma next to it.
      std::size_t begin = member->begin, end = member->value_end;
      std::size_t before = begin;
      while (before > 0 && (json[before - 1] == ' ' || json[before - 1] == '\t')) --before;
      if (before > 0 && json[before - 1] == ',') {
        begin = before - 1;
      } else {
        std::size_t after = end;
        while (after < json.size() && (json[after] == ' ' || json[after] == '\t')) ++after;
        if (after < json.size() && json[after] == ',') end = after + 1;
      }
      edits[edit_count++] = Edit{begin, end, {}};
    } else if (!value.empty()) {
      appended[append_count++] = {key, value};
    }
  };
  handle(record.norm, "norm", norm_json);
  handle(record.flags, "flags", flags_json);
  if (edit_count == 2 && edits[1].begin < edits[0].begin) std::swap(edits[0], edits[1]);
  out.clear();
  out.reserve(json.size() + norm_json.size() + flags_json.size() + 20);
  std::size_t at = 0;
  for (std::size_t i = 0; i < edit_count; ++i) {
    out.append(json, at, edits[i].begin - at);
    out += edits[i].text;
    at = edits[i].end;
  }
  std::size_t close = json.rfind('}');
  out.append(json, at, close - at);
  if (append_count > 0) {
    // "{}" has no member for the comma to follow.
    std::size_t last = out.find_last_not_of(" \t\r\n");
    bool first_member = last != std::string::npos && out[last] == '{';
    for (std::size_t i = 0; i < append_count; ++i) {
      if (!first_member) out += ',';
      first_member = false;
      append_json_string(out, appended[i].first);
      out += ':';
      out += appended[i].second;
    }
  }
  out.append(json, close, std::string::npos);
}

}  // namespace reunite::normalize
