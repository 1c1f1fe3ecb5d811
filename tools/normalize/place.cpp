#include "place.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

#include "chinese_text.h"

namespace reunite::normalize {

namespace {

// Suffixes a name is also written without, longest first.
constexpr std::array<std::string_view, 14> kSuffixes = {
    "特别行政区", "自治区", "自治州", "自治县", "自治旗", "林区", "地区",
    "省",         "市",     "县",     "区",     "盟",     "旗",   "州"};

// Words of an English or pinyin address that name no place.
constexpr std::array<std::string_view, 22> kLatinNoise = {
    "sheng",    "shi",    "qu",         "xian",       "zizhiqu", "zizhizhou",    "province", "city",
    "district", "county", "prefecture", "autonomous", "region",  "municipality", "china",    "prc",
    "pr",       "of",     "the",        "people",     "s",       "republic"};

// Readings ICU gives a character in general that place names do not use: 长沙 is Changsha,
// not Zhangsha; 成都 Chengdu, not Chengdou; 厦门 Xiamen; 重庆 Chongqing; 蚌埠 Bengbu.
struct PlaceReading {
  std::string_view han;
  std::string_view pinyin;
};
constexpr std::array<PlaceReading, 5> kPlaceReadings = {
    {{"长", "chang"}, {"都", "du"}, {"厦", "xia"}, {"重", "chong"}, {"蚌", "beng"}}};

std::size_t char_count(std::string_view utf8) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < utf8.size(); ++count) next_utf8(utf8, i);
  return count;
}

// 广西壮族自治区 → 广西, 长沙县 → 长沙, 市辖区 and 城区 stay whole (one character is too little).
std::string short_name(std::string_view name) {
  for (std::string_view suffix : kSuffixes) {
    if (name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix) {
      std::string_view stem = name.substr(0, name.size() - suffix.size());
      if (stem.find("族") != std::string_view::npos) {
        // 延边朝鲜族自治州 → 延边: the place name comes before the peoples' names.
        std::size_t i = 0;
        next_utf8(stem, i);
        next_utf8(stem, i);
        stem = stem.substr(0, i);
      }
      if (char_count(stem) < 2) return std::string(name);
      return std::string(stem);
    }
  }
  return std::string(name);
}

std::string place_pinyin(ChineseText& text, std::string_view han) {
  std::string pinyin;
  for (std::size_t i = 0; i < han.size();) {
    std::size_t start = i;
    char32_t c = next_utf8(han, i);
    std::string_view character = han.substr(start, i - start);
    auto special = std::find_if(kPlaceReadings.begin(), kPlaceReadings.end(),
                                [&](const PlaceReading& r) { return r.han == character; });
    if (special != kPlaceReadings.end()) {
      pinyin += special->pinyin;
    } else {
      pinyin += text.reading(c);
    }
  }
  return pinyin;
}

bool is_ancestor_or_self(RegionCode ancestor, RegionCode code) {
  if (ancestor == code) return true;
  if (ancestor % 10000 == 0) return code / 10000 == ancestor / 10000;
  if (ancestor % 100 == 0) return code / 100 == ancestor / 100;
  return false;
}

}  // namespace

PlaceResolver::PlaceResolver(const RegionTable& table, ChineseText& text) : table_(table) {
  for (const Region& region : table.current()) {
    if (region.placeholder) continue;
    add_name(region.name, region.code);
    std::string short_form = short_name(region.name);
    if (short_form != region.name) add_name(short_form, region.code);
    by_pinyin_[place_pinyin(text, short_form)].push_back(region.code);
  }
  for (auto& [key, codes] : by_pinyin_) {
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  }
}

void PlaceResolver::add_name(const std::string& key, RegionCode code) {
  auto& codes = by_name_[key];
  if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
  longest_name_bytes_ = std::max(longest_name_bytes_, key.size());
}

// Scans left to right taking the longest known name at each position.
std::vector<const PlaceResolver::Candidates*> PlaceResolver::mentions_in_han(
    std::string_view folded) const {
  std::vector<const Candidates*> mentions;
  std::vector<std::size_t> boundaries;
  for (std::size_t i = 0; i < folded.size();) {
    boundaries.clear();
    std::size_t j = i;
    while (j < folded.size() && j - i < longest_name_bytes_) {
      next_utf8(folded, j);
      boundaries.push_back(j);
    }
    bool matched = false;
    for (std::size_t k = boundaries.size(); k-- > 1;) {  // two characters at least
      auto found = by_name_.find(folded.substr(i, boundaries[k] - i));
      if (found != by_name_.end()) {
        mentions.push_back(&found->second);
        i = boundaries[k];
        matched = true;
        break;
      }
    }
    if (!matched) next_utf8(folded, i);
  }
  return mentions;
}

// Words of letters; up to three neighbours joined ("chong qing", "nei meng gu") are tried first.
std::vector<const PlaceResolver::Candidates*> PlaceResolver::mentions_in_latin(
    std::string_view folded) const {
  std::vector<std::string> words;
  std::string current;
  for (char c : toneless_pinyin(folded)) {
    if (c >= 'a' && c <= 'z') {
      current += c;
    } else if (c != '\'') {  // xi'an
      if (!current.empty()) words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  std::erase_if(words, [](const std::string& w) {
    return std::find(kLatinNoise.begin(), kLatinNoise.end(), w) != kLatinNoise.end();
  });
  std::vector<const Candidates*> mentions;
  for (std::size_t i = 0; i < words.size();) {
    std::size_t taken = 0;
    for (std::size_t n = std::min<std::size_t>(3, words.size() - i); n >= 1 && !taken; --n) {
      std::string joined;
      for (std::size_t k = 0; k < n; ++k) joined += words[i + k];
      auto found = by_pinyin_.find(joined);
      if (found != by_pinyin_.end()) {
        mentions.push_back(&found->second);
        taken = n;
      }
    }
    i += taken ? taken : 1;
  }
  return mentions;
}

PlaceResult PlaceResolver::best(const std::vector<const Candidates*>& mentions) const {
  PlaceResult result;
  if (mentions.empty()) {
    result.problem = "unknown_place";
    result.detail = "no division name recognised";
    return result;
  }
  // Score every candidate by how many mentions it or one of its ancestors answers.
  std::map<RegionCode, int> scores;
  for (const Candidates* mention : mentions) {
    for (RegionCode code : *mention) scores.emplace(code, 0);
  }
  int top = 0;
  for (auto& [code, score] : scores) {
    for (const Candidates* mention : mentions) {
      if (std::any_of(
              mention->begin(), mention->end(),
              // clang before 16 cannot capture a structured binding: copy it.
              [&, candidate = code](RegionCode m) { return is_ancestor_or_self(m, candidate); })) {
        ++score;
      }
    }
    top = std::max(top, score);
  }
  std::vector<RegionCode> winners;
  for (const auto& [code, score] : scores) {
    if (score == top) winners.push_back(code);
  }
  // Ties: 长沙 is both the city and 长沙县 under it — the city, an ancestor of every winner,
  // is what the text says.  Otherwise the deepest common ancestor, flagged.
  for (RegionCode candidate : winners) {
    if (std::all_of(winners.begin(), winners.end(),
                    [&](RegionCode w) { return is_ancestor_or_self(candidate, w); })) {
      result.region = table_.names(candidate);
      return result;
    }
  }
  RegionCode common = winners.front() / 100 * 100;
  auto shared_by_all = [&](RegionCode ancestor) {
    return std::all_of(winners.begin(), winners.end(),
                       [&](RegionCode w) { return is_ancestor_or_self(ancestor, w); });
  };
  if (!shared_by_all(common)) common = winners.front() / 10000 * 10000;
  if (!shared_by_all(common)) common = 0;
  result.problem = "ambiguous_place";
  result.detail = fmt::format("{} divisions match", winners.size());
  if (common && table_.find(common)) result.region = table_.names(common);
  return result;
}

PlaceResult PlaceResolver::resolve(ChineseText& text, std::string_view place) const {
  return resolve_folded(text.fold(place));
}

PlaceResult PlaceResolver::resolve_folded(std::string_view folded) const {
  std::string compact(folded);
  std::erase(compact, ' ');
  if (contains_han(compact)) return best(mentions_in_han(compact));
  return best(mentions_in_latin(folded));
}

PlaceResult PlaceResolver::from_code(RegionCode code) const {
  PlaceResult result;
  if (!table_.find(code)) {
    result.problem = "unknown_place";
    result.detail = "no such division code";
    return result;
  }
  result.region = table_.names(code);
  return result;
}

}  // namespace reunite::normalize
