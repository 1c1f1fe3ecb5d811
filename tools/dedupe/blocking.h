// Blocking: which record pairs are worth comparing.  A rule is a '+'-joined list of terms, each
// a field or a transform of one; two records are candidates under a rule when every term gives
// both the same non-empty key, and candidates overall when any rule makes them so.
//
//   name                    the canonical value
//   prefix(surname,3)       its first 3 characters
//   year(birth_date)        the year of a date
//   month(birth_date)       its year and month (2008-05), when the date says the month
//   soundex(surname)        American Soundex
//   pinyin(name)            the pinyin key (norm.name_pinyin), else the value
//   surname(name)           the first word of the pinyin key (else of the value): zhang wei → zhang
//   initials(name)          first letter of each pinyin syllable group / word: zhang wei → zw
//   region(missing_place,city)  the region code cut to province, city or county
//
// Memory is one key hash per record and rule plus the candidate pairs; a block larger than
// max_block_size is skipped (and counted) rather than compared all against all.  Blocks that
// would take the proposals of all rules past max_pairs stop the run with a FatalError naming
// the rule, before the memory is taken (a proposal costs 16 bytes here; a run peaks at about
// 25 bytes per proposal).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "record_fields.h"

namespace reunite::dedupe {

enum class Transform { value, prefix, year, month, soundex, pinyin, surname, initials, region };

struct BlockTerm {
  Transform transform = Transform::value;
  std::string field;
  int argument = 0;  // prefix length; region digits (2, 4, 6)
};

struct BlockRule {
  std::string text;  // as the user wrote it
  std::vector<BlockTerm> terms;
};

// Throws UsageError when malformed.
BlockRule parse_block_rule(std::string_view text);

// The column type a term needs its field extracted as, when no --compare names the field.
CompareType implied_type(const BlockTerm& term);

std::vector<std::string> default_block_rules();

// A candidate pair: a < b (record indexes); `rules` has bit r set when rule r proposed it.
struct CandidatePair {
  std::uint32_t a = 0, b = 0;
  std::uint32_t rules = 0;
};

struct BlockingResult {
  std::vector<CandidatePair> pairs;  // sorted by (a, b), each pair once
  std::vector<std::uint64_t> pairs_per_rule;
  std::vector<std::uint64_t> skipped_blocks_per_rule;
};

// The key of one record under one term ("" when the field is missing).
std::string term_key(const BlockTerm& term, const FieldColumn& column, std::size_t row);

// `columns` must hold every field the rules name (find_column finds them).
BlockingResult find_candidates(const std::vector<BlockRule>& rules,
                               const std::vector<FieldColumn>& columns, std::size_t records,
                               std::size_t max_block_size, std::uint64_t max_pairs);

const FieldColumn* find_column(const std::vector<FieldColumn>& columns, std::string_view field);

}  // namespace reunite::dedupe
