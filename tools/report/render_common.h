// What the formats share: tables of strings (aligned for text, pipes for markdown, <table> for
// html), the cells that describe a candidate, the lines that describe a case, and the limits.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "evidence.h"
#include "render.h"

namespace reunite::report {

struct Table {
  std::vector<std::string> headers;
  std::vector<bool> right_aligned;  // per column
  std::vector<std::vector<std::string>> rows;
};

// Columns on a terminal: East Asian wide characters take two.
std::size_t display_width(std::string_view utf8);

// The key evidence of a candidate, one string per column of candidate_headers().
std::vector<std::string> candidate_headers();
std::vector<bool> candidate_right_aligned();
std::vector<std::string> candidate_cells(const Candidate& c, bool subject_first = true);
std::string place_relation(const Candidate& c);  // same county / same city / ... / "-"
std::string sex_relation(const Candidate& c);

// "张伟, M, born 2008-05-12, missing 2012-03-08 in 四川省成都市武侯区"
std::string case_description(const CaseSection& section);
// "reporter 张建国 (father), phone ..., ID ..., from police.csv:2"
std::string case_contacts(const CaseRecord& record);
std::string sighting_description(const SightingRecord& record);

// The summary as titled tables, in order.
std::vector<std::pair<std::string, Table>> summary_tables(const Summary& summary);

// Limits: how many of `total` to show (0 = all).
inline std::size_t shown(std::size_t total, std::size_t limit) {
  return limit == 0 || total < limit ? total : limit;
}
// "3 more candidates not shown: 2 weak, 1 conflict" for candidates[from..).
std::string omitted_candidates(const std::vector<Candidate*>& candidates, std::size_t from);
std::string omitted_cases(const std::vector<CaseSection>& cases, std::size_t from);

}  // namespace reunite::report
