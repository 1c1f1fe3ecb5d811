#include "answer_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "reunite/error.h"
#include "reunite/json.h"
#include "reunite/tool.h"

namespace reunite::synth {

namespace ondemand = simdjson::ondemand;

namespace {

std::optional<std::string> string_member(ondemand::object& object, std::string_view key) {
  std::string_view value;
  if (object.find_field_unordered(key).get_string().get(value)) return std::nullopt;
  return std::string(value);
}

std::optional<double> number_member(ondemand::object& object, std::string_view key) {
  double value;
  if (object.find_field_unordered(key).get_double().get(value)) return std::nullopt;
  return value;
}

std::string percent(std::uint64_t part, std::uint64_t whole) {
  if (whole == 0) return "-";
  return fmt::format("{:.1f}%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

double ratio(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? 1.0 : static_cast<double>(part) / static_cast<double>(whole);
}

std::string lr_text(double lr) {
  return fmt::format("{:.3g}", lr);
}

}  // namespace

AnswerCheck::AnswerCheck(const std::string& answers_path) {
  Stats stats;
  Rejects rejects("reunite-synth", "", true, stats);
  RecordReader reader({answers_path}, {}, rejects, stats);
  bool saw_world = false;
  for (Record record; reader.next(record);) {
    ondemand::object object;
    if (record.document().get_object().get(object)) continue;
    std::string kind = string_member(object, "kind").value_or("");
    if (kind == "world") {
      saw_world = true;
      std::uint64_t seed = 0;
      if (!object.find_field_unordered("seed").get_uint64().get(seed)) seed_ = seed;
      continue;
    }
    if (kind == "unrelated_sample") {
      auto id = string_member(object, "id");
      auto line = number_member(object, "line");
      if (id && line)
        id_of_file_line_[fmt::format("unidentified-children.genemapper.txt:{}", *line)] = *id;
      continue;
    }
    if (kind == "unrelated_photo") {
      if (auto path = string_member(object, "path")) photos_[*path] = {*path, ""};
      continue;
    }
    if (kind == "photo_copy") {  // a planted near copy of a hash set (reunite-synth hashes)
      auto path = string_member(object, "path");
      auto original = string_member(object, "original");
      auto edit = string_member(object, "edit");
      if (path && original) {
        photos_[*path] = {*original, edit.value_or("copy")};
        photos_.emplace(*original, PhotoInfo{*original, ""});
      }
      continue;
    }
    if (kind != "family") continue;
    Family family;
    family.case_id = string_member(object, "case").value_or("");
    std::size_t index = families_.size();
    ondemand::array array;
    if (!object.find_field_unordered("reports").get_array().get(array)) {
      for (auto element : array) {
        ondemand::object report;
        if (element.get_object().get(report)) continue;
        if (auto id = string_member(report, "id")) {
          family.reports.push_back(*id);
          family_of_report_[*id] = index;
        }
      }
    }
    if (!object.find_field_unordered("references").get_array().get(array)) {
      for (auto element : array) {
        ondemand::object reference;
        if (element.get_object().get(reference)) continue;
        auto id = string_member(reference, "id");
        auto line = number_member(reference, "line");
        if (!id) continue;
        family.references.insert(*id);
        family_of_reference_[*id] = index;
        if (line) id_of_file_line_[fmt::format("reference-samples.csv:{}", *line)] = *id;
      }
    }
    ondemand::object child;
    if (!object.find_field_unordered("child_sample").get_object().get(child)) {
      auto id = string_member(child, "id");
      auto line = number_member(child, "line");
      if (id) {
        family.child_sample = *id;
        family_of_child_[*id] = index;
        if (line)
          id_of_file_line_[fmt::format("unidentified-children.genemapper.txt:{}", *line)] = *id;
      }
    }
    if (!object.find_field_unordered("photos").get_array().get(array)) {
      for (auto element : array) {
        ondemand::object photo;
        if (element.get_object().get(photo)) continue;
        auto path = string_member(photo, "path");
        if (!path) continue;
        auto original = string_member(photo, "original");
        auto edit = string_member(photo, "edit");
        photos_[*path] = {original.value_or(*path), edit.value_or("")};
      }
    }
    families_.push_back(std::move(family));
  }
  if (!saw_world || stats.rejected > 0)
    throw FatalError(answers_path + ": not a reunite-synth answer file");
}

// A sample id as the answer file names it: ingest keeps the lab's id with --id-field, and
// otherwise derives "file:line", which the answer file can also resolve.
std::string AnswerCheck::sample_id(const std::string& id) const {
  std::size_t colon = id.rfind(':');
  if (colon == std::string::npos) return id;
  std::string key =
      std::filesystem::path(id.substr(0, colon)).filename().string() + id.substr(colon);
  auto it = id_of_file_line_.find(key);
  return it == id_of_file_line_.end() ? id : it->second;
}

// Photo paths as the answer file writes them ("photos/posts/P1234ABCD.jpg"), whatever prefix
// the pipeline put in front (an absolute --photo-root, "./", "examples/world/").
std::string AnswerCheck::photo_key(const std::string& path) const {
  std::size_t at = path.rfind("photos/");
  return at == std::string::npos ? path : path.substr(at);
}

void AnswerCheck::add(Record& record) {
  auto kind = record.string_field("kind");
  if (!kind) return;
  if (*kind == "dna_match") return add_dna_match(record);
  if (*kind == "photo_match") return add_photo_match(record);
  ondemand::object object;
  if (record.document().get_object().get(object)) return;
  if (*kind == "link") {
    auto a = string_member(object, "a"), b = string_member(object, "b");
    if (a && b) links_.emplace_back(*a, *b);
    ++dedupe_records_;
    return;
  }
  if (*kind == "cluster" && record.has_field("members")) {
    auto id = string_member(object, "id").value_or("");
    ondemand::array members;
    if (!object.find_field_unordered("members").get_array().get(members)) {
      for (auto member : members) {
        std::string_view text;
        if (!member.get_string().get(text)) cluster_of_[std::string(text)] = id;
      }
    }
    ++dedupe_records_;
    return;
  }
  if (record.has_field("cluster")) {
    auto id = string_member(object, "id");
    auto cluster = string_member(object, "cluster");
    if (id && cluster) cluster_of_[*id] = *cluster;
    ++dedupe_records_;
  }
}

void AnswerCheck::add_dna_match(Record& record) {
  ondemand::object object;
  if (record.document().get_object().get(object)) return;
  ++dna_.records;
  std::string query = sample_id(string_member(object, "query").value_or(""));
  std::string candidate = sample_id(string_member(object, "candidate").value_or(""));
  auto co = string_member(object, "co_candidate");
  double lr = number_member(object, "lr").value_or(0);
  bool truth = false;
  if (auto family = family_of_child_.find(query); family != family_of_child_.end()) {
    const auto& references = families_[family->second].references;
    truth = references.count(candidate) && (!co || references.count(sample_id(*co)));
  }
  BestMatch& best = dna_by_query_[query];
  if (lr > best.best_lr) {
    best.best_lr = lr;
    best.best_true = truth;
  }
  if (truth) best.best_true_lr = std::max(best.best_true_lr, lr);
  if (!truth) false_lrs_.push_back(lr);  // counted in report(), from --min-lr on
}

void AnswerCheck::add_photo_match(Record& record) {
  ++photo_counts_.records;
  auto a = record.string_field("query_path"), b = record.string_field("reference_path");
  if (!a || !b) return;
  std::string x = photo_key(*a), y = photo_key(*b);
  if (x == y) return;
  if (y < x) std::swap(x, y);
  photo_pairs_.emplace(x, y);
}

CheckReport AnswerCheck::report(const CheckThresholds& thresholds) const {
  CheckReport out;
  out.seed = seed_;
  out.families = families_.size();
  double min_lr = thresholds.min_dna_lr.value_or(0);

  // DNA.
  DnaScore& dna = out.dna;
  dna.records = dna_.records;
  for (const double lr : false_lrs_) {
    if (lr >= min_lr) {
      ++dna.false_matches;
      dna.max_false_lr = std::max(dna.max_false_lr, lr);
    }
  }
  for (const Family& family : families_) {
    if (!family.child_sample || family.references.empty()) continue;
    ++dna.planted;
    auto it = dna_by_query_.find(*family.child_sample);
    if (it == dna_by_query_.end() || it->second.best_true_lr < 0 ||
        it->second.best_true_lr < min_lr)
      continue;
    ++dna.found;
    if (it->second.best_true) ++dna.ranked_first;
    dna.true_lrs.push_back(it->second.best_true_lr);
  }
  std::sort(dna.true_lrs.begin(), dna.true_lrs.end());

  // Photos: a repost is found when it is paired with any copy of the same picture.
  PhotoScore& photos = out.photos;
  photos.records = photo_counts_.records;
  std::set<std::string> found;
  for (const auto& [x, y] : photo_pairs_) {
    auto px = photos_.find(x), py = photos_.find(y);
    if (px == photos_.end() || py == photos_.end() || px->second.group != py->second.group) {
      ++photos.false_matches;
      continue;
    }
    found.insert(x);
    found.insert(y);
  }
  for (const auto& [path, info] : photos_) {
    if (info.edit.empty()) continue;
    ++photos.planted;
    auto& [edit_found, edit_planted] = photos.by_edit[info.edit];
    ++edit_planted;
    if (found.count(path)) {
      ++photos.found;
      ++edit_found;
    }
  }

  // Dedupe: pairs of reports in one cluster (or linked), against pairs of reports of one case.
  DedupeScore& dedupe = out.dedupe;
  dedupe.records = dedupe_records_;
  std::map<std::string, std::vector<std::size_t>> members;  // cluster -> families of its reports
  std::map<std::string, std::set<std::string>> clusters_of_case;
  if (!cluster_of_.empty()) {
    for (const auto& [id, cluster] : cluster_of_) {
      auto family = family_of_report_.find(id);
      if (family == family_of_report_.end()) continue;
      members[cluster].push_back(family->second);
    }
    for (const auto& [cluster, families] : members) {
      for (std::size_t i = 0; i < families.size(); ++i)
        for (std::size_t j = i + 1; j < families.size(); ++j) {
          ++dedupe.predicted_pairs;
          if (families[i] == families[j]) ++dedupe.correct_pairs;
        }
    }
  } else if (!links_.empty()) {
    dedupe.from_links = true;
    std::set<std::pair<std::string, std::string>> seen;
    for (auto [a, b] : links_) {
      if (b < a) std::swap(a, b);
      auto fa = family_of_report_.find(a), fb = family_of_report_.find(b);
      if (fa == family_of_report_.end() || fb == family_of_report_.end() ||
          !seen.emplace(a, b).second)
        continue;
      ++dedupe.predicted_pairs;
      if (fa->second == fb->second) ++dedupe.correct_pairs;
    }
  }
  for (const Family& family : families_) {
    dedupe.reports += family.reports.size();
    ++dedupe.cases;
    dedupe.true_pairs += family.reports.size() * (family.reports.size() - 1) / 2;
    if (cluster_of_.empty()) continue;
    std::set<std::string> clusters;
    for (const std::string& id : family.reports) {
      auto it = cluster_of_.find(id);
      clusters.insert(it == cluster_of_.end() ? "?" + id : it->second);
    }
    // Exact: one cluster, holding no report of another case.
    if (clusters.size() == 1 && !clusters.begin()->starts_with("?")) {
      auto m = members.find(*clusters.begin());
      if (m != members.end() && m->second.size() == family.reports.size()) ++dedupe.cases_exact;
    }
  }

  // Thresholds.
  auto fail = [&](std::string text) { out.failures.push_back(std::move(text)); };
  if (thresholds.min_dna_recall && ratio(dna.found, dna.planted) < *thresholds.min_dna_recall)
    fail(fmt::format("DNA recall {:.3f} < {}", ratio(dna.found, dna.planted),
                     *thresholds.min_dna_recall));
  if (thresholds.max_dna_false && dna.false_matches > *thresholds.max_dna_false)
    fail(fmt::format("{} false DNA matches > {}", dna.false_matches, *thresholds.max_dna_false));
  if (thresholds.min_photo_recall &&
      ratio(photos.found, photos.planted) < *thresholds.min_photo_recall)
    fail(fmt::format("photo recall {:.3f} < {}", ratio(photos.found, photos.planted),
                     *thresholds.min_photo_recall));
  if (thresholds.max_photo_false && photos.false_matches > *thresholds.max_photo_false)
    fail(fmt::format("{} false photo matches > {}", photos.false_matches,
                     *thresholds.max_photo_false));
  double precision = ratio(dedupe.correct_pairs, dedupe.predicted_pairs);
  double recall = ratio(dedupe.correct_pairs, dedupe.true_pairs);
  if (thresholds.min_dedupe_precision && precision < *thresholds.min_dedupe_precision)
    fail(fmt::format("dedupe precision {:.3f} < {}", precision, *thresholds.min_dedupe_precision));
  if (thresholds.min_dedupe_recall && recall < *thresholds.min_dedupe_recall)
    fail(fmt::format("dedupe recall {:.3f} < {}", recall, *thresholds.min_dedupe_recall));
  return out;
}

std::string format_check_report(const CheckReport& r) {
  std::string text = fmt::format("world: seed {}, {} families\n", r.seed, r.families);
  const DnaScore& d = r.dna;
  if (d.records == 0) {
    text += fmt::format(
        "DNA: {} planted children with reference samples; no dna_match records read\n", d.planted);
  } else {
    text += fmt::format("DNA: {} of {} planted children found ({}), {} ranked first", d.found,
                        d.planted, percent(d.found, d.planted), d.ranked_first);
    if (!d.true_lrs.empty())
      text += fmt::format("; true LR min {}, median {}", lr_text(d.true_lrs.front()),
                          lr_text(d.true_lrs[d.true_lrs.size() / 2]));
    text += fmt::format("; {} false matches", d.false_matches);
    if (d.false_matches) text += fmt::format(" (max LR {})", lr_text(d.max_false_lr));
    text += "\n";
  }
  const PhotoScore& p = r.photos;
  if (p.records == 0) {
    text += fmt::format("photos: {} reposts planted; no photo_match records read\n", p.planted);
  } else {
    text += fmt::format("photos: {} of {} reposts found ({}) [", p.found, p.planted,
                        percent(p.found, p.planted));
    bool first = true;
    for (const auto& [edit, counts] : p.by_edit) {
      text += fmt::format("{}{} {}/{}", first ? "" : ", ", edit, counts.first, counts.second);
      first = false;
    }
    text += fmt::format("]; {} false matches\n", p.false_matches);
  }
  const DedupeScore& s = r.dedupe;
  if (s.records == 0) {
    text += fmt::format("dedupe: {} reports of {} cases; no cluster or link records read\n",
                        s.reports, s.cases);
  } else {
    text += fmt::format("dedupe: {} reports of {} cases; pairs precision {:.3f}, recall {:.3f}",
                        s.reports, s.cases, ratio(s.correct_pairs, s.predicted_pairs),
                        ratio(s.correct_pairs, s.true_pairs));
    if (!s.from_links)
      text += fmt::format("; {} of {} cases exactly one cluster", s.cases_exact, s.cases);
    text += "\n";
  }
  for (const std::string& failure : r.failures) text += "FAILED: " + failure + "\n";
  return text;
}

std::string check_report_json(const CheckReport& r) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.field("kind", "synth_check");
  w.field("seed", r.seed);
  w.field("families", r.families);
  w.key("dna");
  w.begin_object();
  w.field("planted", r.dna.planted);
  w.field("found", r.dna.found);
  w.field("ranked_first", r.dna.ranked_first);
  if (!r.dna.true_lrs.empty()) {
    w.field("min_true_lr", r.dna.true_lrs.front());
    w.field("median_true_lr", r.dna.true_lrs[r.dna.true_lrs.size() / 2]);
  }
  w.field("false_matches", r.dna.false_matches);
  w.end_object();
  w.key("photos");
  w.begin_object();
  w.field("planted", r.photos.planted);
  w.field("found", r.photos.found);
  w.field("false_matches", r.photos.false_matches);
  w.end_object();
  w.key("dedupe");
  w.begin_object();
  w.field("reports", r.dedupe.reports);
  w.field("true_pairs", r.dedupe.true_pairs);
  w.field("predicted_pairs", r.dedupe.predicted_pairs);
  w.field("correct_pairs", r.dedupe.correct_pairs);
  w.field("cases_exact", r.dedupe.cases_exact);
  w.end_object();
  w.key("failures");
  w.begin_array();
  for (const std::string& f : r.failures) w.string(f);
  w.end_array();
  w.end_object();
  return out;
}

}  // namespace reunite::synth
