#include "record_pseudonymizer.h"

#include <reunite/error.h>
#include <reunite/json.h>
#include <reunite/record_stream.h>
#include <reunite/text.h>

#include <algorithm>
#include <array>

namespace reunite::pseudonymize {

using simdjson::ondemand::json_type;

// The paths to visit, as a tree of member names.
struct RecordPseudonymizer::PlanNode {
  enum class Action {
    descend,     // an object (or array of objects) holding members to visit
    raw,         // the source value: its token (from the normalized form when there is one)
    norm_main,   // norm.<path>: the normalized form, whose token the raw value shares
    norm_other,  // norm.<path>_pinyin: tokenized alike, on its own
    derived,     // norm.<id>_birth_date etc.: removed
    drop,        // --drop: removed
    keep,        // --keep: left as it is, on purpose
  };
  Action action = Action::descend;
  std::size_t index = 0;  // the rule (raw, norm_*) or drop path (drop)
  std::vector<std::pair<std::string, std::unique_ptr<PlanNode>>> children;

  const PlanNode* find(std::string_view key) const {
    for (const auto& [name, child] : children)
      if (name == key) return child.get();
    return nullptr;
  }
  PlanNode& find_or_add(std::string_view key) {
    for (auto& [name, child] : children)
      if (name == key) return *child;
    return *children.emplace_back(std::string(key), std::make_unique<PlanNode>()).second;
  }
};

namespace {

using PlanNode = RecordPseudonymizer::PlanNode;
using Action = PlanNode::Action;

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  for (std::size_t at = 0;;) {
    std::size_t dot = path.find('.', at);
    parts.emplace_back(path.substr(at, dot - at));
    if (dot == std::string_view::npos) return parts;
    at = dot + 1;
  }
}

std::string join_path(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : ".") + part;
  return out;
}

bool valid_path(std::string_view path) {
  if (path.empty() || path.front() == '.' || path.back() == '.') return false;
  return path.find("..") == std::string_view::npos;
}

// Members reunite-normalize writes beside norm.<path> (see reunite-records(5)).
constexpr std::array<std::string_view, 6> kNormSuffixes = {"_pinyin",     "_type", "_ext",
                                                           "_birth_date", "_sex",  "_region"};

// Adds a visit of `parts` to the plan; throws UsageError when it lies inside another visit
// (or another inside it), since one of the two could not be honoured.
void add_to_plan(PlanNode& root, const std::vector<std::string>& parts, Action action,
                 std::size_t index, const std::string& option) {
  auto overlap = [&] {
    return UsageError(option + ": overlaps another --field, --drop or --keep (" + join_path(parts) +
                      ")");
  };
  PlanNode* node = &root;
  for (const std::string& part : parts) {
    if (node->action != Action::descend) throw overlap();
    node = &node->find_or_add(part);
  }
  if (node->action != Action::descend || !node->children.empty()) throw overlap();
  node->action = action;
  node->index = index;
}

std::vector<std::string> norm_path(std::vector<std::string> parts, std::string_view suffix = {}) {
  parts.back() += suffix;
  parts.insert(parts.begin(), "norm");
  return parts;
}

// The length of a key as written, from just after its opening quote (the JSON is valid).
std::string_view raw_key_text(const char* start) {
  std::size_t length = 0;
  while (start[length] != '"') length += start[length] == '\\' ? 2 : 1;
  return std::string_view(start, length);
}

constexpr std::string_view kMalformed = "malformed JSON";

}  // namespace

std::vector<FieldRule> default_field_rules() {
  return {{"name", ValueKind::name},
          {"id_number", ValueKind::id_number},
          {"phone", ValueKind::phone},
          {"reporter.name", ValueKind::name},
          {"reporter.phone", ValueKind::phone}};
}

FieldRule parse_field_rule(std::string_view text) {
  std::size_t equals = text.rfind('=');
  std::string_view path = text.substr(0, equals);
  FieldRule rule{std::string(path), ValueKind::text};
  if (equals != std::string_view::npos) {
    auto kind = value_kind_from_name(text.substr(equals + 1));
    if (!kind)
      throw UsageError("--field '" + std::string(text) + "': KIND is one of " +
                       std::string(kValueKindNames));
    rule.kind = *kind;
  }
  if (!valid_path(path))
    throw UsageError("--field '" + std::string(text) +
                     "': give PATH or PATH=KIND, e.g. mother.phone=phone");
  return rule;
}

void set_field_rule(std::vector<FieldRule>& rules, FieldRule rule) {
  auto same = std::find_if(rules.begin(), rules.end(),
                           [&](const FieldRule& r) { return r.path == rule.path; });
  if (same == rules.end()) {
    rules.push_back(std::move(rule));
  } else {
    *same = std::move(rule);
  }
}

// Walks a record along the plan.  Without an output it only gathers the normalized values
// (first pass); with one it writes the record with tokens in place (second pass).
class PlanWalker {
 public:
  PlanWalker(RecordPseudonymizer& owner, std::string* out) : owner_(owner), out_(out) {}

  std::optional<std::string> root(simdjson::ondemand::document& document) {
    simdjson::ondemand::object object;
    if (document.get_object().get(object)) return std::string(kMalformed);
    return walk_object(object, *owner_.plan_, true);
  }

 private:
  std::optional<std::string> walk_object(simdjson::ondemand::object object, const PlanNode& node,
                                         bool is_root) {
    if (out_) out_->push_back('{');
    bool first = true;
    for (auto member : object) {
      simdjson::ondemand::field field;
      if (std::move(member).get(field)) return std::string(kMalformed);
      std::string_view raw_key = raw_key_text(field.key().raw());
      std::string_view key = raw_key;
      if (raw_key.find('\\') != std::string_view::npos && field.unescaped_key().get(key))
        return std::string(kMalformed);
      if (is_root && key == "pseudonymized")
        return std::string("already pseudonymized (pseudonymize the original records instead)");
      if (is_root && key == "norm") saw_norm_ = true;
      const PlanNode* child = node.find(key);
      if (!out_ && (!child || child->action == Action::keep || (is_root && key != "norm")))
        continue;
      if (child && (child->action == Action::derived || child->action == Action::drop)) {
        if (!out_) continue;
        ++owner_.counts_.removed;
        if (child->action == Action::drop) owner_.dropped_[child->index] = true;
        continue;
      }
      if (out_) {
        if (!first) out_->push_back(',');
        first = false;
        out_->push_back('"');
        out_->append(raw_key);
        out_->append("\":");
      }
      simdjson::ondemand::value value = field.value();
      std::size_t path_size = path_.size();
      path_.append(path_.empty() ? "" : ".").append(key);
      if (child && child->action == Action::keep) owner_.kept_[child->index] = true;
      std::optional<std::string> error =
          child && child->action != Action::keep ? walk_member(value, *child) : pass_through(value);
      path_.resize(path_size);
      if (error) return error;
    }
    if (is_root && out_) append_marker(first);
    if (out_) out_->push_back('}');
    return std::nullopt;
  }

  std::optional<std::string> walk_member(simdjson::ondemand::value value, const PlanNode& node) {
    json_type type;
    if (value.type().get(type)) return std::string(kMalformed);
    if (node.action != Action::descend) return leaf(value, type, node);
    switch (type) {
      case json_type::object: {
        simdjson::ondemand::object object;
        if (value.get_object().get(object)) return std::string(kMalformed);
        return walk_object(object, node, false);
      }
      case json_type::array: {
        // A list of objects (several reporters, say): each is visited.
        simdjson::ondemand::array array;
        if (value.get_array().get(array)) return std::string(kMalformed);
        if (out_) out_->push_back('[');
        bool first = true;
        for (auto element : array) {
          simdjson::ondemand::value item;
          json_type item_type;
          if (std::move(element).get(item) || item.type().get(item_type))
            return std::string(kMalformed);
          if (out_ && !first) out_->push_back(',');
          first = false;
          if (item_type == json_type::null) {
            if (out_) out_->append("null");
            continue;
          }
          simdjson::ondemand::object object;
          if (item_type != json_type::object) return not_an_object();
          if (item.get_object().get(object)) return std::string(kMalformed);
          ++in_list_;
          std::optional<std::string> error = walk_object(object, node, false);
          --in_list_;
          if (error) return error;
        }
        if (out_) out_->push_back(']');
        return std::nullopt;
      }
      case json_type::null:
        if (out_) out_->append("null");
        return std::nullopt;
      default:
        return not_an_object();
    }
  }

  std::optional<std::string> not_an_object() const {
    return path_ + ": not an object, so the members to pseudonymize cannot be found in it";
  }

  std::optional<std::string> leaf(simdjson::ondemand::value value, json_type type,
                                  const PlanNode& node) {
    const FieldRule& rule = owner_.rules_[node.index];
    switch (type) {
      case json_type::string:
      case json_type::number: {
        std::string_view text;
        if (scalar_text(value, type, text)) return std::string(kMalformed);
        if (!out_) {
          auto& normalized = owner_.normalized_[node.index];
          if (node.action == Action::norm_main && !normalized && in_list_ == 0)
            normalized = RecordPseudonymizer::NormalizedValue{canonical_value(rule.kind, text), {}};
          return std::nullopt;
        }
        // A value in a list of objects (one of several reporters) cannot be told which
        // normalized form is its own: it is made a token of its own canonical form.
        const auto& normalized = owner_.normalized_[node.index];
        if (node.action == Action::raw && normalized && in_list_ == 0) {
          write_token(rule, node, normalized->canonical);
        } else {
          if (node.action == Action::raw) ++owner_.counts_.without_norm;
          write_token(rule, node, canonical_value(rule.kind, text));
        }
        return std::nullopt;
      }
      case json_type::boolean:
      case json_type::null:
        return pass_through(value);
      case json_type::array:
        return leaf_array(value, rule, node);
      case json_type::object:
        return path_ +
               ": an object where a value was expected (pseudonymize its members with --field " +
               path_ + ".MEMBER, or remove it with --drop " + path_ + ")";
    }
    return std::string(kMalformed);
  }

  // Several values in one field: each gets its own token.
  std::optional<std::string> leaf_array(simdjson::ondemand::value value, const FieldRule& rule,
                                        const PlanNode& node) {
    simdjson::ondemand::array array;
    if (value.get_array().get(array)) return std::string(kMalformed);
    if (out_) out_->push_back('[');
    bool first = true;
    for (auto element : array) {
      simdjson::ondemand::value item;
      json_type type;
      if (std::move(element).get(item) || item.type().get(type)) return std::string(kMalformed);
      if (out_ && !first) out_->push_back(',');
      first = false;
      if (type == json_type::object || type == json_type::array)
        return path_ + ": a list holding lists or objects where values were expected";
      if (type == json_type::null || type == json_type::boolean) {
        if (auto error = pass_through(item)) return error;
        continue;
      }
      std::string_view text;
      if (scalar_text(item, type, text)) return std::string(kMalformed);
      if (!out_) continue;
      if (node.action == Action::raw) ++owner_.counts_.without_norm;
      write_token(rule, node, canonical_value(rule.kind, text));
    }
    if (out_) out_->push_back(']');
    return std::nullopt;
  }

  static bool scalar_text(simdjson::ondemand::value& value, json_type type,
                          std::string_view& text) {
    if (type == json_type::string) return value.get_string().get(text) != simdjson::SUCCESS;
    text = trim_json_whitespace(value.raw_json_token());
    return false;
  }

  void write_token(const FieldRule& rule, const PlanNode& node, std::string_view canonical) {
    auto& normalized = owner_.normalized_[node.index];
    std::string token;
    if (normalized && normalized->canonical == canonical) {
      if (normalized->token.empty()) normalized->token = owner_.tokens_.token(rule.kind, canonical);
      token = normalized->token;
    } else {
      token = owner_.tokens_.token(rule.kind, canonical);
    }
    append_json_string(*out_, token);
    if (token.empty()) return;
    ++owner_.counts_.tokens;
    owner_.tokenized_[node.index] = true;
  }

  std::optional<std::string> pass_through(simdjson::ondemand::value value) {
    if (!out_) return std::nullopt;
    json_type type;
    if (value.type().get(type)) return std::string(kMalformed);
    std::string_view text;
    bool failed = false;
    if (type == json_type::object) {
      simdjson::ondemand::object object;
      failed = value.get_object().get(object) || object.raw_json().get(text);
    } else if (type == json_type::array) {
      simdjson::ondemand::array array;
      failed = value.get_array().get(array) || array.raw_json().get(text);
    } else {
      text = trim_json_whitespace(value.raw_json_token());
    }
    if (failed) return std::string(kMalformed);
    out_->append(text);
    return std::nullopt;
  }

  // "pseudonymized": {"key": ID, "fields": [...], "dropped": [...]} as the last member.
  void append_marker(bool record_empty) {
    if (!record_empty) out_->push_back(',');
    JsonWriter json(*out_);
    json.key("pseudonymized");
    json.begin_object();
    json.field("key", owner_.tokens_.key_id());
    json.key("fields");
    json.begin_array();
    for (std::size_t i = 0; i < owner_.rules_.size(); ++i)
      if (owner_.tokenized_[i]) json.string(owner_.rules_[i].path);
    json.end_array();
    if (std::find(owner_.dropped_.begin(), owner_.dropped_.end(), true) != owner_.dropped_.end()) {
      json.key("dropped");
      json.begin_array();
      for (std::size_t i = 0; i < owner_.drop_paths_.size(); ++i)
        if (owner_.dropped_[i]) json.string(owner_.drop_paths_[i]);
      json.end_array();
    }
    if (std::find(owner_.kept_.begin(), owner_.kept_.end(), true) != owner_.kept_.end()) {
      json.key("kept");
      json.begin_array();
      for (std::size_t i = 0; i < owner_.keep_paths_.size(); ++i)
        if (owner_.kept_[i]) json.string(owner_.keep_paths_[i]);
      json.end_array();
    }
    json.end_object();
  }

 public:
  bool saw_norm_ = false;

 private:
  RecordPseudonymizer& owner_;
  std::string* out_;
  std::string path_;
  int in_list_ = 0;  // lists of objects entered on the way down
};

namespace {

// What the members reunite-normalize writes beside a normalized value say it is.
struct IdentifierSuffix {
  std::string_view suffix;
  std::string_view kind;  // as --field spells it
  std::string_view what;
};
constexpr std::array<IdentifierSuffix, 6> kIdentifierSuffixes = {{
    {"_pinyin", "name", "a name"},
    {"_type", "phone", "a phone number"},
    {"_ext", "phone", "a phone number"},
    {"_birth_date", "id_number", "an ID number"},
    {"_sex", "id_number", "an ID number"},
    {"_region", "id_number", "an ID number"},
}};

// A safety net for a forgotten --field: a field that reunite-normalize treated as a name, phone
// or ID number (norm.X beside norm.X_pinyin, norm.X_type, norm.X_birth_date, ...) but that no
// --field or --drop covers would pass through in clear, so the record is rejected instead.
std::optional<std::string> find_unlisted_identifier(simdjson::ondemand::object object,
                                                    const PlanNode* node, const std::string& path) {
  std::vector<std::string> keys;
  for (auto member : object) {
    simdjson::ondemand::field field;
    std::string_view key;
    if (std::move(member).get(field) || field.unescaped_key().get(key))
      return std::string(kMalformed);
    keys.emplace_back(key);
    const PlanNode* child = node ? node->find(key) : nullptr;
    if (child && child->action != Action::descend) continue;
    simdjson::ondemand::value value = field.value();
    json_type type;
    if (value.type().get(type)) return std::string(kMalformed);
    if (type != json_type::object) continue;
    simdjson::ondemand::object inner;
    if (value.get_object().get(inner)) return std::string(kMalformed);
    if (auto found = find_unlisted_identifier(inner, child, path + "." + keys.back())) return found;
  }
  for (const std::string& key : keys) {
    for (const IdentifierSuffix& suffix : kIdentifierSuffixes) {
      if (!key.ends_with(suffix.suffix)) continue;
      std::string_view base = std::string_view(key).substr(0, key.size() - suffix.suffix.size());
      if (base.empty() || std::find(keys.begin(), keys.end(), base) == keys.end()) continue;
      const PlanNode* covered = node ? node->find(base) : nullptr;
      if (covered && covered->action != Action::descend) continue;
      std::string field =
          (path.size() > 4 ? path.substr(5) + "." : std::string()) + std::string(base);
      return path + "." + std::string(base) + ": reunite-normalize read it as " +
             std::string(suffix.what) + ", and it is not pseudonymized (add --field " + field +
             "=" + std::string(suffix.kind) + ", or --drop " + field + ")";
    }
  }
  return std::nullopt;
}

std::optional<std::string> check_norm(simdjson::ondemand::document& document,
                                      const PlanNode& plan) {
  simdjson::ondemand::object root;
  if (document.get_object().get(root)) return std::string(kMalformed);
  for (auto member : root) {
    simdjson::ondemand::field field;
    std::string_view key;
    if (std::move(member).get(field) || field.unescaped_key().get(key))
      return std::string(kMalformed);
    if (key != "norm") continue;
    const PlanNode* node = plan.find("norm");
    if (node && node->action != Action::descend) continue;  // --drop norm
    simdjson::ondemand::value value = field.value();
    json_type type;
    if (value.type().get(type)) return std::string(kMalformed);
    if (type != json_type::object) continue;  // the plan walk rejects it
    simdjson::ondemand::object norm;
    if (value.get_object().get(norm)) return std::string(kMalformed);
    if (auto found = find_unlisted_identifier(norm, node, "norm")) return found;
  }
  return std::nullopt;
}

}  // namespace

RecordPseudonymizer::RecordPseudonymizer(const PseudonymizeOptions& options, TokenMaker& tokens)
    : plan_(std::make_unique<PlanNode>()), tokens_(tokens) {
  for (const std::string& drop : options.drop) {
    if (!valid_path(drop))
      throw UsageError("--drop '" + drop + "': give a PATH such as reporter.phone");
    if (std::find(drop_paths_.begin(), drop_paths_.end(), drop) == drop_paths_.end())
      drop_paths_.push_back(drop);
  }
  for (const std::string& keep : options.keep) {
    if (!valid_path(keep))
      throw UsageError("--keep '" + keep + "': give a PATH such as reporter.name");
    if (std::find(keep_paths_.begin(), keep_paths_.end(), keep) == keep_paths_.end())
      keep_paths_.push_back(keep);
  }
  // A dropped or kept field needs no token, nor do the members inside it.
  auto inside = [](const std::string& path, const std::vector<std::string>& outer) {
    return std::any_of(outer.begin(), outer.end(), [&](const std::string& other) {
      return path == other || path.starts_with(other + ".");
    });
  };
  for (const FieldRule& rule : options.fields)
    if (!inside(rule.path, drop_paths_) && !inside(rule.path, keep_paths_)) rules_.push_back(rule);
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    const FieldRule& rule = rules_[i];
    std::string option = "--field " + rule.path;
    if (!valid_path(rule.path)) throw UsageError(option + ": give PATH or PATH=KIND");
    std::vector<std::string> parts = split_path(rule.path);
    if (parts.front() == "norm" || parts.front() == "pseudonymized")
      throw UsageError(option + ": " + parts.front() +
                       " is written by the tools; name the source field");
    add_to_plan(*plan_, parts, Action::raw, i, option);
    add_to_plan(*plan_, norm_path(parts), Action::norm_main, i, option);
    // What normalize derives from the value goes too, whatever kind the rule gives it (a name
    // chosen as text still has its pinyin key in norm): only a name's pinyin key becomes a
    // token, and only norm.<phone>_type stays.
    add_to_plan(*plan_, norm_path(parts, "_pinyin"),
                rule.kind == ValueKind::name ? Action::norm_other : Action::derived, i, option);
    add_to_plan(*plan_, norm_path(parts, "_ext"), Action::derived, i, option);
    if (!options.keep_id_derived) {
      for (std::string_view suffix : {"_birth_date", "_sex", "_region"})
        add_to_plan(*plan_, norm_path(parts, suffix), Action::derived, i, option);
    }
  }
  for (std::size_t i = 0; i < drop_paths_.size(); ++i) {
    std::string option = "--drop " + drop_paths_[i];
    std::vector<std::string> parts = split_path(drop_paths_[i]);
    if (parts.front() == "pseudonymized") throw UsageError(option + ": written by this tool");
    add_to_plan(*plan_, parts, Action::drop, i, option);
    // The normalized forms of a dropped field go with it.
    if (parts.front() == "norm") continue;
    add_to_plan(*plan_, norm_path(parts), Action::drop, i, option);
    for (std::string_view suffix : kNormSuffixes)
      add_to_plan(*plan_, norm_path(parts, suffix), Action::drop, i, option);
  }
  for (std::size_t i = 0; i < keep_paths_.size(); ++i) {
    std::string option = "--keep " + keep_paths_[i];
    std::vector<std::string> parts = split_path(keep_paths_[i]);
    if (parts.front() == "norm" || parts.front() == "pseudonymized")
      throw UsageError(option + ": " + parts.front() +
                       " is written by the tools; name the source field");
    add_to_plan(*plan_, parts, Action::keep, i, option);
    add_to_plan(*plan_, norm_path(parts), Action::keep, i, option);
    for (std::string_view suffix : kNormSuffixes)
      add_to_plan(*plan_, norm_path(parts, suffix), Action::keep, i, option);
  }
}

RecordPseudonymizer::~RecordPseudonymizer() = default;

std::optional<std::string> RecordPseudonymizer::pseudonymize(simdjson::ondemand::document& document,
                                                             std::string& out) {
  normalized_.assign(rules_.size(), std::nullopt);
  tokenized_.assign(rules_.size(), false);
  dropped_.assign(drop_paths_.size(), false);
  kept_.assign(keep_paths_.size(), false);
  PseudonymizeCounts before = counts_;
  PlanWalker gather(*this, nullptr);
  std::optional<std::string> error = gather.root(document);
  if (!error && gather.saw_norm_) {
    document.rewind();
    error = check_norm(document, *plan_);
  }
  if (!error) {
    document.rewind();
    out.clear();
    PlanWalker write(*this, &out);
    error = write.root(document);
  }
  if (error) {
    counts_ = before;
    return error;
  }
  if (!gather.saw_norm_) ++counts_.records_without_norm;
  return std::nullopt;
}

std::optional<std::string> RecordPseudonymizer::pseudonymize(Record& record, std::string& out) {
  return pseudonymize(record.document(), out);
}

}  // namespace reunite::pseudonymize
