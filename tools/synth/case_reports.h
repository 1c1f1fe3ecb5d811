// How a family's case is reported: the rows of the police export, the volunteer site and the
// family-search site, each written the way that source writes (script of the name, date
// formats, place precision, reporter), with the noise of real reports planted at the rates of
// ReportNoise and named in `noise` for the answer file.
#pragma once

#include <string>
#include <vector>

#include "person_text.h"
#include "places.h"
#include "str_genetics.h"
#include "world.h"

namespace reunite::synth {

struct Person {
  ChineseName name;
  bool male = false;
  std::string phone;
};

struct Family {
  std::uint64_t index = 0;
  std::string case_id;
  Person father, mother, child;
  County home;
  Date birth, missing;
  std::string id_number;
  std::string home_phone;  // a fixed line, written; empty when the family has none
  TrueGenotype father_dna, mother_dna, child_dna;
  std::vector<Mutation> mutations;
  std::string photo;  // the case photo's path, if any
};

// "男"/"女", "male", "M", "boy", "Male" (style 0 to 4).
std::string sex_word(bool male, int style);

std::vector<std::string> police_report_cells(const Family& family, const ReportNoise& noise_rates,
                                             Random& random, std::vector<std::string>& noise);
std::string volunteer_report_line(const Family& family, const std::string& site_id,
                                  const ReportNoise& noise_rates, Random& random,
                                  std::vector<std::string>& noise);
std::vector<std::string> family_search_report_cells(const Family& family,
                                                    const std::string& report_id,
                                                    const ReportNoise& noise_rates, Random& random,
                                                    std::vector<std::string>& noise);

}  // namespace reunite::synth
