// One record in, the same record out with `norm` (canonical values keyed like the source
// fields) and `flags` (problems found) set.  Which fields are treated, and as what, is a list
// of FieldRules; the defaults follow reunite-records(5).
//
// A RecordNormalizer holds per-thread state (ICU transliterators, a JSON parser, caches): make
// one per thread.  The shared, read-only parts (the place index) live in NormalizeContext.
#pragma once

#include <simdjson.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chinese_text.h"
#include "date.h"
#include "phone.h"
#include "place.h"
#include "region_table.h"

namespace reunite::normalize {

enum class FieldKind { kText, kName, kDate, kSex, kIdNumber, kPhone, kPlace, kRole, kLoci };

std::optional<FieldKind> field_kind_from_name(std::string_view name);
std::string_view field_kind_name(FieldKind kind);
extern const std::vector<std::string_view> kFieldKindNames;

struct FieldRule {
  std::string path;  // top-level "birth_date" or nested "reporter.phone"
  FieldKind kind;
};

// case, sighting and sample fields of reunite-records(5).
std::vector<FieldRule> default_field_rules();
// Adds or replaces (same path) a rule.
void set_field_rule(std::vector<FieldRule>& rules, FieldRule rule);

struct NormalizeOptions {
  std::vector<FieldRule> fields = default_field_rules();
  DateOrder date_order = DateOrder::kUnknown;
  std::string phone_region = "CN";
  Date today;  // dates after it are flagged
};

// Built once, shared read-only by every thread.
struct NormalizeContext {
  NormalizeContext(NormalizeOptions options, const RegionTable& regions);
  NormalizeOptions options;
  const RegionTable& regions;
  std::unique_ptr<PlaceResolver> places;
};

// A record's text detached from the reader's buffer (so that a batch can wait for a worker
// thread), with where its existing `norm` and `flags` members are.
struct RecordText {
  struct Member {
    std::size_t begin = 0;        // the key's opening quote
    std::size_t value_begin = 0;
    std::size_t value_end = 0;
  };
  std::string json;  // capacity keeps simdjson's padding after the text
  std::optional<Member> norm;
  std::optional<Member> flags;
};

class RecordNormalizer {
 public:
  explicit RecordNormalizer(const NormalizeContext& context);
  ~RecordNormalizer();

  // Writes the normalized record (no newline) into `out` and the code of every flag raised
  // into `flag_codes` (static strings).
  void normalize(const RecordText& record, std::string& out, std::vector<std::string_view>& flag_codes);

  ChineseText& text() { return text_; }

 private:
  struct Work;
  void apply(const FieldRule& rule, simdjson::ondemand::value value, Work& work);
  void check_across_fields(Work& work);
  void visit(simdjson::ondemand::object object, std::string_view prefix, Work& work);

  const NormalizeContext& context_;
  ChineseText text_;
  DateParser dates_;
  PhoneNormalizer phones_;
  simdjson::ondemand::parser parser_;
  std::string scratch_;
};

// Replaces (or appends, or with an empty value removes) the `norm` and `flags` members.
void splice_norm_and_flags(const RecordText& record, std::string_view norm_json,
                           std::string_view flags_json, std::string& out);

}  // namespace reunite::normalize
