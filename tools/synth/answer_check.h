// Scores the toolkit's results against a world's answer file: how many planted families the
// DNA search found and with what likelihood ratios, how many reposted photos the photo search
// found, how well dedupe grouped the reports of each case, and the false positives of each.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "reunite/record_stream.h"

namespace reunite::synth {

struct CheckThresholds {
  std::optional<double> min_dna_recall;  // share of planted children found
  std::optional<double> min_dna_lr;      // a true match counts only from this LR on
  std::optional<std::uint64_t> max_dna_false;
  std::optional<double> min_photo_recall;  // share of reposts found
  std::optional<std::uint64_t> max_photo_false;
  std::optional<double> min_dedupe_precision;
  std::optional<double> min_dedupe_recall;
};

struct DnaScore {
  std::uint64_t planted = 0;  // found children whose case has reference samples
  std::uint64_t found = 0;    // with a true match (LR >= min_dna_lr)
  std::uint64_t ranked_first = 0;
  std::vector<double> true_lrs;  // the best true LR of each found child
  std::uint64_t false_matches = 0;
  double max_false_lr = 0;
  std::uint64_t records = 0;
};

struct PhotoScore {
  std::uint64_t planted = 0, found = 0;
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> by_edit;  // found, planted
  std::uint64_t false_matches = 0;
  std::uint64_t records = 0;
};

struct DedupeScore {
  std::uint64_t reports = 0, cases = 0;
  std::uint64_t true_pairs = 0, predicted_pairs = 0, correct_pairs = 0;
  std::uint64_t cases_exact = 0;  // cases whose reports form exactly one cluster
  std::uint64_t records = 0;
  bool from_links = false;
};

struct CheckReport {
  std::uint64_t seed = 0, families = 0;
  DnaScore dna;
  PhotoScore photos;
  DedupeScore dedupe;
  std::vector<std::string> failures;  // thresholds not met, in words
};

class AnswerCheck {
 public:
  // Reads the answer file (a FatalError if it is not one).
  explicit AnswerCheck(const std::string& answers_path);
  // Reads result records of any kind: dna_match, photo_match, link, cluster, or records that
  // dedupe annotated with "cluster".  Others are ignored.
  void add(Record& record);
  CheckReport report(const CheckThresholds& thresholds) const;

 private:
  struct Family {
    std::string case_id;
    std::optional<std::string> child_sample;
    std::set<std::string> references;
    std::vector<std::string> reports;
  };
  struct PhotoInfo {
    std::string group;  // the original's path
    std::string edit;   // empty for the original
  };
  std::string sample_id(const std::string& id) const;
  std::string photo_key(const std::string& path) const;
  void add_dna_match(Record& record);
  void add_photo_match(Record& record);

  std::uint64_t seed_ = 0;
  std::vector<Family> families_;
  std::map<std::string, std::size_t> family_of_child_, family_of_reference_, family_of_report_;
  std::map<std::string, std::string> id_of_file_line_;  // "reference-samples.csv:12" -> sample id
  std::map<std::string, PhotoInfo> photos_;

  // Results.
  struct BestMatch {
    double best_lr = -1;
    bool best_true = false;
    double best_true_lr = -1;
  };
  std::map<std::string, BestMatch> dna_by_query_;
  std::vector<double> false_lrs_;
  DnaScore dna_;
  std::set<std::pair<std::string, std::string>> photo_pairs_;
  PhotoScore photo_counts_;
  std::map<std::string, std::string> cluster_of_;  // report id -> cluster
  std::vector<std::pair<std::string, std::string>> links_;
  std::uint64_t dedupe_records_ = 0;
};

std::string format_check_report(const CheckReport& report);
std::string check_report_json(const CheckReport& report);

}  // namespace reunite::synth
