#include "world.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "case_reports.h"
#include "export_writers.h"
#include "person_text.h"
#include "places.h"
#include "reunite/error.h"
#include "reunite/json.h"
#include "synthetic_photo.h"

namespace reunite::synth {

namespace {

constexpr Kit kReferenceKits[] = {Kit::kGoldeneye20A, Kit::kPowerPlex21, Kit::kIdentifiler};

// Purposes of the per-family random streams: each family draws from its own streams, so a
// family does not change when another option (say, photos) changes how much others draw.
enum Stream : std::uint64_t {
  kPeople = 1,
  kDna,
  kPolice,
  kVolunteer,
  kSite,
  kPhotos,
  kUnrelated,
  kPhotoChoice,
  kNotes
};

// Kit names as laboratories write them (the locus table's own names are lower-case keys).
std::string_view kit_label(Kit kit) {
  switch (kit) {
    case Kit::kGoldeneye20A:
      return "Goldeneye 20A";
    case Kit::kPowerPlex21:
      return "PowerPlex 21";
    case Kit::kIdentifiler:
      return "Identifiler";
    default:
      return kit_name(kit);
  }
}

// Free-text remarks as case officers and site editors type them into a spreadsheet: commas,
// quoted words, line breaks inside the cell (written with CSV quoting, as Excel does).
std::string random_note(Random& random) {
  static constexpr const char* kNotes[] = {"家属称\"孩子在集市走失\"",
                                           "走失时穿红色外套,蓝色裤子",
                                           "已采血,等待比对",
                                           "\"第一次报案\"\n后补充了照片",
                                           "左耳后有痣\n右手有疤痕,约1厘米",
                                           "已采血",
                                           "Seen near the station, wearing a \"Spiderman\" T-shirt",
                                           "Reported again in 2015; parents moved, new phone below",
                                           "说四川话,喜欢唱歌",
                                           "父母已离异,母亲另行报案"};
  return kNotes[random.below(std::size(kNotes))];
}

std::string hex_id(char prefix, std::uint32_t value) {
  return fmt::format("{}{:08X}", prefix, value);
}

Date min_date(Date a, Date b) {
  return days_from_civil(a) < days_from_civil(b) ? a : b;
}

// The last day anything in a world happens: no report is dated in the future of its export.
constexpr Date kWorldEnd{2025, 12, 31};

// A day from `min_days` to `max_days` after `after`, but not past kWorldEnd (nor before
// `after` + min_days, if the world ends sooner).
Date day_after(Random& random, Date after, int min_days, int max_days) {
  int first = days_from_civil(after) + min_days;
  int last =
      std::max(first, std::min(days_from_civil(after) + max_days, days_from_civil(kWorldEnd)));
  return add_days({1970, 1, 1}, first + static_cast<int>(random.below(last - first + 1)));
}

int age_at(const Date& birth, const Date& when) {
  return (days_from_civil(when) - days_from_civil(birth)) / 365;
}

// Rounds a fractional per-family rate to whole counts that add up exactly over the families.
std::uint64_t share_of(double per_family, std::uint64_t index) {
  auto upto = [&](std::uint64_t n) {
    return static_cast<std::uint64_t>(per_family * static_cast<double>(n));
  };
  return upto(index + 1) - upto(index);
}

class WorldWriter {
 public:
  explicit WorldWriter(const WorldSettings& settings);
  void write_family(std::uint64_t index);
  WorldCounts finish();

 private:
  Random stream(std::uint64_t index, Stream purpose) const {
    return Random(settings_.seed, index * 16 + purpose);
  }
  Family make_family(std::uint64_t index);
  void write_references(Family& family, JsonWriter& answer);
  void write_child_sample(Family& family, JsonWriter& answer);
  void write_reports(Family& family, JsonWriter& answer);
  void write_photos(Family& family, JsonWriter& answer);
  void write_unrelated(std::uint64_t index);
  void write_broken_row(std::uint64_t index, int which, const Family& family);
  std::string write_photo_file(const RgbImage& image, int quality, const std::string& path);
  std::string post_path();
  std::string sighting(const Date& after, bool male, const Date& birth, const std::string& photo,
                       bool repost, Random& random);
  void answer_line(const std::string& json) { answers_.write_line(json); }
  bool writes(Export which) const { return (settings_.exports & which) != 0; }
  bool writes_dna() const { return writes(kReferenceExport) || writes(kChildrenExport); }

  const WorldSettings& settings_;
  std::filesystem::path out_;
  const kinship::PopulationFrequencies* population_ = nullptr;
  std::unique_ptr<StrSimulator> simulator_;
  PlaceTable places_;
  std::uint64_t id_key_;
  std::unique_ptr<ExportFile> police_, volunteer_, site_, sightings_;
  std::unique_ptr<WideGenotypeExport> references_;
  std::unique_ptr<GeneMapperExport> children_;
  ExportFile answers_;
  WorldCounts counts_;
  std::uint64_t next_post_ = 0, next_unrelated_child_ = 0, next_sighting_ = 0;
  std::uint64_t police_rows_ = 0, volunteer_lines_ = 0, reference_rows_ = 0;
};

std::vector<std::string> panel(const StrSimulator& simulator, std::span<const Kit> kits) {
  std::vector<std::string> loci;
  for (const SimulatedLocus& locus : simulator.loci()) {
    const LocusInfo* info = find_locus(locus.name);
    for (Kit kit : kits)
      if (info->in_kit(kit)) {
        loci.push_back(locus.name);
        break;
      }
  }
  loci.push_back("AMEL");
  return loci;
}

WorldWriter::WorldWriter(const WorldSettings& settings)
    : settings_(settings),
      out_(settings.out_dir),
      places_(PlaceTable::builtin()),
      id_key_(Random(settings.seed, 0).next()),
      answers_((out_ / "answers.jsonl").string()) {
  population_ = kinship::builtin_frequencies().population(settings.population);
  if (!population_) throw UsageError("no built-in frequency table " + settings.population);
  simulator_ = std::make_unique<StrSimulator>(*population_, kReferenceKits, settings.mutation);
  auto file = [&](const char* name) { return (out_ / "exports" / name).string(); };
  if (writes(kPoliceExport)) {
    police_ = std::make_unique<ExportFile>(file("police-cases.gb18030.csv"), "gb18030");
    std::vector<std::string> header = {"案件编号", "姓名",     "性别",   "出生日期", "失踪日期",
                                       "失踪地点", "身份证号", "报案人", "关系",     "联系电话"};
    if (settings.notes_share > 0) header.push_back("备注");
    police_->write_line(csv_row(header));
  }
  if (writes(kVolunteerExport))
    volunteer_ = std::make_unique<ExportFile>(file("volunteer-reports.jsonl"));
  if (writes(kSiteExport)) {
    site_ = std::make_unique<ExportFile>(file("family-search.csv"));
    std::vector<std::string> header = {
        "Report ID",     "Name",      "Gender",   "Date of Birth",     "Missing Date",
        "Missing Place", "ID Number", "Reporter", "Reporter Relation", "Reporter Phone"};
    if (settings.notes_share > 0) header.push_back("Notes");
    site_->write_line(csv_row(header));
  }
  if (writes(kSightingsExport)) sightings_ = std::make_unique<ExportFile>(file("sightings.jsonl"));
  if (writes(kReferenceExport))
    references_ = std::make_unique<WideGenotypeExport>(
        file("reference-samples.csv"),
        std::vector<std::string>{"SampleID", "Case ID", "Role", "Kit", "Collected"},
        panel(*simulator_, kReferenceKits));
  const Kit child_kits[] = {settings.child_kit};
  if (writes(kChildrenExport))
    children_ = std::make_unique<GeneMapperExport>(file("unidentified-children.genemapper.txt"),
                                                   panel(*simulator_, child_kits),
                                                   settings.run_size, settings.seed);
}

Family WorldWriter::make_family(std::uint64_t index) {
  Random people = stream(index, kPeople);
  Family family;
  family.index = index;
  family.case_id = fmt::format("K{:07}", index + 1);
  family.father = {random_name(people, true), true, random_mobile(people)};
  family.mother = {random_name(people, false), false, random_mobile(people)};
  bool boy = people.chance(0.6);  // more boys than girls among the reported cases
  family.child = {name_with_surname(people, family.father.name.surname, boy), boy, {}};
  family.home = places_.random_county(people);
  family.birth = random_date(people, 2000, 2016);
  family.missing = min_date(add_days(family.birth, people.between(300, 8 * 365)), {2023, 12, 31});
  family.id_number = resident_id_number(family.home.code, family.birth, boy, people);
  if (std::string_view code = area_code(family.home); !code.empty() && people.chance(0.5))
    family.home_phone = random_fixed_line(code, people);

  if (!writes_dna()) return family;  // the most expensive draws of a family
  Random dna = stream(index, kDna);
  family.father_dna = simulator_->founder(dna);
  family.mother_dna = simulator_->founder(dna);
  family.child_dna =
      simulator_->child(family.father_dna, family.mother_dna, dna, &family.mutations);
  return family;
}

void WorldWriter::write_references(Family& family, JsonWriter& answer) {
  if (!references_) return;
  Random random = stream(family.index, kDna);
  random.next();  // separate from the founders' draws
  double roll = random.uniform();
  bool father = roll < settings_.couple_share + settings_.father_only_share;
  bool mother = roll < settings_.couple_share || !father;
  answer.key("references");
  answer.begin_array();
  for (int parent = 0; parent < 2; ++parent) {
    if ((parent == 0 && !father) || (parent == 1 && !mother)) continue;
    bool is_father = parent == 0;
    std::string id =
        hex_id('R', permute_id(static_cast<std::uint32_t>(family.index * 2 + parent), id_key_));
    Kit kit = kReferenceKits[random.below(3)];  // drawn even when fixed: the stream stays
    if (settings_.reference_kit) kit = *settings_.reference_kit;
    ReportedProfile profile =
        type_profile(*simulator_, is_father ? family.father_dna : family.mother_dna, is_father, kit,
                     settings_.typing, random);
    Date collected = day_after(random, family.missing, 10, 900);
    std::uint64_t line =
        references_->write_sample({id, family.case_id, is_father ? "father" : "mother",
                                   std::string(kit_label(kit)), iso_date(collected)},
                                  profile);
    ++counts_.reference_samples;
    ++reference_rows_;
    answer.begin_object();
    answer.field("id", id);
    answer.field("role", is_father ? "father" : "mother");
    answer.field("kit", kit_label(kit));
    answer.field("loci", static_cast<int>(profile.size()) - 1);
    answer.field("line", line);
    answer.end_object();
  }
  answer.end_array();
}

void WorldWriter::write_child_sample(Family& family, JsonWriter& answer) {
  if (!writes_dna()) return;
  Random random = stream(family.index, kDna);
  random.next();
  random.next();
  bool found = random.chance(settings_.found_share);
  answer.key("mutations");
  answer.begin_array();
  for (const Mutation& mutation : family.mutations) {
    answer.begin_object();
    answer.field("locus", simulator_->loci()[mutation.locus].name);
    answer.field("parent", mutation.parent == Parent::kFather ? "father" : "mother");
    answer.field("steps", mutation.steps);
    answer.end_object();
  }
  answer.end_array();
  counts_.mutations += family.mutations.size();
  answer.key("child_sample");
  if (!found || !children_) {
    answer.null();
    return;
  }
  std::string id = hex_id('U', permute_id(static_cast<std::uint32_t>(family.index), id_key_ >> 7));
  ReportedProfile profile = type_profile(*simulator_, family.child_dna, family.child.male,
                                         settings_.child_kit, settings_.typing, random);
  std::uint64_t line = children_->write_sample(id, profile);
  ++counts_.child_samples;
  ++counts_.found_children;
  answer.begin_object();
  answer.field("id", id);
  answer.field("loci", static_cast<int>(profile.size()) - 1);
  answer.field("line", line);
  answer.end_object();
}

void WorldWriter::write_reports(Family& family, JsonWriter& answer) {
  Random pick = stream(family.index, kPolice);
  bool police = pick.chance(settings_.police_share);
  // The case photo is posted on the volunteer site: a case with a photo is reported there.
  bool volunteer = pick.chance(settings_.volunteer_share) || !family.photo.empty();
  bool site = pick.chance(settings_.site_share);
  if (!police && !volunteer && !site) police = true;  // every case was reported somewhere
  auto noise_field = [&](const std::vector<std::string>& noise) {
    answer.key("noise");
    answer.begin_array();
    for (const std::string& n : noise) answer.string(n);
    answer.end_array();
  };
  // The notes column (--notes-share) draws from its own stream: without it, nothing changes.
  Random notes = stream(family.index, kNotes);
  auto with_note = [&](std::vector<std::string> cells) {
    if (settings_.notes_share > 0)
      cells.push_back(notes.chance(settings_.notes_share) ? random_note(notes) : "");
    return cells;
  };
  answer.key("reports");
  answer.begin_array();
  if (police && police_) {
    std::vector<std::string> noise;
    std::uint64_t line = police_->write_line(
        csv_row(with_note(police_report_cells(family, settings_.noise, pick, noise))));
    ++counts_.police_reports;
    ++police_rows_;
    answer.begin_object();
    answer.field("id", family.case_id);
    answer.field("source", "police");
    answer.field("line", line);
    noise_field(noise);
    answer.end_object();
  }
  if (volunteer && volunteer_) {
    Random random = stream(family.index, kVolunteer);
    std::vector<std::string> noise;
    std::string id = fmt::format("V-{:07}", ++counts_.volunteer_reports);
    std::uint64_t line =
        volunteer_->write_line(volunteer_report_line(family, id, settings_.noise, random, noise));
    ++volunteer_lines_;
    answer.begin_object();
    answer.field("id", id);
    answer.field("source", "volunteer");
    answer.field("line", line);
    noise_field(noise);
    answer.end_object();
  }
  if (site && site_) {
    Random random = stream(family.index, kSite);
    std::vector<std::string> noise;
    std::string id = fmt::format("B-{:07}", ++counts_.site_reports);
    std::uint64_t line = site_->write_line(
        csv_row(with_note(family_search_report_cells(family, id, settings_.noise, random, noise))));
    answer.begin_object();
    answer.field("id", id);
    answer.field("source", "family-search");
    answer.field("line", line);
    noise_field(noise);
    answer.end_object();
  }
  answer.end_array();
}

std::string WorldWriter::write_photo_file(const RgbImage& image, int quality,
                                          const std::string& path) {
  std::string bytes = encode_jpeg(image, quality);
  OutputFile file((out_ / path).string());
  file.write(bytes);
  file.commit();
  ++counts_.photos;
  return path;
}

std::string WorldWriter::post_path() {
  return "photos/posts/" +
         hex_id('P', permute_id(static_cast<std::uint32_t>(next_post_++), id_key_ >> 13)) + ".jpg";
}

std::string WorldWriter::sighting(const Date& after, bool male, const Date& birth,
                                  const std::string& photo, bool repost, Random& random) {
  static constexpr const char* kSeen[] = {
      "在火车站附近看到一个乞讨的孩子", "A child selling flowers at the night market.",
      "工地旁边有个孩子，口音像外地的", "Boy seen with two adults at a bus station, looked scared.",
      "网友拍到的照片，孩子在街头卖艺"};
  static constexpr const char* kShared[] = {"转发寻人启事，请大家帮忙扩散",
                                            "Sharing this missing poster, please help",
                                            "看到这张照片很像我们村里的孩子", "扩散！寻找失踪儿童"};
  Date seen = day_after(random, after, 30, 3000);
  const County& place = places_.random_county(random);
  std::string id = fmt::format("S-{:07}", ++next_sighting_);
  std::string line;
  JsonWriter json(line);
  json.begin_object();
  json.field("sighting_id", id);
  json.field("kind", "sighting");
  json.field("seen_date", write_date(seen, random.chance(0.8) ? 3 : 2, random));
  json.field("seen_place", write_place(place, random.chance(0.5) ? PlacePrecision::kCity
                                                                 : PlacePrecision::kCounty));
  json.field("est_age", std::max(1, age_at(birth, seen) + random.between(-2, 2)));
  json.field("sex", sex_word(male, static_cast<int>(random.below(3))));
  json.field("text", repost ? kShared[random.below(std::size(kShared))]
                            : kSeen[random.below(std::size(kSeen))]);
  json.key("photos");
  json.begin_array();
  json.string(photo);
  json.end_array();
  json.field("url", fmt::format("https://weibo.example/{}", id));
  json.end_object();
  if (sightings_) {
    sightings_->write_line(line);
    ++counts_.sightings;
  }
  return id;
}

void WorldWriter::write_photos(Family& family, JsonWriter& answer) {
  Random random = stream(family.index, kPhotos);
  answer.key("photos");
  answer.begin_array();
  if (!family.photo.empty()) {
    bool portrait = random.chance(0.3);
    int w = portrait ? settings_.photo_height : settings_.photo_width;
    int h = portrait ? settings_.photo_width : settings_.photo_height;
    RgbImage original = synthesize_photo(random, w, h);
    write_photo_file(original, random.between(85, 95), family.photo);
    answer.begin_object();
    answer.field("path", family.photo);
    answer.field("posted_in", family.case_id);
    answer.end_object();
    double mean = settings_.reposts_per_photo;
    int reposts = static_cast<int>(mean) + (random.chance(mean - static_cast<int>(mean)) ? 1 : 0);
    for (int r = 0; r < reposts; ++r) {
      RepostEdit edit = kAllRepostEdits[random.below(std::size(kAllRepostEdits))];
      RgbImage copy = apply_repost_edit(original, edit, random);
      int quality =
          edit == RepostEdit::kRequality ? random.between(30, 60) : random.between(65, 90);
      std::string path = write_photo_file(copy, quality, post_path());
      std::string sighting_id =
          sighting(family.missing, family.child.male, family.birth, path, true, random);
      ++counts_.reposts;
      answer.begin_object();
      answer.field("path", path);
      answer.field("original", family.photo);
      answer.field("edit", repost_edit_name(edit));
      answer.field("quality", quality);
      answer.field("posted_in", sighting_id);
      answer.end_object();
    }
  }
  answer.end_array();
}

// Children of unknown origin who belong to no family of the world, and sightings whose picture
// shows someone else: the haystack around the planted needles.
void WorldWriter::write_unrelated(std::uint64_t index) {
  Random random = stream(index, kUnrelated);
  // Without the children's export the unrelated children are still drawn when pictures follow
  // (from the same stream), so that those pictures are the ones of the whole world.
  bool photos = settings_.photo_share > 0 && settings_.unrelated_photos > 0;
  if (!children_ && !photos) return;
  for (std::uint64_t k = share_of(settings_.unrelated_children, index); k > 0; --k) {
    TrueGenotype dna = simulator_->child(simulator_->founder(random), simulator_->founder(random),
                                         random, nullptr);
    bool male = random.chance(0.6);
    std::string id =
        hex_id('U', permute_id(0x80000000u + static_cast<std::uint32_t>(next_unrelated_child_++),
                               id_key_ >> 7));
    ReportedProfile profile =
        type_profile(*simulator_, dna, male, settings_.child_kit, settings_.typing, random);
    if (!children_) continue;
    std::uint64_t line = children_->write_sample(id, profile);
    ++counts_.child_samples;
    std::string json;
    JsonWriter answer(json);
    answer.begin_object();
    answer.field("kind", "unrelated_sample");
    answer.field("id", id);
    answer.field("line", line);
    answer.end_object();
    answer_line(json);
  }
  if (settings_.photo_share <= 0) return;
  for (std::uint64_t k = share_of(settings_.unrelated_photos, index); k > 0; --k) {
    bool portrait = random.chance(0.3);
    int w = portrait ? settings_.photo_height : settings_.photo_width;
    int h = portrait ? settings_.photo_width : settings_.photo_height;
    std::string path =
        write_photo_file(synthesize_photo(random, w, h), random.between(70, 92), post_path());
    Date birth = random_date(random, 2000, 2016);
    std::string sighting_id =
        sighting(add_days(birth, 700), random.chance(0.5), birth, path, false, random);
    std::string json;
    JsonWriter answer(json);
    answer.begin_object();
    answer.field("kind", "unrelated_photo");
    answer.field("path", path);
    answer.field("posted_in", sighting_id);
    answer.end_object();
    answer_line(json);
  }
}

void WorldWriter::write_broken_row(std::uint64_t index, int which, const Family& family) {
  Random random = stream(index, kUnrelated);
  random.next();
  std::string file;
  std::uint64_t line = 0;
  std::string reason;
  switch (which % 3) {
    case 0: {  // a row cut short: fewer fields than the header
      if (!police_) return;
      std::vector<std::string> noise;
      std::vector<std::string> cells = police_report_cells(family, settings_.noise, random, noise);
      cells.resize(cells.size() - 3);
      line = police_->write_line(csv_row(cells));
      ++police_rows_;
      file = "exports/police-cases.gb18030.csv";
      reason = "fewer fields than the header";
      break;
    }
    case 1: {  // a mixed sample: three alleles at a locus
      if (!references_) return;
      std::string id =
          hex_id('R', permute_id(0x40000000u + static_cast<std::uint32_t>(which), id_key_));
      ReportedProfile profile = type_profile(*simulator_, family.father_dna, true,
                                             Kit::kGoldeneye20A, settings_.typing, random);
      line = references_->write_mixture(
          {id, family.case_id, "father", "Goldeneye 20A", iso_date(family.missing)}, profile);
      ++reference_rows_;
      file = "exports/reference-samples.csv";
      reason = "three alleles at a locus";
      break;
    }
    default: {  // a line cut off in the middle (a dump interrupted)
      if (!volunteer_) return;
      std::vector<std::string> noise;
      std::string json = volunteer_report_line(family, fmt::format("V-X{:06}", which),
                                               settings_.noise, random, noise);
      line = volunteer_->write_line(json.substr(0, json.size() / 2));
      ++volunteer_lines_;
      file = "exports/volunteer-reports.jsonl";
      reason = "truncated JSON";
    }
  }
  ++counts_.broken_rows;
  std::string json;
  JsonWriter answer(json);
  answer.begin_object();
  answer.field("kind", "broken_row");
  answer.field("file", file);
  answer.field("line", line);
  answer.field("reason", reason);
  answer.end_object();
  answer_line(json);
}

void WorldWriter::write_family(std::uint64_t index) {
  Family family = make_family(index);
  if (settings_.photo_share > 0 && stream(index, kPhotoChoice).chance(settings_.photo_share))
    family.photo = "photos/cases/" + family.case_id + ".jpg";

  std::string json;
  JsonWriter answer(json);
  answer.begin_object();
  answer.field("kind", "family");
  answer.field("case", family.case_id);
  answer.key("child");
  answer.begin_object();
  answer.field("name", write_name(family.child.name, NameScript::kSimplified));
  answer.field("name_pinyin", write_name(family.child.name, NameScript::kPinyinSurnameFirst));
  answer.field("sex", family.child.male ? "M" : "F");
  answer.field("birth_date", iso_date(family.birth));
  answer.field("missing_date", iso_date(family.missing));
  answer.field("missing_place", family.home.code);
  answer.field("id_number", family.id_number);
  answer.end_object();
  write_reports(family, answer);
  write_references(family, answer);
  write_child_sample(family, answer);
  write_photos(family, answer);
  answer.end_object();
  answer_line(json);
  ++counts_.families;

  write_unrelated(index);
  for (int b = 0; b < settings_.broken_rows; ++b) {
    std::uint64_t at = (static_cast<std::uint64_t>(b) + 1) * settings_.families /
                       (static_cast<std::uint64_t>(settings_.broken_rows) + 1);
    if (at == index) write_broken_row(index, b, family);
  }
}

WorldCounts WorldWriter::finish() {
  if (children_) {
    children_->commit();
    counts_.controls = children_->controls();
  }
  std::string json;
  JsonWriter w(json);
  w.begin_object();
  w.field("kind", "world");
  w.field("seed", settings_.seed);
  w.field("families", counts_.families);
  w.field("population", settings_.population);
  w.key("counts");
  w.begin_object();
  w.field("police_reports", counts_.police_reports);
  w.field("volunteer_reports", counts_.volunteer_reports);
  w.field("site_reports", counts_.site_reports);
  w.field("reference_samples", counts_.reference_samples);
  w.field("child_samples", counts_.child_samples);
  w.field("found_children", counts_.found_children);
  w.field("mutations", counts_.mutations);
  w.field("sightings", counts_.sightings);
  w.field("photos", counts_.photos);
  w.field("reposts", counts_.reposts);
  w.field("broken_rows", counts_.broken_rows);
  w.field("genemapper_controls", counts_.controls);
  w.end_object();
  w.end_object();
  answer_line(json);
  auto& records = counts_.export_records;
  if (police_) {
    police_->commit();
    records.emplace_back("police-cases.gb18030.csv", police_rows_);
  }
  if (volunteer_) {
    volunteer_->commit();
    records.emplace_back("volunteer-reports.jsonl", volunteer_lines_);
  }
  if (site_) {
    site_->commit();
    records.emplace_back("family-search.csv", counts_.site_reports);
  }
  if (sightings_) {
    sightings_->commit();
    records.emplace_back("sightings.jsonl", counts_.sightings);
  }
  if (references_) {
    references_->commit();
    records.emplace_back("reference-samples.csv", reference_rows_);
  }
  if (children_)
    records.emplace_back("unidentified-children.genemapper.txt", counts_.child_samples);
  answers_.commit();
  return counts_;
}

}  // namespace

void prepare_output_directory(const std::filesystem::path& dir, bool replace,
                              std::initializer_list<const char*> entries) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::exists(dir, error) || fs::is_empty(dir, error)) return;
  if (!fs::is_directory(dir, error)) throw UsageError("--out: not a directory: " + dir.string());
  if (!replace)
    throw UsageError("--out: " + dir.string() +
                     " is not empty (--force replaces the world written there before)");
  if (!fs::exists(dir / "answers.jsonl"))
    throw UsageError("--out: " + dir.string() + " holds no reunite-synth world; not replacing it");
  for (const char* entry : entries) {
    fs::remove_all(dir / entry, error);
    if (error) throw FatalError(system_error_text("cannot clear " + dir.string(), error.value()));
  }
}

std::optional<unsigned> export_from_name(std::string_view name) {
  static constexpr std::pair<std::string_view, unsigned> kNames[] = {
      {"police", kPoliceExport},     {"volunteer", kVolunteerExport},
      {"site", kSiteExport},         {"references", kReferenceExport},
      {"children", kChildrenExport}, {"sightings", kSightingsExport},
      {"all", kAllExports},          {"none", 0}};
  for (const auto& [known, bits] : kNames)
    if (name == known) return bits;
  return std::nullopt;
}

namespace {

void make_directories(const std::filesystem::path& dir) {
  for (auto sub : {dir / "exports", dir / "photos" / "cases", dir / "photos" / "posts"}) {
    std::error_code error;
    std::filesystem::create_directories(sub, error);
    if (error) throw FatalError(system_error_text("cannot create " + sub.string(), error.value()));
  }
}

}  // namespace

WorldCounts generate_world(const WorldSettings& settings, const std::function<void()>& on_family) {
  // Everything of an earlier world goes, so that no photo or export of it stays behind.
  prepare_output_directory(settings.out_dir, settings.replace,
                           {"exports", "photos", "answers.jsonl"});
  make_directories(settings.out_dir);
  WorldWriter writer(settings);
  for (std::uint64_t index = 0; index < settings.families; ++index) {
    writer.write_family(index);
    if (on_family) on_family();
  }
  return writer.finish();
}

}  // namespace reunite::synth
