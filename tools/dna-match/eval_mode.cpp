#include "eval_mode.h"

#include <cmath>
#include <map>

#include "dna_profile.h"
#include "reunite/json.h"

namespace reunite::kinship {

namespace ondemand = simdjson::ondemand;

namespace {

// Reads person `name` ("a", "b", "c") of an eval record into `profile`; false if absent.
bool read_person(ondemand::document& document, const char* name,
                 const PopulationFrequencies& population, Profile& profile,
                 std::map<std::string, std::string>& ignored, std::string& error) {
  ondemand::value person;
  auto found = document.find_field_unordered(name).get(person);
  if (found == simdjson::NO_SUCH_FIELD) return false;
  ondemand::json_type type;
  if (found || person.type().get(type) || type != ondemand::json_type::object) {
    error = std::string("person ") + name + " is not an object";
    return false;
  }
  ondemand::value loci;
  if (person.find_field_unordered("loci").get(loci)) {
    error = std::string("person ") + name + " has no \"loci\"";
    return false;
  }
  ProfileRead read = read_profile(loci, population, ExtraAllelePolicy::kReject);
  if (!read.error.empty()) {
    error = std::string("person ") + name + ": " + read.error;
    return false;
  }
  for (const auto& locus : read.ignored) {
    std::string& reason = ignored[locus.locus];
    reason += (reason.empty() ? "" : "; ") + std::string(name) + ": " + locus.reason;
  }
  profile = std::move(read.loci);
  return true;
}

}  // namespace

EvalOutcome evaluate_record(Record& record, const KinshipSettings& settings) {
  EvalOutcome outcome;
  auto hypothesis_text = record.string_field("hypothesis");
  if (!hypothesis_text) return outcome.error = "no \"hypothesis\" (PC, MC, TRIO, ...)", outcome;
  auto hypothesis = hypothesis_from_name(*hypothesis_text);
  if (!hypothesis)
    return outcome.error =
               "unknown hypothesis (expected PC, MC, TRIO, TRIO_BOTH, FS, HS, GP, "
               "AV or FC)",
           outcome;

  KinshipCase kinship_case;
  kinship_case.hypothesis = *hypothesis;
  std::map<std::string, std::string> ignored;
  ondemand::document& document = record.document();
  const auto& population = settings.population();
  std::string& error = outcome.error;
  if (!read_person(document, "a", population, kinship_case.a, ignored, error))
    return error.empty() ? (error = "no person \"a\" (the alleged relative)", outcome) : outcome;
  if (!read_person(document, "b", population, kinship_case.b, ignored, error))
    return error.empty() ? (error = "no person \"b\" (the child)", outcome) : outcome;
  if (uses_person_c(*hypothesis) &&
      !read_person(document, "c", population, kinship_case.c, ignored, error))
    return error.empty()
               ? (error = std::string(hypothesis_name(*hypothesis)) + " needs person \"c\" (" +
                          (*hypothesis == Hypothesis::kTrio ? "the undisputed mother"
                                                            : "the second parent") +
                          ")",
                  outcome)
               : outcome;

  KinshipResult result = kinship_lr(kinship_case, settings.options());
  std::string lr_loci;
  JsonWriter loci(lr_loci);
  loci.begin_object();
  for (const LocusLr& locus : result.loci) {
    if (locus.status == LocusStatus::kOk) {
      loci.field(locus.locus, locus.lr);
    } else if (locus.status == LocusStatus::kModelError) {
      ignored[locus.locus] = "mutation model: " + locus.error;
    }
  }
  loci.end_object();

  RecordEditor edit(record);
  std::string number;
  JsonWriter(number).number(result.lr);
  edit.set("lr", number);
  number.clear();
  JsonWriter(number).number(std::isfinite(result.log10_lr) ? result.log10_lr : NAN);
  edit.set("log10_lr", number);
  edit.set("lr_loci", lr_loci);
  if (ignored.empty()) {
    edit.remove("ignored_loci");
  } else {
    std::string flags;
    JsonWriter writer(flags);
    writer.begin_object();
    for (const auto& [locus, reason] : ignored) writer.field(locus, reason);
    writer.end_object();
    edit.set("ignored_loci", flags);
  }
  outcome.json = edit.result();
  return outcome;
}

}  // namespace reunite::kinship
