#include "person_text.h"

#include <fmt/format.h>
#include <unicode/calendar.h>
#include <unicode/locid.h>

#include <array>
#include <cctype>
#include <memory>

#include "reunite/error.h"

namespace reunite::synth {

namespace {

// Common surnames and given-name characters with one usual reading (no polyphones such as 曾 or
// 单, so that a name's pinyin is not in doubt).
constexpr NameSyllable kSurnames[] = {
    {"王", "王", "wang"},       {"李", "李", "li"},       {"张", "張", "zhang"},
    {"刘", "劉", "liu"},        {"陈", "陳", "chen"},     {"杨", "楊", "yang"},
    {"黄", "黃", "huang"},      {"赵", "趙", "zhao"},     {"吴", "吳", "wu"},
    {"周", "周", "zhou"},       {"徐", "徐", "xu"},       {"孙", "孫", "sun"},
    {"马", "馬", "ma"},         {"朱", "朱", "zhu"},      {"胡", "胡", "hu"},
    {"郭", "郭", "guo"},        {"何", "何", "he"},       {"林", "林", "lin"},
    {"罗", "羅", "luo"},        {"高", "高", "gao"},      {"郑", "鄭", "zheng"},
    {"梁", "梁", "liang"},      {"谢", "謝", "xie"},      {"宋", "宋", "song"},
    {"唐", "唐", "tang"},       {"许", "許", "xu"},       {"邓", "鄧", "deng"},
    {"冯", "馮", "feng"},       {"韩", "韓", "han"},      {"曹", "曹", "cao"},
    {"彭", "彭", "peng"},       {"肖", "肖", "xiao"},     {"田", "田", "tian"},
    {"董", "董", "dong"},       {"潘", "潘", "pan"},      {"袁", "袁", "yuan"},
    {"蔡", "蔡", "cai"},        {"蒋", "蔣", "jiang"},    {"杜", "杜", "du"},
    {"叶", "葉", "ye"},         {"程", "程", "cheng"},    {"魏", "魏", "wei"},
    {"苏", "蘇", "su"},         {"吕", "呂", "lv"},       {"丁", "丁", "ding"},
    {"卢", "盧", "lu"},         {"姚", "姚", "yao"},      {"沈", "沈", "shen"},
    {"钟", "鍾", "zhong"},      {"崔", "崔", "cui"},      {"谭", "譚", "tan"},
    {"陆", "陸", "lu"},         {"范", "范", "fan"},      {"汪", "汪", "wang"},
    {"廖", "廖", "liao"},       {"石", "石", "shi"},      {"金", "金", "jin"},
    {"欧阳", "歐陽", "ouyang"}, {"司马", "司馬", "sima"},
};

constexpr NameSyllable kGiven[] = {
    {"伟", "偉", "wei"},  {"芳", "芳", "fang"}, {"娜", "娜", "na"},    {"敏", "敏", "min"},
    {"静", "靜", "jing"}, {"丽", "麗", "li"},   {"强", "強", "qiang"}, {"磊", "磊", "lei"},
    {"军", "軍", "jun"},  {"洋", "洋", "yang"}, {"勇", "勇", "yong"},  {"艳", "艷", "yan"},
    {"杰", "傑", "jie"},  {"娟", "娟", "juan"}, {"涛", "濤", "tao"},   {"明", "明", "ming"},
    {"超", "超", "chao"}, {"秀", "秀", "xiu"},  {"霞", "霞", "xia"},   {"平", "平", "ping"},
    {"刚", "剛", "gang"}, {"桂", "桂", "gui"},  {"英", "英", "ying"},  {"华", "華", "hua"},
    {"文", "文", "wen"},  {"玉", "玉", "yu"},   {"兰", "蘭", "lan"},   {"飞", "飛", "fei"},
    {"鹏", "鵬", "peng"}, {"辉", "輝", "hui"},  {"婷", "婷", "ting"},  {"宇", "宇", "yu"},
    {"浩", "浩", "hao"},  {"凯", "凱", "kai"},  {"健", "健", "jian"},  {"俊", "俊", "jun"},
    {"帆", "帆", "fan"},  {"雪", "雪", "xue"},  {"琳", "琳", "lin"},   {"晨", "晨", "chen"},
    {"欣", "欣", "xin"},  {"怡", "怡", "yi"},   {"佳", "佳", "jia"},   {"子", "子", "zi"},
    {"涵", "涵", "han"},  {"博", "博", "bo"},   {"鑫", "鑫", "xin"},   {"龙", "龍", "long"},
    {"东", "東", "dong"}, {"海", "海", "hai"},  {"亮", "亮", "liang"}, {"小", "小", "xiao"},
    {"晓", "曉", "xiao"}, {"红", "紅", "hong"}, {"梅", "梅", "mei"},   {"建", "建", "jian"},
    {"国", "國", "guo"},  {"春", "春", "chun"}, {"燕", "燕", "yan"},   {"云", "雲", "yun"},
    {"宁", "寧", "ning"}, {"志", "志", "zhi"},  {"嘉", "嘉", "jia"},   {"豪", "豪", "hao"},
    {"轩", "軒", "xuan"}, {"瑞", "瑞", "rui"},  {"思", "思", "si"},    {"雨", "雨", "yu"},
    {"梓", "梓", "zi"},   {"萱", "萱", "xuan"}, {"鸿", "鴻", "hong"},  {"峰", "峰", "feng"},
};
constexpr int kSurnameCount = sizeof kSurnames / sizeof kSurnames[0];
constexpr int kGivenCount = sizeof kGiven / sizeof kGiven[0];

// Syllables more usual in boys' and girls' names (the rest go either way).
constexpr std::array<int, 20> kBoyGiven = {0,  6,  7,  8,  10, 12, 14, 15, 16, 20,
                                           28, 29, 32, 33, 34, 35, 46, 47, 62, 71};
constexpr std::array<int, 18> kGirlGiven = {1,  2,  3,  4,  5,  11, 13, 17, 18,
                                            21, 26, 30, 37, 38, 40, 41, 54, 67};

int given_syllable(Random& random, bool male) {
  double roll = random.uniform();
  if (roll < 0.6)
    return male ? kBoyGiven[random.below(kBoyGiven.size())]
                : kGirlGiven[random.below(kGirlGiven.size())];
  return static_cast<int>(random.below(kGivenCount));
}

std::string capitalized(std::string_view text) {
  std::string out(text);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

ChineseName name_with_surname(Random& random, int surname, bool male) {
  ChineseName name;
  name.surname = surname;
  int syllables = random.chance(0.7) ? 2 : 1;
  for (int s = 0; s < syllables; ++s) name.given.push_back(given_syllable(random, male));
  return name;
}

ChineseName random_name(Random& random, bool male) {
  // Skewed towards the first surnames, as real surname frequencies are (王, 李, 张 ...).
  int surname = static_cast<int>(kSurnameCount * random.uniform() * random.uniform());
  return name_with_surname(random, surname, male);
}

std::string_view surname_pinyin(int surname) {
  return kSurnames[surname].pinyin;
}

std::string write_name(const ChineseName& name, NameScript script) {
  const NameSyllable& surname = kSurnames[name.surname];
  std::string given_pinyin;
  std::string out;
  switch (script) {
    case NameScript::kSimplified:
    case NameScript::kTraditional: {
      bool simple = script == NameScript::kSimplified;
      out = simple ? surname.simplified : surname.traditional;
      for (int g : name.given) out += simple ? kGiven[g].simplified : kGiven[g].traditional;
      return out;
    }
    default:
      break;
  }
  for (int g : name.given) given_pinyin += kGiven[g].pinyin;
  switch (script) {
    case NameScript::kPinyinSurnameFirst:
      return capitalized(surname.pinyin) + " " + capitalized(given_pinyin);
    case NameScript::kPinyinGivenFirst:
      return capitalized(given_pinyin) + " " + capitalized(surname.pinyin);
    default:
      return upper(surname.pinyin) + " " + capitalized(given_pinyin);
  }
}

ChineseName homophone_typo(const ChineseName& name, Random& random) {
  ChineseName typo = name;
  if (name.given.empty()) return typo;
  std::size_t at = random.below(name.given.size());
  std::string_view pinyin = kGiven[name.given[at]].pinyin;
  std::vector<int> homophones;
  for (int g = 0; g < kGivenCount; ++g)
    if (g != name.given[at] && kGiven[g].pinyin == pinyin) homophones.push_back(g);
  if (homophones.empty()) return typo;
  typo.given[at] = random.pick(homophones);
  return typo;
}

std::string letter_typo(std::string text, Random& random) {
  std::vector<std::size_t> letters;
  for (std::size_t i = 1; i < text.size(); ++i)
    if (std::isalpha(static_cast<unsigned char>(text[i]))) letters.push_back(i);
  if (letters.empty()) return text;
  std::size_t at = random.pick(letters);
  switch (random.below(3)) {
    case 0:
      text.erase(at, 1);
      break;
    case 1:
      text.insert(at, 1, text[at]);
      break;
    default: {
      static constexpr std::string_view kNear = "aeiounghz";
      char replacement = kNear[random.below(kNear.size())];
      if (std::isupper(static_cast<unsigned char>(text[at])))
        replacement = static_cast<char>(std::toupper(static_cast<unsigned char>(replacement)));
      if (replacement == text[at]) replacement = replacement == 'a' ? 'e' : 'a';
      text[at] = replacement;
    }
  }
  return text;
}

// Howard Hinnant's days_from_civil / civil_from_days.
int days_from_civil(Date date) {
  int y = date.year - (date.month <= 2);
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (date.month + (date.month > 2 ? -3 : 9)) + 2) / 5 + date.day - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date add_days(Date date, int days) {
  int z = days_from_civil(date) + days + 719468;
  int era = (z >= 0 ? z : z - 146096) / 146097;
  int doe = z - era * 146097;
  int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int mp = (5 * doy + 2) / 153;
  Date out;
  out.day = doy - (153 * mp + 2) / 5 + 1;
  out.month = mp + (mp < 10 ? 3 : -9);
  out.year = yoe + era * 400 + (out.month <= 2);
  return out;
}

Date random_date(Random& random, int first_year, int last_year) {
  int first = days_from_civil({first_year, 1, 1});
  int last = days_from_civil({last_year, 12, 31});
  return add_days({1970, 1, 1}, first + static_cast<int>(random.below(last - first + 1)));
}

std::string iso_date(const Date& date) {
  return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day);
}

std::string write_date(const Date& date, int precision, Random& random) {
  const int y = date.year, m = date.month, d = date.day;
  if (precision <= 1) return random.chance(0.5) ? fmt::format("{}", y) : fmt::format("{}年", y);
  if (precision == 2) {
    switch (random.below(3)) {
      case 0:
        return fmt::format("{:04}-{:02}", y, m);
      case 1:
        return fmt::format("{}年{}月", y, m);
      default:
        return fmt::format("{}/{}", y, m);
    }
  }
  switch (random.below(7)) {
    case 0:
      return fmt::format("{:04}-{:02}-{:02}", y, m, d);
    case 1:
      return fmt::format("{}年{}月{}日", y, m, d);
    case 2:
      return fmt::format("{}/{}/{}", y, m, d);
    case 3:
      return fmt::format("{:04}{:02}{:02}", y, m, d);
    case 4:
      return fmt::format("{}.{:02}.{:02}", y, m, d);
    case 5:
      return fmt::format("{}-{}-{}", y, m, d);
    default:
      return fmt::format("{:04}年{:02}月{:02}日", y, m, d);
  }
}

std::string write_lunar_date(const Date& date) {
  static constexpr const char* kMonths[] = {"正", "二", "三", "四", "五", "六",
                                            "七", "八", "九", "十", "冬", "腊"};
  static constexpr const char* kDigits[] = {"",   "一", "二", "三", "四", "五",
                                            "六", "七", "八", "九", "十"};
  UErrorCode status = U_ZERO_ERROR;
  // One calendar per thread: creating one loads ICU data, far slower than using it.
  thread_local std::unique_ptr<icu::Calendar> lunar(
      icu::Calendar::createInstance(icu::Locale("zh_CN@calendar=chinese"), status));
  if (!lunar || U_FAILURE(status)) throw FatalError("ICU: no Chinese calendar");
  lunar->setTime(static_cast<UDate>(days_from_civil(date)) * 86400000.0 + 12 * 3600000.0, status);
  int year = lunar->get(UCAL_EXTENDED_YEAR, status) - 2637;
  int month = lunar->get(UCAL_MONTH, status);
  bool leap = lunar->get(UCAL_IS_LEAP_MONTH, status) != 0;
  int day = lunar->get(UCAL_DATE, status);
  if (U_FAILURE(status)) throw FatalError("ICU: cannot convert a date to the lunar calendar");
  std::string day_text = day <= 10   ? std::string("初") + kDigits[day]
                         : day < 20  ? std::string("十") + kDigits[day - 10]
                         : day == 20 ? std::string("二十")
                         : day < 30  ? std::string("廿") + kDigits[day - 20]
                                     : std::string("三十");
  return fmt::format("农历{}年{}{}月{}", year, leap ? "闰" : "", kMonths[month], day_text);
}

std::string random_mobile(Random& random) {
  static constexpr int kPrefixes[] = {130, 131, 132, 133, 135, 136, 137, 138, 139,
                                      150, 151, 152, 155, 156, 157, 158, 159, 177,
                                      180, 181, 182, 183, 186, 187, 188, 189};
  int prefix = kPrefixes[random.below(std::size(kPrefixes))];
  return fmt::format("{}{:08}", prefix, random.below(100000000));
}

std::string write_phone(std::string_view mobile, Random& random) {
  std::string_view a = mobile.substr(0, 3), b = mobile.substr(3, 4), c = mobile.substr(7);
  switch (random.below(5)) {
    case 0:
      return std::string(mobile);
    case 1:
      return fmt::format("{} {} {}", a, b, c);
    case 2:
      return fmt::format("{}-{}-{}", a, b, c);
    case 3:
      return fmt::format("+86 {} {} {}", a, b, c);
    default:
      return fmt::format("+86{}", mobile);
  }
}

std::string random_fixed_line(std::string_view area_code, Random& random) {
  std::string number = fmt::format("{}{:07}", random.between(2, 8), random.below(10000000));
  switch (random.below(3)) {
    case 0:
      return fmt::format("{}-{}", area_code, number);
    case 1:
      return fmt::format("({}){}", area_code, number);
    default:
      return fmt::format("{} {} {}", area_code, number.substr(0, 4), number.substr(4));
  }
}

char resident_id_check_character(std::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheck[sum % 11];
}

bool resident_id_checksum_valid(std::string_view number) {
  if (number.size() != 18) return false;
  for (int i = 0; i < 17; ++i)
    if (!std::isdigit(static_cast<unsigned char>(number[i]))) return false;
  char last = static_cast<char>(std::toupper(static_cast<unsigned char>(number[17])));
  return resident_id_check_character(number) == last;
}

std::string resident_id_number(std::string_view region_code, const Date& birth, bool male,
                               Random& random) {
  int sequence = static_cast<int>(random.below(500)) * 2 + (male ? 1 : 0);  // odd: male
  std::string number = fmt::format("{}{:04}{:02}{:02}{:03}", region_code, birth.year, birth.month,
                                   birth.day, sequence);
  number += resident_id_check_character(number);
  return number;
}

std::string corrupt_id_number(std::string number, Random& random) {
  for (int attempt = 0; attempt < 20; ++attempt) {
    std::string candidate = number;
    std::size_t at = random.below(16);
    if (random.chance(0.5) && candidate[at] != candidate[at + 1]) {
      std::swap(candidate[at], candidate[at + 1]);
    } else {
      candidate[at] = static_cast<char>('0' + (candidate[at] - '0' + 1 + random.below(9)) % 10);
    }
    if (!resident_id_checksum_valid(candidate)) return candidate;
  }
  number[17] = resident_id_check_character(number) == '0' ? '1' : '0';  // not reached in practice
  return number;
}

}  // namespace reunite::synth
