// One record in, the same record out with `norm` (canonical values keyed like the source
// fields) and `flags` (problems found) set.  Which fields are treated, and as what, is a list
// of FieldRules; the defaults follow reunite-records(5).
//
// A RecordNormalizer holds per-thread state (ICU transliterators, caches, reused buffers): make
// one per thread.  The shared, read-only parts (the place index) live in NormalizeContext.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "chinese_text.h"
#include "date.h"
#include "phone.h"
#include "place.h"
#include "record_json.h"
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
    std::size_t begin = 0;  // the key's opening quote
    std::size_t value_begin = 0;
    std::size_t value_end = 0;
  };
  std::string json;  // a valid JSON object (the reader validated it)
  std::optional<Member> norm;
  std::optional<Member> flags;
};

class RecordNormalizer {
 public:
  explicit RecordNormalizer(const NormalizeContext& context);
  ~RecordNormalizer();

  // Writes the normalized record (no newline) into `out` and the code of every flag raised
  // into `flag_codes` (static strings).
  void normalize(const RecordText& record, std::string& out,
                 std::vector<std::string_view>& flag_codes);

  ChineseText& text() { return text_; }

 private:
  struct Work;
  void apply(const FieldRule& rule, JsonValue value, Work& work);
  void apply_loci(const FieldRule& rule, JsonValue value, Work& work);
  bool apply_place_object(const FieldRule& rule, JsonValue value, Work& work);
  void apply_text(const FieldRule& rule, std::string_view raw, bool is_number, Work& work);
  const PlaceResult& place(std::string_view folded);
  void check_across_fields(Work& work);
  void visit(std::string_view object, std::string_view prefix, Work& work);
  void write_norm(Work& work, std::string& norm_json);

  const NormalizeContext& context_;
  ChineseText text_;
  DateParser dates_;
  PhoneNormalizer phones_;
  std::unique_ptr<Work> work_;  // reused from record to record: no allocation once warm
  std::string folded_;
  std::string unescaped_;
  std::string norm_json_;
  std::string flags_json_;
  // Places repeat (a few thousand divisions, written a few ways each): resolved once per
  // spelling.  Bounded like ChineseText's caches.
  std::unordered_map<std::string, PlaceResult> place_cache_;
};

// Replaces (or appends, or with an empty value removes) the `norm` and `flags` members.
void splice_norm_and_flags(const RecordText& record, std::string_view norm_json,
                           std::string_view flags_json, std::string& out);

}  // namespace reunite::normalize
