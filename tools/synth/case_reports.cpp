#include "case_reports.h"

#include "reunite/json.h"

namespace reunite::synth {

namespace {

// A date as a relative misremembers or mistypes it: day and month swapped, a few days off, or
// the year off by one.
Date misremembered(Date date, Random& random) {
  switch (random.below(3)) {
    case 0:
      if (date.day <= 12 && date.day != date.month) return {date.year, date.day, date.month};
      [[fallthrough]];
    case 1:
      return add_days(date, (random.chance(0.5) ? 1 : -1) * random.between(1, 10));
    default:
      if (date.month == 2 && date.day == 29) date.day = 28;
      date.year += random.chance(0.5) ? 1 : -1;
      return date;
  }
}

std::string id_number_cell(const Family& family, const ReportNoise& n, Random& random,
                           std::vector<std::string>& noise) {
  if (!random.chance(n.id_number_share)) return {};
  if (!random.chance(n.bad_id_rate)) return family.id_number;
  noise.push_back("bad_id_number");
  return corrupt_id_number(family.id_number, random);
}

}  // namespace

std::string sex_word(bool male, int style) {
  static constexpr const char* kWords[][2] = {
      {"女", "男"}, {"female", "male"}, {"F", "M"}, {"girl", "boy"}, {"Female", "Male"}};
  return kWords[style][male ? 1 : 0];
}

std::vector<std::string> police_report_cells(const Family& family, const ReportNoise& n,
                                             Random& random, std::vector<std::string>& noise) {
  ChineseName name = family.child.name;
  if (random.chance(n.typo_rate)) {
    ChineseName typo = homophone_typo(name, random);
    if (typo.given != name.given) noise.push_back("name_typo");
    name = typo;
  }
  // The police take the report from the parent who came; the father more often.
  bool by_father = random.chance(0.7);
  // Many families keep birthdays in the lunar calendar, and say so to the police.
  std::string birth = write_date(family.birth, 3, random);
  if (random.chance(n.lunar_date_share)) {
    birth = write_lunar_date(family.birth);
    noise.push_back("lunar_date");
  }
  const Person& reporter = by_father ? family.father : family.mother;
  auto precision = random.chance(0.8) ? PlacePrecision::kCounty : PlacePrecision::kCity;
  return {family.case_id,
          write_name(name, NameScript::kSimplified),
          sex_word(family.child.male, 0),
          birth,
          write_date(family.missing, 3, random),
          write_place(family.home, precision),
          id_number_cell(family, n, random, noise),
          write_name(reporter.name, NameScript::kSimplified),
          by_father ? "父亲" : "母亲",
          !family.home_phone.empty() && random.chance(0.5) ? family.home_phone
                                                           : write_phone(reporter.phone, random)};
}

std::string volunteer_report_line(const Family& family, const std::string& site_id,
                                  const ReportNoise& n, Random& random,
                                  std::vector<std::string>& noise) {
  double roll = random.uniform();
  NameScript script = roll < n.traditional_share ? NameScript::kTraditional
                      : roll < n.traditional_share + n.pinyin_share
                          ? static_cast<NameScript>(2 + random.below(3))
                          : NameScript::kSimplified;
  if (script == NameScript::kTraditional) noise.push_back("traditional");
  if (script >= NameScript::kPinyinSurnameFirst) noise.push_back("pinyin");
  std::string name = write_name(family.child.name, script);
  if (random.chance(n.typo_rate)) {
    if (script >= NameScript::kPinyinSurnameFirst) {
      name = letter_typo(name, random);
      noise.push_back("name_typo");
    } else {
      ChineseName typo = homophone_typo(family.child.name, random);
      if (typo.given != family.child.name.given) noise.push_back("name_typo");
      name = write_name(typo, script);
    }
  }
  auto precision = [&] {
    if (!random.chance(n.partial_date_share)) return 3;
    noise.push_back("partial_date");
    return random.chance(0.7) ? 2 : 1;
  };
  static constexpr PlacePrecision kPlaces[] = {PlacePrecision::kCounty,
                                               PlacePrecision::kCountyShort, PlacePrecision::kCity,
                                               PlacePrecision::kProvince};
  // Mothers post on volunteer sites more often than fathers; grandparents too.
  int who = static_cast<int>(random.below(10));
  const Person& reporter = who < 6 ? family.mother : family.father;
  std::string relation = who < 6 ? "母亲" : who < 9 ? "父亲" : "奶奶";
  std::string reporter_name = who < 9 ? write_name(reporter.name, NameScript::kSimplified) : "";

  std::string line;
  JsonWriter json(line);
  json.begin_object();
  json.field("site_id", site_id);
  json.field("kind", "case");
  json.field("name", name);
  json.field("sex", sex_word(family.child.male, static_cast<int>(random.below(5))));
  Date birth = family.birth;
  if (random.chance(n.date_error_rate)) {
    birth = misremembered(birth, random);
    noise.push_back("birth_date_error");
  }
  json.field("birth_date", write_date(birth, precision(), random));
  json.field("missing_date", write_date(family.missing, precision(), random));
  json.field("missing_place", write_place(family.home, kPlaces[random.below(4)]));
  json.key("reporter");
  json.begin_object();
  if (!reporter_name.empty()) json.field("name", reporter_name);
  json.field("relation", relation);
  json.field("phone", write_phone(reporter.phone, random));
  json.end_object();
  if (!family.photo.empty()) {
    json.key("photos");
    json.begin_array();
    json.string(family.photo);
    json.end_array();
  }
  json.end_object();
  return line;
}

std::vector<std::string> family_search_report_cells(const Family& family,
                                                    const std::string& report_id,
                                                    const ReportNoise& n, Random& random,
                                                    std::vector<std::string>& noise) {
  NameScript script =
      random.chance(0.5) ? NameScript::kSimplified : static_cast<NameScript>(2 + random.below(3));
  if (script != NameScript::kSimplified) noise.push_back("pinyin");
  std::string name = write_name(family.child.name, script);
  if (random.chance(n.typo_rate)) {
    noise.push_back("name_typo");
    if (script == NameScript::kSimplified) {
      ChineseName typo = homophone_typo(family.child.name, random);
      if (typo.given == family.child.name.given) noise.pop_back();
      name = write_name(typo, script);
    } else {
      name = letter_typo(name, random);
    }
  }
  // Relatives beyond the parents register on family-search sites too.
  static constexpr const char* kRelations[] = {"grandmother", "grandfather", "uncle",
                                               "aunt",        "father",      "mother"};
  std::string relation = kRelations[random.below(6)];
  Date birth = family.birth;
  if (random.chance(n.date_error_rate)) {
    birth = misremembered(birth, random);
    noise.push_back("birth_date_error");
  }
  Person reporter{
      random_name(random, relation == "grandfather" || relation == "uncle" || relation == "father"),
      false, random_mobile(random)};
  if (relation == "father") reporter = family.father;
  if (relation == "mother") reporter = family.mother;
  return {report_id,
          name,
          sex_word(family.child.male, 4),
          write_date(birth, random.chance(0.8) ? 3 : 2, random),
          write_date(family.missing, random.chance(0.7) ? 3 : 2, random),
          write_place(family.home,
                      random.chance(0.5) ? PlacePrecision::kCounty : PlacePrecision::kCountyShort),
          id_number_cell(family, n, random, noise),
          write_name(reporter.name, NameScript::kSimplified),
          relation,
          write_phone(reporter.phone, random)};
}

}  // namespace reunite::synth
