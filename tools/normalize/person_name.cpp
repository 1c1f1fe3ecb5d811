#include "person_name.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <unordered_map>
#include <vector>

namespace reunite::normalize {

namespace {

// Two-character surnames: a name starting with one keeps both characters as its surname.
constexpr std::array<std::string_view, 40> kCompoundSurnames = {
    "欧阳", "司马", "诸葛", "上官", "司徒", "东方", "皇甫", "夏侯", "尉迟", "公孙",
    "慕容", "长孙", "宇文", "令狐", "端木", "轩辕", "独孤", "南宫", "西门", "呼延",
    "申屠", "澹台", "太史", "万俟", "闻人", "公冶", "濮阳", "淳于", "单于", "钟离",
    "宗政", "仲孙", "拓跋", "百里", "东郭", "第五", "左丘", "谷梁", "赫连", "司空"};

// The commonest single-character surnames, most common first (after the national surname
// rankings): a romanized name whose two ends could both be surnames takes the commoner one.
// Only the order matters; readings come from ICU's Han-Latin/Names.
constexpr std::string_view kCommonSurnames =
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许邓韩冯曹彭曾肖田董潘袁蔡蒋余于杜叶程"
    "魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾"
    "龚邵万覃武钱戴严莫孔向常汤康易乔赖文施洪辛柯庄单葛牛包关岳左章鲁欧祝";

// Pinyin of every listed surname → its rank, and which are compound.  Built once with ICU (the
// readings are those of Han-Latin/Names), then shared read-only by all threads.
struct SurnameTable {
  std::unordered_map<std::string, int> ranks;
  std::unordered_map<std::string, bool> compound;
};

const SurnameTable& surname_table() {
  static const SurnameTable table = [] {
    SurnameTable result;
    ChineseText text;
    int rank = 0;
    for (std::size_t i = 0; i < kCommonSurnames.size(); ++rank) {
      std::size_t start = i;
      next_utf8(kCommonSurnames, i);
      result.ranks.emplace(text.surname_reading(kCommonSurnames.substr(start, i - start)), rank);
    }
    for (std::string_view compound : kCompoundSurnames) {
      std::string reading = text.surname_reading(compound);
      result.ranks.emplace(reading, rank++);
      result.compound.emplace(reading, true);
    }
    return result;
  }();
  return table;
}

bool is_compound_pinyin(const std::string& pinyin) {
  return surname_table().compound.count(pinyin) > 0;
}

bool is_ascii_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}

// Romanized name → tokens of ASCII letters, split at spaces, punctuation, tone digits and
// lower→upper changes ("ZhangWei", "zhang1wei3", "Ou-yang").  Each token keeps its case.
std::vector<std::string> latin_tokens(std::string_view romanized) {
  std::vector<std::string> tokens;
  std::string current;
  for (char c : romanized) {
    bool letter = is_ascii_letter(c);
    bool camel_break = letter && is_upper(c) && !current.empty() && !is_upper(current.back());
    if (!letter || camel_break) {
      if (!current.empty()) tokens.push_back(std::move(current));
      current.clear();
    }
    if (letter) current += c;
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  return tokens;
}

bool all_upper(const std::string& token) {
  return token.size() > 1 && std::all_of(token.begin(), token.end(), is_upper);
}

std::string lower(std::string text) {
  for (char& c : text) {
    if (is_upper(c)) c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// Tokens of a romanized name → "surname given".  The surname is the token written in capitals
// when exactly one is (the "ZHANG Wei" convention), else whichever end is the commoner surname
// (first on a tie: Chinese order); two tokens that spell a compound surname are one.
std::string key_from_tokens(std::vector<std::string> tokens) {
  if (tokens.empty()) return {};
  std::ptrdiff_t upper_count = std::count_if(tokens.begin(), tokens.end(), all_upper);
  std::size_t surname_at = 0;
  bool decided = false;
  if (upper_count == 1 && tokens.size() > 1) {
    surname_at = std::find_if(tokens.begin(), tokens.end(), all_upper) - tokens.begin();
    decided = true;
  }
  for (auto& token : tokens) token = lower(std::move(token));
  // "Ou Yang Na Na" / "Na Na Ou Yang": a compound surname split in two at either end is one.
  if (!decided && tokens.size() >= 3) {
    if (is_compound_pinyin(tokens[0] + tokens[1])) {
      tokens[0] += tokens[1];
      tokens.erase(tokens.begin() + 1);
    } else if (is_compound_pinyin(tokens[tokens.size() - 2] + tokens.back())) {
      tokens[tokens.size() - 2] += tokens.back();
      tokens.pop_back();
    }
  }
  if (tokens.size() == 1) return tokens[0];
  if (!decided) {
    int first = surname_rank(tokens.front());
    int last = surname_rank(tokens.back());
    if (last >= 0 && (first < 0 || last < first)) surname_at = tokens.size() - 1;
  }
  std::string key = tokens[surname_at];
  key += ' ';
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (i != surname_at) key += tokens[i];
  }
  return key;
}

// A name of Han characters only → "surname given".
std::string key_from_han(ChineseText& text, std::string_view han) {
  std::size_t first_end = 0;
  next_utf8(han, first_end);
  std::size_t surname_end = first_end;
  if (first_end < han.size()) {
    std::size_t second_end = first_end;
    next_utf8(han, second_end);
    if (second_end < han.size() && is_compound_surname(han.substr(0, second_end))) {
      surname_end = second_end;
    }
  }
  std::string key = text.surname_reading(han.substr(0, surname_end));
  std::string given;
  for (std::size_t i = surname_end; i < han.size();) given += text.reading(next_utf8(han, i));
  if (!given.empty()) {
    key += ' ';
    key += given;
  }
  return key;
}

}  // namespace

int surname_rank(std::string_view pinyin) {
  const auto& ranks = surname_table().ranks;
  auto found = ranks.find(std::string(pinyin));
  return found == ranks.end() ? -1 : found->second;
}

bool is_compound_surname(std::string_view han) {
  return std::find(kCompoundSurnames.begin(), kCompoundSurnames.end(), han) !=
         kCompoundSurnames.end();
}

NormalizedName normalize_name(ChineseText& text, std::string_view name) {
  return normalize_name(text, name, text.fold(name));
}

NormalizedName normalize_name(ChineseText& text, std::string_view name, std::string_view folded) {
  NormalizedName result;
  result.folded = folded;
  std::string han;
  bool has_latin = false;
  bool has_separator_dot = false;
  for (std::size_t i = 0; i < result.folded.size();) {
    std::size_t start = i;
    char32_t c = next_utf8(result.folded, i);
    if (is_han(c)) {
      han.append(result.folded, start, i - start);
    } else if (c < 0x80 ? is_ascii_letter(static_cast<char>(c))
                        : u_isalpha(static_cast<UChar32>(c)) != 0) {
      has_latin = true;
    } else if (c == 0x00B7 || c == 0x2022 || c == 0x30FB || c == 0x2027) {
      has_separator_dot = true;  // 买买提·艾力: a transcribed name, no Chinese surname
    }
  }
  if (!han.empty() && !has_latin && !has_separator_dot) {
    result.pinyin = key_from_han(text, han);
    return result;
  }
  // Romanized, transcribed or mixed: read Han characters one by one, then split into tokens.
  // A Han run reads as one word; one that opens the name has its surname split off and read
  // as a surname (张Wei → zhang wei).  Transcribed names (with ·) have no Chinese surname.
  std::string romanized;
  std::string cleaned = text.clean(name);
  bool at_start = !has_separator_dot;
  bool in_han = false;
  for (std::size_t i = 0; i < cleaned.size();) {
    std::size_t start = i;
    char32_t c = next_utf8(cleaned, i);
    if (!is_han(c)) {
      if (in_han) romanized += ' ';
      in_han = false;
      if (c != ' ') at_start = false;
      romanized.append(cleaned, start, i - start);
      continue;
    }
    if (!in_han) romanized += ' ';
    in_han = true;
    if (at_start) {
      std::size_t end = i;
      if (end < cleaned.size()) {
        std::size_t second_end = end;
        char32_t second = next_utf8(cleaned, second_end);
        if (is_han(second) && is_compound_surname(cleaned.substr(start, second_end - start)))
          end = second_end;
      }
      romanized += text.surname_reading(cleaned.substr(start, end - start));
      romanized += ' ';
      i = end;
      at_start = false;
    } else {
      romanized += text.reading(c);
    }
  }
  auto tokens = latin_tokens(toneless_pinyin(romanized, true));
  if (has_separator_dot) {
    for (const auto& token : tokens) {
      if (!result.pinyin.empty()) result.pinyin += ' ';
      result.pinyin += lower(token);
    }
    return result;
  }
  result.pinyin = key_from_tokens(std::move(tokens));
  return result;
}

}  // namespace reunite::normalize
