// reunite-normalize: adds canonical names, dates, sex, ID numbers, phones, places and DNA
// profiles beside the raw fields (`norm`), and lists what is wrong with them (`flags`).
// Options → NormalizeOptions → normalize_stream().
#include <reunite/ordered_parallel.h>
#include <reunite/tool.h>

#include <CLI/CLI.hpp>

#include "normalize_stream.h"
#include "phone.h"

namespace {

constexpr const char* kExamples = R"(Examples:
  reunite-ingest cases.csv | reunite-normalize > cases.norm.jsonl
      canonical values of the case fields in .norm, problems in .flags
  reunite-normalize --date-order dmy --region GB -j 4 --stats reports.jsonl
      day-first dates, British phone numbers, four threads, counts on stderr
  reunite-normalize --field dob=date --field child=name --field found_at=place other.jsonl
      records of another shape: say which field holds what
  reunite-normalize cases.jsonl | jq -c 'select(.flags) | {id, flags}'
      list the records with problems)";

}  // namespace

int main(int argc, char** argv) {
  using namespace reunite::normalize;
  reunite::Tool tool("reunite-normalize",
                     "Adds canonical names, dates, sex, ID numbers, phones, places and DNA "
                     "profiles to records (in \"norm\") and lists problems (in \"flags\").",
                     kExamples);
  CLI::App& app = tool.app();
  std::vector<std::string> fields;
  bool only = false;
  std::string date_order, today, regions, regions_historical;
  NormalizeOptions options;
  unsigned threads = 1;
  app.add_option("-f,--field", fields,
                 "Also normalize FIELD (a.b for nested) as KIND: text, name, date, sex, id_number, "
                 "phone, place, role, loci")
      ->allow_extra_args(false)
      ->type_name("FIELD=KIND");
  app.add_flag("--only", only, "Normalize only the --field fields, none of the default ones");
  app.add_option("--date-order", date_order,
                 "Read numeric dates like 05/06/2008 day-first (dmy) or month-first (mdy); "
                 "default: flag them as ambiguous")
      ->check(CLI::IsMember({"dmy", "mdy"}));
  app.add_option("--region", options.phone_region,
                 "Country of phone numbers written without +code (ISO 3166, default CN)")
      ->type_name("CC")
      ->transform(CLI::Validator(
          [](std::string& region) {
            for (char& c : region)
              c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            return PhoneNormalizer::is_known_region(region) ? std::string()
                                                            : "unknown region " + region;
          },
          "CC"));
  app.add_option("--today", today, "Flag dates after DATE (YYYY-MM-DD; default: today)")
      ->type_name("DATE");
  app.add_option("--regions", regions, "Division table to use instead of the built-in one")
      ->type_name("FILE")
      ->check(CLI::ExistingFile);
  app.add_option("--regions-historical", regions_historical,
                 "Retired division codes to use instead of the built-in list")
      ->type_name("FILE")
      ->check(CLI::ExistingFile);
  app.add_option("-j,--threads", threads,
                 "Threads (0: one per core; default 1); output order is kept")
      ->type_name("N");

  return tool.run(argc, argv, [&](reunite::Tool& t) {
    if (only) options.fields.clear();
    for (const auto& field : fields) set_field_rule(options.fields, parse_field_rule(field));
    options.date_order = parse_date_order(date_order);
    options.today = parse_today(today);
    NormalizeContext context(options, load_regions(regions, regions_historical));
    normalize_stream(t, context, threads == 0 ? reunite::available_cores() : threads);
  });
}
