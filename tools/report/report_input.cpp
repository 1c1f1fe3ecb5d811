#include "report_input.h"

#include <cctype>
#include <charconv>
#include <cmath>

namespace reunite::report {

namespace {

using simdjson::dom::element;
using simdjson::dom::object;

std::optional<element> member(object obj, std::string_view key) {
  element value;
  if (obj.at_key(key).get(value) != simdjson::SUCCESS || value.is_null()) return std::nullopt;
  return value;
}

// A member's text: strings as they are, numbers as written in JSON (ids may be numbers).
std::string text(object obj, std::string_view key) {
  auto value = member(obj, key);
  if (!value) return {};
  std::string_view s;
  if (value->get(s) == simdjson::SUCCESS) return std::string(s);
  if (value->is_int64()) return std::to_string(int64_t(*value));
  if (value->is_uint64()) return std::to_string(uint64_t(*value));
  return {};
}

std::optional<double> number(object obj, std::string_view key) {
  auto value = member(obj, key);
  if (!value) return std::nullopt;
  double d = 0;
  if (value->get(d) == simdjson::SUCCESS && std::isfinite(d)) return d;
  return std::nullopt;
}

std::optional<object> child(object obj, std::string_view key) {
  auto value = member(obj, key);
  object result;
  if (!value || value->get(result) != simdjson::SUCCESS) return std::nullopt;
  return result;
}

// norm.<key> when normalize understood the field, else the raw value.
std::string normalized_or_raw(object obj, std::optional<object> norm, std::string_view key) {
  if (norm) {
    std::string value = text(*norm, key);
    if (!value.empty()) return value;
  }
  return text(obj, key);
}

std::string canonical_sex(std::string value) {
  if (value == "M" || value == "F" || value == "U") return value;
  if (value == "m" || value == "male" || value == "男") return "M";
  if (value == "f" || value == "female" || value == "女") return "F";
  return {};
}

Place read_place(object obj, std::optional<object> norm, std::string_view key) {
  Place place;
  if (auto raw = member(obj, key)) {
    std::string_view s;
    object o;
    if (raw->get(s) == simdjson::SUCCESS) {
      place.text = std::string(s);
    } else if (raw->get(o) == simdjson::SUCCESS) {
      place.text = text(o, "text");
    }
  }
  std::optional<object> resolved = norm ? child(*norm, key) : std::nullopt;
  if (!resolved) {  // a place object written by another tool: {"text","region_code",...}
    if (auto raw = child(obj, key)) resolved = raw;
  }
  if (resolved) {
    place.code = text(*resolved, "code");
    if (place.code.empty()) place.code = text(*resolved, "region_code");
    place.province = text(*resolved, "province");
    place.city = text(*resolved, "city");
    place.county = text(*resolved, "county");
  }
  return place;
}

// est_age as 11, "11", "10-12", "约11岁": the years it allows.
void read_est_age(object obj, SightingRecord& sighting) {
  auto value = member(obj, "est_age");
  if (!value) return;
  double d = 0;
  if (value->get(d) == simdjson::SUCCESS && std::isfinite(d) && d >= 0 && d < 150) {
    sighting.est_age_low = sighting.est_age_high = d;
    return;
  }
  std::string_view s;
  if (value->get(s) != simdjson::SUCCESS) return;
  std::vector<double> numbers;
  for (std::size_t i = 0; i < s.size();) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) {
      ++i;
      continue;
    }
    double n = 0;
    auto [end, error] = std::from_chars(s.data() + i, s.data() + s.size(), n);
    if (error != std::errc()) break;
    numbers.push_back(n);
    i = static_cast<std::size_t>(end - s.data());
  }
  if (numbers.empty() || numbers.size() > 2 || numbers.front() >= 150) return;
  sighting.est_age_low = numbers.front();
  sighting.est_age_high = numbers.back();
  if (*sighting.est_age_high < *sighting.est_age_low)
    std::swap(sighting.est_age_low, sighting.est_age_high);
}

// simdjson 3.0's DOM parser fails a whole document on an integer beyond 64 bits, which
// dna-match writes for very large LRs (39392095930450350000): such integers get ".0" appended so
// they parse as the doubles they are.  Only on the retry path; JSON strings are left alone.
std::string widen_big_integers(std::string_view json) {
  std::string out;
  out.reserve(json.size() + 16);
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < json.size())
        out += json[++i];
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    if (!std::isdigit(static_cast<unsigned char>(c))) {
      out += c;
      continue;
    }
    std::size_t end = i;
    while (end < json.size() && std::isdigit(static_cast<unsigned char>(json[end]))) ++end;
    out.append(json.substr(i, end - i));
    bool fraction = end < json.size() && (json[end] == '.' || json[end] == 'e' || json[end] == 'E');
    if (end - i >= 20 && !fraction) out += ".0";
    i = end - 1;
  }
  return out;
}

std::string source_of(object obj) {
  auto src = child(obj, "src");
  if (!src) return {};
  std::string file = text(*src, "file"), line = text(*src, "line");
  return line.empty() ? file : file + ":" + line;
}

}  // namespace

ReportInput::ReportInput(InputOptions options, Redactor* redactor)
    : options_(options), redactor_(redactor) {}

std::uint16_t ReportInput::locus(std::string_view name) {
  constexpr std::uint16_t kOther = 0xFFFE;  // absurd input: the rest share one "(other loci)"
  auto found = locus_index_.find(std::string(name));
  if (found != locus_index_.end()) return found->second;
  if (data_.locus_names.size() >= kOther) {
    if (data_.locus_names.size() == kOther) data_.locus_names.emplace_back("(other loci)");
    return kOther;
  }
  auto index = static_cast<std::uint16_t>(data_.locus_names.size());
  data_.locus_names.emplace_back(name);
  locus_index_.emplace(std::string(name), index);
  return index;
}

std::vector<LocusLr> ReportInput::locus_lrs(element value) {
  std::vector<LocusLr> result;
  simdjson::dom::array array;
  object obj;
  if (value.get(array) == simdjson::SUCCESS) {  // inconsistent_loci: [{"locus","lr"}]
    for (element item : array) {
      object entry;
      if (item.get(entry) != simdjson::SUCCESS) continue;
      std::string name = text(entry, "locus");
      if (name.empty()) continue;
      result.push_back({locus(name), number(entry, "lr").value_or(0)});
    }
  } else if (value.get(obj) == simdjson::SUCCESS) {  // lr_loci: {"LOCUS": lr}
    for (auto field : obj) {
      double lr = 0;
      if (field.value.get(lr) != simdjson::SUCCESS) continue;
      result.push_back({locus(field.key), lr});
    }
  }
  return result;
}

PersonFields ReportInput::person_fields(object obj, const char* place_field) {
  (void)place_field;
  PersonFields person;
  std::optional<object> norm = child(obj, "norm");
  person.sex = canonical_sex(normalized_or_raw(obj, norm, "sex"));
  person.name = text(obj, "name");
  person.id_number = text(obj, "id_number");
  person.phone = text(obj, "phone");
  if (redactor_) {
    auto key = [&](std::string_view field, const std::string& raw) {
      std::string normalized = norm ? text(*norm, field) : std::string();
      return normalized.empty() ? raw : normalized;
    };
    person.name = redactor_->mask(Sensitive::name, key("name", person.name));
    person.id_number = redactor_->mask(Sensitive::id_number, key("id_number", person.id_number));
    person.phone = redactor_->mask(Sensitive::phone, key("phone", person.phone));
  }
  if (auto reporter = child(obj, "reporter")) {
    person.reporter_name = text(*reporter, "name");
    person.reporter_phone = text(*reporter, "phone");
    person.reporter_relation = text(*reporter, "relation");
    if (auto norm_reporter = norm ? child(*norm, "reporter") : std::nullopt) {
      std::string relation = text(*norm_reporter, "relation");
      if (!relation.empty()) person.reporter_relation = relation;
      if (redactor_) {
        std::string key = text(*norm_reporter, "name");
        person.reporter_name =
            redactor_->mask(Sensitive::name, key.empty() ? person.reporter_name : key);
        key = text(*norm_reporter, "phone");
        person.reporter_phone =
            redactor_->mask(Sensitive::phone, key.empty() ? person.reporter_phone : key);
      }
    } else if (redactor_) {
      person.reporter_name = redactor_->mask(Sensitive::name, person.reporter_name);
      person.reporter_phone = redactor_->mask(Sensitive::phone, person.reporter_phone);
    }
  }
  if (options_.keep_photos) {
    simdjson::dom::array photos;
    if (obj.at_key("photos").get(photos) == simdjson::SUCCESS) {
      for (element photo : photos) {
        std::string_view path;
        if (photo.get(path) == simdjson::SUCCESS && !path.empty()) person.photos.emplace_back(path);
      }
    }
  }
  simdjson::dom::array flags;
  if (obj.at_key("flags").get(flags) == simdjson::SUCCESS) {
    for (element flag : flags) {
      object entry;
      if (flag.get(entry) != simdjson::SUCCESS) continue;
      std::string code = text(entry, "code");
      if (code.empty()) continue;
      ++data_.flags[code];
      person.flag_codes.push_back(std::move(code));
    }
  }
  person.source = source_of(obj);
  return person;
}

std::optional<std::string> ReportInput::add(const Record& record) {
  object obj;
  auto error = parser_.parse(record.json.data(), record.json.size()).get(obj);
  if (error == simdjson::NUMBER_ERROR) {
    std::string widened = widen_big_integers(record.json);
    error = parser_.parse(widened).get(obj);  // the parser keeps its own copy
  }
  if (error != simdjson::SUCCESS) return "not a JSON object";
  std::string kind = text(obj, "kind");
  if (kind.empty()) {
    // A line of another tool's --rejects file: carried into the summary, not a record.
    if (member(obj, "error") && member(obj, "line")) {
      std::string error = text(obj, "error");
      ++data_.carried_rejects[error.empty() ? "(no reason given)" : error];
      return std::nullopt;
    }
    return "no \"kind\" field (not a record)";
  }
  auto problem = add_kind(kind, obj);
  if (!problem) ++data_.kinds[kind];
  return problem;
}

std::optional<std::string> ReportInput::add_kind(std::string_view kind, object obj) {
  std::string id = text(obj, "id");
  auto need = [](const std::string& value, const char* field) -> std::optional<std::string> {
    if (value.empty()) return std::string(field) + ": missing or not a string";
    return std::nullopt;
  };
  std::optional<object> norm = child(obj, "norm");
  auto date = [&](std::string_view key) {
    DateSpan span = DateSpan::parse(normalized_or_raw(obj, norm, key));
    return span;
  };
  auto place = [&](std::string_view key) {
    Place p = read_place(obj, norm, key);
    if (redactor_)
      p.text = redactor_->mask(Sensitive::address, p.code.empty() ? p.text : p.code + p.text);
    return p;
  };

  if (kind == "case") {
    if (auto problem = need(id, "id")) return problem;
    CaseRecord c;
    c.id = id;
    c.person = person_fields(obj, "missing_place");
    c.birth = date("birth_date");
    c.missing = date("missing_date");
    c.missing_place = place("missing_place");
    auto [it, inserted] = data_.cases.try_emplace(id, std::move(c));
    if (!inserted) ++data_.duplicate_ids;
    return std::nullopt;
  }
  if (kind == "sighting") {
    if (auto problem = need(id, "id")) return problem;
    SightingRecord s;
    s.id = id;
    s.person = person_fields(obj, "seen_place");
    s.seen = date("seen_date");
    s.seen_place = place("seen_place");
    read_est_age(obj, s);
    auto [it, inserted] = data_.sightings.try_emplace(id, std::move(s));
    if (!inserted) ++data_.duplicate_ids;
    return std::nullopt;
  }
  if (kind == "sample") {
    if (auto problem = need(id, "id")) return problem;
    SampleLink link{text(obj, "case"), text(obj, "person"), normalized_or_raw(obj, norm, "role")};
    auto& slot = data_.samples[id];
    if (slot.case_id.empty()) slot.case_id = link.case_id;
    if (slot.person_id.empty()) slot.person_id = link.person_id;
    if (slot.role.empty()) slot.role = link.role;
    return std::nullopt;
  }
  if (kind == "photo") {
    if (auto problem = need(id, "id")) return problem;
    data_.photo_records.emplace(id, options_.keep_photos ? text(obj, "path") : std::string());
    return std::nullopt;
  }
  if (kind == "dna_match") {
    DnaMatch m;
    m.id = id;
    m.query = text(obj, "query");
    m.candidate = text(obj, "candidate");
    if (auto problem = need(m.query, "query")) return problem;
    if (auto problem = need(m.candidate, "candidate")) return problem;
    m.candidate_case = text(obj, "candidate_case");
    m.candidate_role = text(obj, "candidate_role");
    m.co_candidate = text(obj, "co_candidate");
    m.co_candidate_role = text(obj, "co_candidate_role");
    m.hypothesis = text(obj, "hypothesis");
    auto log10_lr = number(obj, "log10_lr");
    auto lr = number(obj, "lr");
    if (!log10_lr && lr && *lr > 0) log10_lr = std::log10(*lr);
    if (!log10_lr && lr && *lr == 0) log10_lr = -HUGE_VAL;
    if (!log10_lr) return std::string("lr, log10_lr: missing or not a number");
    // Real LRs stay within 1e-1000..1e1000; beyond is a broken record, not evidence.
    if (std::isfinite(*log10_lr) && std::fabs(*log10_lr) > 1000)
      return std::string("log10_lr: not between -1000 and 1000");
    m.log10_lr = *log10_lr;
    m.lr = lr && *lr >= 0 ? *lr : std::pow(10.0, m.log10_lr);
    m.prior = number(obj, "prior");
    m.posterior = number(obj, "posterior");
    m.loci_compared = static_cast<int>(number(obj, "loci_compared").value_or(0));
    if (auto inconsistent = member(obj, "inconsistent_loci"))
      m.inconsistent_loci = locus_lrs(*inconsistent);
    if (options_.keep_locus_lrs) {
      if (auto loci = member(obj, "lr_loci")) m.lr_loci = locus_lrs(*loci);
      if (m.loci_compared == 0) m.loci_compared = static_cast<int>(m.lr_loci.size());
    }
    data_.dna_matches.push_back(std::move(m));
    return std::nullopt;
  }
  if (kind == "photo_match") {
    PhotoMatch m;
    m.query = text(obj, "query");
    m.reference = text(obj, "reference");
    if (auto problem = need(m.query, "query")) return problem;
    if (auto problem = need(m.reference, "reference")) return problem;
    auto distance = number(obj, "distance");
    if (!distance || *distance < 0 || *distance > 256)
      return std::string("distance: missing or not 0-256");
    m.distance = static_cast<int>(*distance);
    if (options_.keep_photos) {
      m.query_path = text(obj, "query_path");
      m.reference_path = text(obj, "reference_path");
    }
    m.dihedral = text(obj, "dihedral");
    if (auto q = number(obj, "query_quality")) m.query_quality = static_cast<int>(*q);
    if (auto q = number(obj, "reference_quality")) m.reference_quality = static_cast<int>(*q);
    data_.photo_matches.push_back(std::move(m));
    return std::nullopt;
  }
  if (kind == "link") {
    Link l;
    l.a = text(obj, "a");
    l.b = text(obj, "b");
    if (auto problem = need(l.a, "a")) return problem;
    if (auto problem = need(l.b, "b")) return problem;
    auto probability = number(obj, "probability");
    if (!probability || *probability < 0 || *probability > 1)
      return std::string("probability: missing or not 0-1");
    l.probability = *probability;
    l.weight = number(obj, "weight");
    data_.links.push_back(std::move(l));
    return std::nullopt;
  }
  if (kind == "cluster") {
    Cluster c;
    c.id = id;
    simdjson::dom::array members;
    if (obj.at_key("members").get(members) != simdjson::SUCCESS)
      return std::string("members: missing or not an array");
    for (element member_id : members) {
      std::string_view s;
      if (member_id.get(s) == simdjson::SUCCESS) c.members.emplace_back(s);
    }
    data_.clusters.push_back(std::move(c));
    return std::nullopt;
  }
  return std::nullopt;  // another kind: counted, nothing to show
}

}  // namespace reunite::report
