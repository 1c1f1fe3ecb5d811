#include "normalize_stream.h"

#include <reunite/error.h>
#include <reunite/ordered_parallel.h>
#include <reunite/tool.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <sstream>

namespace reunite::normalize {

namespace {

struct Normalized {
  std::string line;
  std::vector<std::string_view> flag_codes;
};

std::string read_file(const std::string& option, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(option + " " + path + ": cannot open");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

void normalize_stream(Tool& tool, const NormalizeContext& context, unsigned threads) {
  RecordReader reader = tool.records();
  RecordWriter& writer = tool.writer();
  Stats& stats = tool.stats();
  Record record;
  // Flag counts are kept by code (static strings) and added to the statistics at the end:
  // building "flag_" + code per flag on the reading thread was measurable.
  std::uint64_t flagged = 0;
  std::vector<std::pair<std::string_view, std::uint64_t>> flag_counts;
  OrderedParallelMap<RecordText, Normalized> map({.threads = threads, .batch_items = 512});
  map.run(
      [&](RecordText& item) {
        if (!reader.next(record)) return false;
        item.json.assign(record.json);
        item.norm.reset();
        item.flags.reset();
        for (const FieldSpan& field : record.fields()) {
          if (field.key != "norm" && field.key != "flags") continue;
          (field.key == "norm" ? item.norm : item.flags) =
              RecordText::Member{field.key_begin, field.value_begin, field.value_end};
        }
        return true;
      },
      [&](unsigned) {
        auto normalizer = std::make_shared<RecordNormalizer>(context);
        return [normalizer](RecordText& item, Normalized& result) {
          result.flag_codes.clear();
          normalizer->normalize(item, result.line, result.flag_codes);
        };
      },
      [&](RecordText&, Normalized& result) {
        writer.write(result.line);
        if (!result.flag_codes.empty()) ++flagged;
        for (std::string_view code : result.flag_codes) {
          auto counted = std::find_if(flag_counts.begin(), flag_counts.end(),
                                      [&](const auto& entry) { return entry.first == code; });
          if (counted == flag_counts.end()) {
            flag_counts.emplace_back(code, 1);
          } else {
            ++counted->second;
          }
        }
      });
  if (flagged) stats.add("flagged", flagged);
  for (const auto& [code, count] : flag_counts) stats.add("flag_" + std::string(code), count);
}

FieldRule parse_field_rule(std::string_view text) {
  std::size_t equals = text.rfind('=');
  std::string_view path = text.substr(0, equals);
  if (equals == std::string_view::npos || path.empty() || path.front() == '.' ||
      path.back() == '.') {
    throw UsageError("--field '" + std::string(text) + "': give FIELD=KIND, e.g. dob=date");
  }
  auto kind = field_kind_from_name(text.substr(equals + 1));
  if (!kind) {
    std::string kinds;
    for (auto name : kFieldKindNames) kinds += (kinds.empty() ? "" : ", ") + std::string(name);
    throw UsageError("--field '" + std::string(text) + "': KIND is one of " + kinds);
  }
  return FieldRule{std::string(path), *kind};
}

DateOrder parse_date_order(std::string_view text) {
  if (text == "dmy") return DateOrder::kDayFirst;
  if (text == "mdy") return DateOrder::kMonthFirst;
  return DateOrder::kUnknown;
}

Date parse_today(std::string_view text) {
  if (text.empty()) {
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return Date{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
  }
  auto date = parse_iso_date(text);
  if (!date || date->day == 0)
    throw UsageError("--today " + std::string(text) + ": give a date YYYY-MM-DD");
  return *date;
}

const RegionTable& load_regions(const std::string& current_path,
                                const std::string& historical_path) {
  if (current_path.empty() && historical_path.empty()) return RegionTable::built_in();
  static RegionTable custom;
  try {
    std::string current =
        current_path.empty() ? std::string() : read_file("--regions", current_path);
    std::string historical = historical_path.empty()
                                 ? std::string()
                                 : read_file("--regions-historical", historical_path);
    custom = RegionTable::parse(
        current_path.empty() ? RegionTable::built_in_current_text() : current,
        historical_path.empty() ? RegionTable::built_in_historical_text() : historical,
        current_path.empty() ? "regions.tsv" : current_path);
  } catch (const std::runtime_error& error) {
    if (dynamic_cast<const UsageError*>(&error)) throw;
    throw UsageError(error.what());
  }
  return custom;
}

}  // namespace reunite::normalize
