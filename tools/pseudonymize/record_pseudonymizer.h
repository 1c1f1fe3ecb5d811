// Pseudonymising one record: the values at the chosen paths (and their normalized forms in
// `norm`) are replaced by tokens, data derived from them is removed, and a member
// "pseudonymized": {"key": KEY_ID, "fields": [PATH, ...]} says which fields hold tokens.
//
// A raw value and its normalized form get the same token, made from the normalized form when
// the record has one (norm.<path>, written by reunite-normalize): "138 0013 8000" and
// "+86 13800138000" both become the token of +8613800138000.  A value that cannot be made a
// token (an object where a name should be, say) rejects the record: it never passes through.
// So does a member of `norm` that normalize wrote as a name, phone or ID number (norm.X beside
// norm.X_pinyin, _type, _birth_date, ...) when no --field, --drop or --keep covers X: a
// forgotten --field must not leave a phone number in clear.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pseudonym_token.h"

namespace reunite {
class Record;
}

namespace reunite::pseudonymize {

struct FieldRule {
  std::string path;  // "reporter.phone": members of nested objects joined by '.'
  ValueKind kind = ValueKind::text;
};

// name, id_number, phone, reporter.name, reporter.phone: reunite's case records.
std::vector<FieldRule> default_field_rules();

// "PATH" (kind text) or "PATH=KIND"; throws UsageError naming the option when malformed.
FieldRule parse_field_rule(std::string_view text);

struct PseudonymizeOptions {
  std::vector<FieldRule> fields = default_field_rules();
  std::vector<std::string> drop;  // paths removed outright
  std::vector<std::string> keep;  // paths left in clear on purpose
  // Keep norm.<id>_birth_date, _sex and _region (they spell out 14 of the 18 characters).
  bool keep_id_derived = false;
};

// Adds or replaces the rule for rule.path.
void set_field_rule(std::vector<FieldRule>& rules, FieldRule rule);

struct PseudonymizeCounts {
  std::uint64_t tokens = 0;        // values replaced by a token
  std::uint64_t without_norm = 0;  // of them, raw values that had no normalized form
  std::uint64_t records_without_norm = 0;
  std::uint64_t removed = 0;  // members removed (derived data and --drop)
};

class RecordPseudonymizer {
 public:
  // Throws UsageError when the paths overlap (one inside another) or name norm or
  // pseudonymized themselves.
  RecordPseudonymizer(const PseudonymizeOptions& options, TokenMaker& tokens);
  ~RecordPseudonymizer();

  // The pseudonymised record's text in `out`; or the reason to reject it (naming a field,
  // never a value).
  std::optional<std::string> pseudonymize(simdjson::ondemand::document& document, std::string& out);
  std::optional<std::string> pseudonymize(Record& record, std::string& out);

  const PseudonymizeCounts& counts() const { return counts_; }

  struct PlanNode;

 private:
  std::unique_ptr<PlanNode> plan_;
  std::vector<FieldRule> rules_;
  TokenMaker& tokens_;
  PseudonymizeCounts counts_;
  // Per record: the canonical normalized value of each rule and its token once made (the raw
  // value and norm share it: one HMAC instead of two), and which rules gave a token.
  struct NormalizedValue {
    std::string canonical;
    std::string token;  // empty until made
  };
  std::vector<std::optional<NormalizedValue>> normalized_;
  std::vector<bool> tokenized_;
  std::vector<bool> dropped_;
  std::vector<std::string> drop_paths_;
  std::vector<bool> kept_;
  std::vector<std::string> keep_paths_;
  friend class PlanWalker;
};

}  // namespace reunite::pseudonymize
