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

namespace ondemand = simdjson::ondemand;

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
    "不详", "未知", "不明", "无", "暂无", "空", "无名氏", "unknown", "n/a", "na",
    "none", "null", "nil", "-", "--", "?"};

bool is_placeholder(std::string_view folded) {
  return folded.empty() || std::find(kPlaceholders.begin(), kPlaceholders.end(), folded) != kPlaceholders.end();
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
  return {{"name", FieldKind::kName},         {"sex", FieldKind::kSex},
          {"birth_date", FieldKind::kDate},   {"missing_date", FieldKind::kDate},
          {"missing_place", FieldKind::kPlace}, {"id_number", FieldKind::kIdNumber},
          {"phone", FieldKind::kPhone},       {"reporter.name", FieldKind::kName},
          {"reporter.relation", FieldKind::kRole}, {"reporter.phone", FieldKind::kPhone},
          {"seen_date", FieldKind::kDate},    {"seen_place", FieldKind::kPlace},
          {"role", FieldKind::kRole},         {"collected", FieldKind::kDate},
          {"loci", FieldKind::kLoci}};
}

void set_field_rule(std::vector<FieldRule>& rules, FieldRule rule) {
  auto existing = std::find_if(rules.begin(), rules.end(), [&](const FieldRule& r) { return r.path == rule.path; });
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

struct NormEntry {
  std::string path;  // "reporter.phone_type"
  std::string json;
};

struct Flag {
  std::string field;
  std::string_view code;
  std::string detail;
};

// The `norm` object from dotted paths, members in the order first written.
struct NormNode {
  std::string name;
  std::string json;  // a leaf's value
  std::vector<NormNode> children;
};

void insert(NormNode& root, std::string_view path, std::string json) {
  NormNode* node = &root;
  for (;;) {
    std::size_t dot = path.find('.');
    std::string_view part = path.substr(0, dot);
    auto child = std::find_if(node->children.begin(), node->children.end(),
                              [&](const NormNode& n) { return n.name == part; });
    if (child == node->children.end()) {
      node->children.push_back(NormNode{std::string(part), {}, {}});
      child = node->children.end() - 1;
    }
    node = &*child;
    if (dot == std::string_view::npos) {
      node->json = std::move(json);
      return;
    }
    path.remove_prefix(dot + 1);
  }
}

void write_node(JsonWriter& writer, const NormNode& node) {
  if (node.children.empty()) {
    writer.raw(node.json);
    return;
  }
  writer.begin_object();
  for (const NormNode& child : node.children) {
    writer.key(child.name);
    write_node(writer, child);
  }
  writer.end_object();
}

std::string region_json(const RegionNames& names) {
  std::string out;
  JsonWriter writer(out);
  writer.begin_object();
  writer.field("code", region_code_text(names.code));
  if (!names.province.empty()) writer.field("province", names.province);
  if (!names.city.empty()) writer.field("city", names.city);
  if (!names.county.empty()) writer.field("county", names.county);
  writer.end_object();
  return out;
}

// A scalar's text: a string decoded, a number as written (so 20080512 and 13800138000 keep
// every digit).  nullopt for null; `wrong_type` for booleans, arrays and objects.
std::optional<std::string_view> scalar_text(ondemand::value value, bool& is_number, bool& wrong_type) {
  is_number = wrong_type = false;
  ondemand::json_type type;
  if (value.type().get(type)) return std::nullopt;
  switch (type) {
    case ondemand::json_type::string: {
      std::string_view text;
      if (value.get_string().get(text)) return std::nullopt;
      return text;
    }
    case ondemand::json_type::number: {
      is_number = true;
      std::string_view token = value.raw_json_token();
      while (!token.empty() && (token.back() == ' ' || token.back() == '\n' || token.back() == '\r' || token.back() == '\t')) {
        token.remove_suffix(1);
      }
      return token;
    }
    case ondemand::json_type::null:
      return std::nullopt;
    default:
      wrong_type = true;
      return std::nullopt;
  }
}

}  // namespace

struct RecordNormalizer::Work {
  // Results are collected in the order the record holds its fields and written in the order
  // of the rules, so every record's norm and flags list their members alike.
  struct Entry {
    std::size_t rule;
    std::string path;
    std::string json;
  };
  std::size_t rule = 0;  // the rule being applied
  std::vector<Entry> entries;
  std::vector<std::pair<std::size_t, Flag>> flags;
  std::optional<DateSpan> birth_date;
  std::vector<std::pair<std::string, DateSpan>> event_dates;  // other top-level dates
  std::optional<Sex> sex;
  std::vector<std::pair<std::string, IdNumber>> id_numbers;

  void set(const FieldRule& field_rule, std::string_view suffix, std::string json) {
    entries.push_back(Entry{rule, field_rule.path + std::string(suffix), std::move(json)});
  }
  void flag(const std::string& field, std::string_view code, std::string detail) {
    flags.emplace_back(rule, Flag{field, code, std::move(detail)});
  }
};

RecordNormalizer::RecordNormalizer(const NormalizeContext& context)
    : context_(context), dates_(text_, context.options.date_order), phones_(context.options.phone_region) {}

RecordNormalizer::~RecordNormalizer() = default;

void RecordNormalizer::apply(const FieldRule& rule, ondemand::value value, Work& work) {
  const bool top_level = rule.path.find('.') == std::string::npos;
  if (rule.kind == FieldKind::kLoci) {
    ondemand::object object;
    if (value.get_object().get(object)) {
      work.flag(rule.path, "wrong_type", "expected an object of loci");
      return;
    }
    std::vector<RawLocus> raw;
    for (auto member : object) {
      std::string_view key;
      if (member.unescaped_key().get(key)) continue;
      RawLocus locus;
      locus.name = std::string(key);
      ondemand::value alleles = member.value();
      ondemand::array array;
      if (alleles.get_array().get(array) == simdjson::SUCCESS) {
        for (auto element : array) {
          bool is_number = false, wrong_type = false;
          ondemand::value item;
          if (element.get(item)) continue;
          if (auto text = scalar_text(item, is_number, wrong_type)) locus.alleles.emplace_back(*text);
        }
      } else {
        bool is_number = false, wrong_type = false;
        if (auto text = scalar_text(alleles, is_number, wrong_type)) {
          locus.alleles.emplace_back(*text);
          locus.from_text = true;
        }
      }
      raw.push_back(std::move(locus));
    }
    NormalizedProfile profile = normalize_profile(raw);
    for (auto& problem : profile.problems) work.flag(rule.path, problem.code, std::move(problem.detail));
    work.set(rule, "", profile_json(profile));
    return;
  }

  if (rule.kind == FieldKind::kPlace) {
    // A place already split by ingest: {"text": ..., "region_code": ...}.
    ondemand::object object;
    if (value.get_object().get(object) == simdjson::SUCCESS) {
      std::string_view code_text, place_text;
      std::optional<PlaceResult> result;
      if (object.find_field_unordered("region_code").get_string().get(code_text) == simdjson::SUCCESS &&
          code_text.size() == 6 && std::all_of(code_text.begin(), code_text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        result = context_.places->from_code(static_cast<RegionCode>(std::stoul(std::string(code_text))));
      } else if (object.find_field_unordered("text").get_string().get(place_text) == simdjson::SUCCESS &&
                 !is_placeholder(text_.fold(place_text))) {
        result = context_.places->resolve(text_, place_text);
      }
      if (!result) return;
      if (!result->problem.empty()) work.flag(rule.path, result->problem, std::move(result->detail));
      if (result->region.code) work.set(rule, "", region_json(result->region));
      return;
    }
  }

  bool is_number = false, wrong_type = false;
  auto raw = scalar_text(value, is_number, wrong_type);
  if (wrong_type) {
    work.flag(rule.path, "wrong_type", "expected text or a number");
    return;
  }
  if (!raw) return;
  // Placeholders are short: longer values are not folded twice.
  if (rule.kind != FieldKind::kSex && rule.kind != FieldKind::kRole &&
      (raw->empty() || (raw->size() <= 12 && is_placeholder(text_.fold(*raw))))) {
    return;
  }

  switch (rule.kind) {
    case FieldKind::kText:
      work.set(rule, "", json_quote(text_.fold(*raw)));
      break;
    case FieldKind::kName: {
      NormalizedName name = normalize_name(text_, *raw);
      work.set(rule, "", json_quote(name.folded));
      if (!name.pinyin.empty()) work.set(rule, "_pinyin", json_quote(name.pinyin));
      break;
    }
    case FieldKind::kDate: {
      DateResult result = dates_.parse(*raw, is_number);
      if (!result.date) {
        work.flag(rule.path, result.problem, std::move(result.detail));
        break;
      }
      work.set(rule, "", json_quote(result.date->iso()));
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
      auto sex = parse_sex(text_, *raw);
      if (!sex) {
        work.flag(rule.path, "bad_sex", "not a way of writing a sex");
        break;
      }
      work.set(rule, "", json_quote(sex_code(*sex)));
      if (top_level && rule.path == "sex") work.sex = sex;
      break;
    }
    case FieldKind::kIdNumber: {
      IdNumberResult result = parse_id_number(text_.clean(*raw));
      if (!result.id) {
        work.flag(rule.path, result.problem, std::move(result.detail));
        break;
      }
      const IdNumber& id = *result.id;
      work.set(rule, "", json_quote(id.number));
      work.set(rule, "_birth_date", json_quote(id.birth_date.iso()));
      work.set(rule, "_sex", json_quote(sex_code(id.sex)));
      if (context_.regions.find(id.region)) {
        work.set(rule, "_region", region_json(context_.regions.names(id.region)));
      } else {
        work.flag(rule.path, "unknown_id_region", "the region code in the number is in no GB/T 2260 list");
      }
      if (id.birth_date.earliest() > context_.options.today.earliest()) {
        work.flag(rule.path, "impossible_date", "the birth date in the number is after today");
      }
      if (top_level) work.id_numbers.emplace_back(rule.path, id);
      break;
    }
    case FieldKind::kPhone: {
      PhoneResult result = phones_.parse(text_, *raw);
      if (!result.e164) {
        work.flag(rule.path, result.problem, std::move(result.detail));
        break;
      }
      work.set(rule, "", json_quote(*result.e164));
      work.set(rule, "_type", json_quote(result.type));
      if (!result.extension.empty()) work.set(rule, "_ext", json_quote(result.extension));
      if (result.more_numbers) work.flag(rule.path, "several_values", "several numbers; the first was normalized");
      break;
    }
    case FieldKind::kPlace: {
      PlaceResult result = context_.places->resolve(text_, *raw);
      if (!result.problem.empty()) work.flag(rule.path, result.problem, std::move(result.detail));
      if (result.region.code) work.set(rule, "", region_json(result.region));
      break;
    }
    case FieldKind::kRole: {
      auto role = canonical_role(text_, *raw);
      if (!role) {
        work.flag(rule.path, "bad_role", "not a role or relation reunite knows");
        break;
      }
      work.set(rule, "", json_quote(*role));
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
      if (date.latest() < work.birth_date->earliest()) work.flag(path, "impossible_date", "before birth_date");
    }
  }
  for (const auto& [path, id] : work.id_numbers) {
    if (work.birth_date) {
      int born = id.birth_date.earliest();
      if (born < work.birth_date->earliest() || born > work.birth_date->latest()) {
        work.flag(path, "id_birth_mismatch", "the birth date in the number differs from birth_date");
      }
    }
    if (work.sex && *work.sex != Sex::kUnknown && *work.sex != id.sex) {
      work.flag(path, "id_sex_mismatch", "the sex digit of the number differs from sex");
    }
  }
}

// One pass over the record: each member is matched against the rules (a rule "a.b" descends
// into the object "a").  Looking each rule's field up instead rescans the record per rule.
void RecordNormalizer::visit(ondemand::object object, std::string_view prefix, Work& work) {
  const auto& rules = context_.options.fields;
  for (auto member : object) {
    std::string_view key;
    if (member.unescaped_key().get(key)) return;
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
        apply(rules[i], member.value(), work);
        descend = false;
        break;
      }
      descend = descend || rest.front() == '.';
    }
    if (descend) {
      ondemand::object inner;
      if (member.value().get_object().get(inner) == simdjson::SUCCESS) {
        std::string inner_prefix(prefix);
        inner_prefix.append(key).push_back('.');
        visit(inner, inner_prefix, work);
      }
    }
  }
}

void RecordNormalizer::normalize(const RecordText& record, std::string& out,
                                 std::vector<std::string_view>& flag_codes) {
  Work work;
  simdjson::padded_string_view view(record.json.data(), record.json.size(), record.json.capacity());
  ondemand::document document;
  // The reader validated the record: it parses.  Should it not, the record passes unchanged.
  if (parser_.iterate(view).get(document)) {
    out = record.json;
    return;
  }
  ondemand::object object;
  if (document.get_object().get(object) == simdjson::SUCCESS) visit(object, "", work);
  work.rule = context_.options.fields.size();  // cross-field flags come last
  check_across_fields(work);

  std::stable_sort(work.entries.begin(), work.entries.end(),
                   [](const Work::Entry& a, const Work::Entry& b) { return a.rule < b.rule; });
  std::stable_sort(work.flags.begin(), work.flags.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  NormNode norm;
  for (auto& entry : work.entries) insert(norm, entry.path, std::move(entry.json));
  std::string norm_json;
  JsonWriter norm_writer(norm_json);
  if (norm.children.empty()) {
    norm_json = "{}";
  } else {
    write_node(norm_writer, norm);
  }
  std::string flags_json;
  if (!work.flags.empty()) {
    JsonWriter writer(flags_json);
    writer.begin_array();
    for (const auto& [rule, flag] : work.flags) {
      writer.begin_object();
      writer.field("field", flag.field);
      writer.field("code", flag.code);
      writer.field("detail", flag.detail);
      writer.end_object();
      flag_codes.push_back(flag.code);
    }
    writer.end_array();
  }
  splice_norm_and_flags(record, norm_json, flags_json, out);
}

// ---------------------------------------------------------------------------------------------
// Splicing

void splice_norm_and_flags(const RecordText& record, std::string_view norm_json,
                           std::string_view flags_json, std::string& out) {
  // RecordEditor does this for a live Record; a RecordText has outlived the reader's buffer.
  const std::string& json = record.json;
  struct Edit {
    std::size_t begin, end;
    std::string text;
  };
  std::vector<Edit> edits;
  std::string appended;
  auto member_text = [](std::string_view key, std::string_view value) {
    std::string text;
    append_json_string(text, key);
    text += ':';
    text += value;
    return text;
  };
  auto handle = [&](const std::optional<RecordText::Member>& member, std::string_view key, std::string_view value) {
    if (member && !value.empty()) {
      edits.push_back({member->value_begin, member->value_end, std::string(value)});
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
      edits.push_back({begin, end, {}});
    } else if (!value.empty()) {
      appended += ',';
      appended += member_text(key, value);
    }
  };
  handle(record.norm, "norm", norm_json);
  handle(record.flags, "flags", flags_json);
  std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
  out.clear();
  std::size_t at = 0;
  for (const Edit& edit : edits) {
    out.append(json, at, edit.begin - at);
    out += edit.text;
    at = edit.end;
  }
  std::size_t close = json.rfind('}');
  out.append(json, at, close - at);
  if (!appended.empty()) {
    // "{}" has no member for the comma to follow.
    std::size_t last = out.find_last_not_of(" \t\r\n");
    if (last != std::string::npos && out[last] == '{') appended.erase(0, 1);
    out += appended;
  }
  out.append(json, close, std::string::npos);
}

}  // namespace reunite::normalize
