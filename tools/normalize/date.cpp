#include "date.h"

#include <fmt/format.h>
#include <unicode/calendar.h>
#include <unicode/gregocal.h>
#include <unicode/locid.h>
#include <unicode/timezone.h>

#include <array>
#include <charconv>
#include <vector>

#include "chinese_text.h"

namespace reunite::normalize {

namespace {

// The years a date in these records can have; anything else is a typo, not a date.
constexpr int kFirstYear = 1800;
constexpr int kLastYear = 2200;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!is_digit(c)) return false;
  }
  return true;
}

int to_int(std::string_view digits) {
  int value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool consume(std::string_view& text, std::string_view prefix) {
  if (!starts_with(text, prefix)) return false;
  text.remove_prefix(prefix.size());
  return true;
}

bool consume_suffix(std::string_view& text, std::string_view suffix) {
  if (text.size() < suffix.size() || text.substr(text.size() - suffix.size()) != suffix)
    return false;
  text.remove_suffix(suffix.size());
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == ',')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == ',' || text.back() == '.'))
    text.remove_suffix(1);
  return text;
}

// One Chinese digit character (〇零一二…九, 两) → its value, consuming it.
std::optional<int> chinese_digit(std::string_view& text) {
  static constexpr std::array<std::string_view, 10> kDigits = {"零", "一", "二", "三", "四",
                                                               "五", "六", "七", "八", "九"};
  if (consume(text, "〇") || consume(text, "o") || consume(text, "○")) return 0;
  if (consume(text, "两")) return 2;
  for (int d = 0; d < 10; ++d) {
    if (consume(text, kDigits[d])) return d;
  }
  return std::nullopt;
}

// A number up to 99 in Arabic digits or Chinese numerals (十二, 二十一, 廿三, 卅一).
std::optional<int> small_number(std::string_view& text) {
  std::size_t digits = 0;
  while (digits < text.size() && is_digit(text[digits])) ++digits;
  if (digits > 0) {
    if (digits > 2) return std::nullopt;
    int value = to_int(text.substr(0, digits));
    text.remove_prefix(digits);
    return value;
  }
  std::string_view rest = text;
  int value = 0;
  if (consume(rest, "廿")) {
    value = 20;
  } else if (consume(rest, "卅")) {
    value = 30;
  } else {
    auto tens = chinese_digit(rest);
    if (consume(rest, "十")) {
      value = (tens ? *tens : 1) * 10;
    } else if (tens) {
      text = rest;
      return *tens;
    } else {
      return std::nullopt;
    }
  }
  if (auto units = chinese_digit(rest)) value += *units;
  text = rest;
  return value;
}

// A four-digit year in Arabic digits or Chinese digits written one by one (二〇〇八).
std::optional<int> year_number(std::string_view& text) {
  std::size_t digits = 0;
  while (digits < text.size() && is_digit(text[digits])) ++digits;
  if (digits == 4) {
    int value = to_int(text.substr(0, 4));
    text.remove_prefix(4);
    return value;
  }
  if (digits > 0) return std::nullopt;
  std::string_view rest = text;
  int value = 0;
  for (int i = 0; i < 4; ++i) {
    auto digit = chinese_digit(rest);
    if (!digit) return std::nullopt;
    value = value * 10 + *digit;
  }
  text = rest;
  return value;
}

std::optional<int> english_month(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  if (word.size() < 3) return std::nullopt;
  if (word == "sept") return 9;
  for (int m = 0; m < 12; ++m) {
    if (kMonths[m].substr(0, word.size()) == word) return m + 1;
  }
  return std::nullopt;
}

bool is_weekday(std::string_view word) {
  static constexpr std::array<std::string_view, 7> kDays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  if (word.size() < 3) return false;
  for (auto day : kDays) {
    if (day.substr(0, word.size()) == word) return true;
  }
  return false;
}

DateResult fail(std::string_view code, std::string detail) {
  DateResult result;
  result.problem = code;
  result.detail = std::move(detail);
  return result;
}

DateResult unrecognised() {
  return fail("bad_date", "not a date format reunite-normalize knows");
}

// Checks a (possibly partial) date and wraps it.
DateResult checked(Date date) {
  if (date.year < kFirstYear || date.year > kLastYear) {
    return fail("bad_date", fmt::format("year outside {}-{}", kFirstYear, kLastYear));
  }
  if (date.month < 0 || date.month > 12 || (date.month == 0 && date.day != 0)) {
    return fail("impossible_date", "no such month");
  }
  if (date.day < 0 || (date.month > 0 && date.day > days_in_month(date.year, date.month))) {
    return fail("impossible_date", "no such day in that month");
  }
  DateResult result;
  result.date = DateSpan{date, date};
  return result;
}

DateResult span(Date first, Date last) {
  DateResult result = checked(first);
  if (!result.date) return result;
  DateResult end = checked(last);
  if (!end.date) return end;
  result.date->last = last;
  return result;
}

// 1899-12-30 is day 0 of Excel's 1900 date system (its fictitious 1900-02-29 is day 60, so
// counting from the 30th is right for every serial after February 1900).
Date from_excel_serial(long serial) {
  // Days since 1970-01-01 → civil date (Howard Hinnant's days_from_civil inverse).
  long z = serial - 25569 + 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  return Date{year, month, day};
}

std::vector<std::string_view> split_any(std::string_view text, std::string_view separators) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || separators.find(text[i]) != std::string_view::npos) {
      if (i > start) parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Date

std::string Date::iso() const {
  std::string out;
  append_iso(out);
  return out;
}

// Written by hand: fmt::format was a tenth of the time spent on a date.
void Date::append_iso(std::string& out) const {
  auto two_digits = [&](int value) {
    out += static_cast<char>('0' + value / 10);
    out += static_cast<char>('0' + value % 10);
  };
  if (year < 0 || year > 9999 || month < 0 || month > 99 || day < 0 || day > 99) {
    if (month == 0) {
      out += fmt::format("{:04}", year);
    } else if (day == 0) {
      out += fmt::format("{:04}-{:02}", year, month);
    } else {
      out += fmt::format("{:04}-{:02}-{:02}", year, month, day);
    }
    return;
  }
  two_digits(year / 100);
  two_digits(year % 100);
  if (month == 0) return;
  out += '-';
  two_digits(month);
  if (day == 0) return;
  out += '-';
  two_digits(day);
}

int Date::earliest() const {
  return year * 10000 + (month ? month : 1) * 100 + (day ? day : 1);
}

int Date::latest() const {
  int m = month ? month : 12;
  return year * 10000 + m * 100 + (day ? day : days_in_month(year, m));
}

bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

std::optional<Date> parse_iso_date(std::string_view text) {
  auto parts = split_any(text, "-");
  if (parts.empty() || parts.size() > 3 || parts[0].size() != 4) return std::nullopt;
  for (auto part : parts) {
    if (!all_digits(part)) return std::nullopt;
  }
  Date date{to_int(parts[0]), parts.size() > 1 ? to_int(parts[1]) : 0,
            parts.size() > 2 ? to_int(parts[2]) : 0};
  if (!checked(date).date) return std::nullopt;
  return date;
}

// ---------------------------------------------------------------------------------------------
// DateParser

DateParser::DateParser(ChineseText& text, DateOrder order) : text_(text), order_(order) {}
DateParser::~DateParser() = default;

std::optional<Date> DateParser::lunar_to_gregorian(int year, int month, bool leap_month, int day) {
  // ICU computes the Chinese calendar astronomically (tens of microseconds a date); the years
  // are bounded, so the cache is too.
  int key = ((year * 13 + month) * 2 + (leap_month ? 1 : 0)) * 32 + day;
  if (auto found = lunar_cache_.find(key); found != lunar_cache_.end()) return found->second;
  auto date = compute_lunar(year, month, leap_month, day);
  if (lunar_cache_.size() < 200000) lunar_cache_.emplace(key, date);
  return date;
}

std::optional<Date> DateParser::compute_lunar(int year, int month, bool leap_month, int day) {
  UErrorCode status = U_ZERO_ERROR;
  if (!chinese_calendar_) {
    chinese_calendar_.reset(icu::Calendar::createInstance(
        icu::TimeZone::getGMT()->clone(), icu::Locale("zh_CN@calendar=chinese"), status));
    gregorian_calendar_ = std::make_unique<icu::GregorianCalendar>(icu::TimeZone::getGMT()->clone(),
                                                                   icu::Locale::getRoot(), status);
    if (U_FAILURE(status)) {
      chinese_calendar_.reset();
      return std::nullopt;
    }
  }
  // ICU counts Chinese years from 2637 BCE: the lunar year that starts in Gregorian year Y is
  // extended year Y + 2637.
  auto& lunar = *chinese_calendar_;
  lunar.clear();
  lunar.set(UCAL_EXTENDED_YEAR, year + 2637);
  lunar.set(UCAL_MONTH, month - 1);
  lunar.set(UCAL_IS_LEAP_MONTH, leap_month ? 1 : 0);
  lunar.set(UCAL_DATE, day);
  UDate time = lunar.getTime(status);
  if (U_FAILURE(status)) return std::nullopt;
  // ICU rolls a 30th of a 29-day month or a leap month the year lacks into the next month:
  // read the fields back to see whether the date exists.
  if (lunar.get(UCAL_DATE, status) != day || lunar.get(UCAL_MONTH, status) != month - 1 ||
      lunar.get(UCAL_IS_LEAP_MONTH, status) != (leap_month ? 1 : 0)) {
    return std::nullopt;
  }
  gregorian_calendar_->setTime(time, status);
  Date date{gregorian_calendar_->get(UCAL_YEAR, status),
            gregorian_calendar_->get(UCAL_MONTH, status) + 1,
            gregorian_calendar_->get(UCAL_DATE, status)};
  if (U_FAILURE(status)) return std::nullopt;
  return date;
}

DateResult DateParser::parse(std::string_view raw, bool is_number) {
  return parse_folded(text_.fold(raw), is_number);
}

DateResult DateParser::parse_folded(std::string_view folded, bool is_number) {
  std::string_view text = trim(folded);
  // None of the words below starts with a digit or ends with an ASCII character: most dates
  // (2008-05-12, 2008年5月12日) skip the comparisons.
  const bool leading_words = !text.empty() && !is_digit(text.front());
  // Words of approximation say nothing the precision does not: 约2008年5月, 2008年5月左右.
  if (leading_words) {
    for (std::string_view word :
         {"大约", "大概", "约", "about ", "approx. ", "approx ", "circa ", "c. "}) {
      if (consume(text, word)) break;
    }
  }
  if (!text.empty() && static_cast<unsigned char>(text.back()) >= 0x80) {
    for (std::string_view word : {"左右", "前后", "许", "前"}) {
      if (consume_suffix(text, word)) break;
    }
  }
  text = trim(text);
  bool lunar = false;
  if (!text.empty() && !is_digit(text.front())) {
    for (std::string_view word : {"农历", "阴历", "旧历"}) lunar = consume(text, word) || lunar;
    for (std::string_view word : {"公历", "阳历", "新历"}) consume(text, word);
  }
  text = trim(text);
  if (text.empty()) return unrecognised();

  // A time of day after the date adds nothing here: "2008-05-12t10:30:00z", "2008/5/12 10:30".
  if (text.size() > 10 && all_digits(text.substr(0, 4)) && text[4] == '-' && text[10] == 't') {
    text = text.substr(0, 10);
  }
  if (auto space = text.rfind(' ');
      space != std::string_view::npos && text.substr(space).find(':') != std::string_view::npos) {
    text = trim(text.substr(0, space));
  }

  bool chinese = text.find("年") != std::string_view::npos ||
                 text.find("月") != std::string_view::npos ||
                 text.find("日") != std::string_view::npos;
  if (chinese) {
    // ---- 2008年5月12日, 二〇〇八年五月十二日, 2014年正月初一, 2011年春, 2008年5月上旬
    auto year = year_number(text);
    if (!year) return unrecognised();
    text = trim(text);
    if (!consume(text, "年")) return unrecognised();
    text = trim(text);
    if (text.empty()) return checked(Date{*year, 0, 0});
    struct Season {
      std::string_view name;
      int first_month;
    };
    for (Season season : {Season{"春", 3}, Season{"夏", 6}, Season{"秋", 9}, Season{"冬", 12}}) {
      std::string_view rest = text;
      if (!consume(rest, season.name)) continue;
      if (!consume(rest, "天")) consume(rest, "季");
      if (!trim(rest).empty()) continue;  // 冬月 is a lunar month, not winter
      Date first{*year, season.first_month, 0};
      Date last =
          season.first_month == 12 ? Date{*year + 1, 2, 0} : Date{*year, season.first_month + 2, 0};
      return span(first, last);
    }
    bool leap_month = consume(text, "闰");
    lunar = lunar || leap_month;
    std::optional<int> month;
    if (consume(text, "正")) {
      month = 1, lunar = true;
    } else if (consume(text, "冬")) {
      month = 11, lunar = true;
    } else if (consume(text, "腊")) {
      month = 12, lunar = true;
    } else {
      month = small_number(text);
    }
    if (!month || !consume(text, "月")) return unrecognised();
    consume(text, "份");
    text = trim(text);
    std::optional<int> day;
    int last_day = 0;  // a third of a month: 上旬 1–10, 中旬 11–20, 下旬 21–end
    if (text.empty()) {
    } else if (consume(text, "上旬") || text == "初") {  // 5月初: early May (初一 is lunar)
      text = {};
      day = 1, last_day = 10;
    } else if (consume(text, "中旬")) {
      day = 11, last_day = 20;
    } else if (consume(text, "下旬") || consume(text, "底") || consume(text, "末")) {
      day = 21, last_day = -1;
    } else {
      if (consume(text, "初")) lunar = true;
      day = small_number(text);
      if (!day) return unrecognised();
      if (!consume(text, "日")) consume(text, "号");
    }
    if (!trim(text).empty()) return unrecognised();
    if (lunar) {
      if (last_day != 0) return unrecognised();  // 上旬 of a lunar month: rare, not guessed
      if (*month < 1 || *month > 12) return fail("impossible_date", "no such lunar month");
      if (!day) {
        auto first = lunar_to_gregorian(*year, *month, leap_month, 1);
        auto last = lunar_to_gregorian(*year, *month, leap_month, 30);
        if (!last) last = lunar_to_gregorian(*year, *month, leap_month, 29);
        if (!first || !last) return fail("impossible_date", "no such lunar month in that year");
        return span(*first, *last);
      }
      auto date = lunar_to_gregorian(*year, *month, leap_month, *day);
      if (!date) return fail("impossible_date", "no such day in the lunar calendar");
      return checked(*date);
    }
    if (last_day != 0) {
      if (*month < 1 || *month > 12) return fail("impossible_date", "no such month");
      int end = last_day > 0 ? last_day : days_in_month(*year, *month);
      return span(Date{*year, *month, *day}, Date{*year, *month, end});
    }
    return checked(Date{*year, *month, day.value_or(0)});
  }

  bool has_letters = false;
  for (char c : text) has_letters = has_letters || (c >= 'a' && c <= 'z');
  if (has_letters) {
    // ---- May 12, 2008 / 12 May 2008 / 12-may-2008 / May 2008 / Monday, 12th May 2008
    int month = 0, year = 0, day = 0;
    for (std::string_view word : split_any(text, " ,.-/")) {
      std::size_t digits = 0;
      while (digits < word.size() && is_digit(word[digits])) ++digits;
      if (digits == 0) {
        if (is_weekday(word) || word == "of" || word == "the") continue;
        auto named = english_month(word);
        if (!named || month) return unrecognised();
        month = *named;
        continue;
      }
      std::string_view suffix = word.substr(digits);
      if (!suffix.empty() && suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th") {
        return unrecognised();
      }
      if (digits == 4 && suffix.empty() && !year) {
        year = to_int(word);
      } else if (digits <= 2 && !day) {
        day = to_int(word.substr(0, digits));
      } else {
        return unrecognised();
      }
    }
    if (!month || !year) return unrecognised();
    return checked(Date{year, month, day});
  }

  // ---- all digits: 2008-05-12, 2008/5/12, 2008.05.12, 20080512, 12.05.2008, Excel 39580
  auto parts = split_any(text, "-/. ");
  for (auto part : parts) {
    if (!all_digits(part)) {
      return unrecognised();
    }
  }
  if (parts.size() == 1 ||
      (is_number && parts.size() == 2 && text.find('.') != std::string_view::npos)) {
    std::string_view digits = parts[0];
    if (parts.size() == 2 && digits.size() != 5) return unrecognised();
    if (digits.size() == 4) return checked(Date{to_int(digits), 0, 0});
    if (digits.size() == 8) {
      return checked(Date{to_int(digits.substr(0, 4)), to_int(digits.substr(4, 2)),
                          to_int(digits.substr(6, 2))});
    }
    if (digits.size() == 6 && to_int(digits.substr(4, 2)) <= 12) {
      return checked(Date{to_int(digits.substr(0, 4)), to_int(digits.substr(4, 2)), 0});
    }
    if (digits.size() == 5) return checked(from_excel_serial(to_int(digits)));
    return unrecognised();
  }
  if (parts.size() == 2) {
    if (parts[0].size() == 4 && parts[1].size() <= 2)
      return checked(Date{to_int(parts[0]), to_int(parts[1]), 0});
    if (parts[1].size() == 4 && parts[0].size() <= 2)
      return checked(Date{to_int(parts[1]), to_int(parts[0]), 0});
    return unrecognised();
  }
  if (parts.size() != 3) return unrecognised();
  if (parts[0].size() == 4 && parts[1].size() <= 2 && parts[2].size() <= 2) {
    return checked(Date{to_int(parts[0]), to_int(parts[1]), to_int(parts[2])});
  }
  if (parts[2].size() != 4 || parts[0].size() > 2 || parts[1].size() > 2) {
    return fail("bad_date", "not a date format reunite-normalize knows (two-digit year?)");
  }
  int first = to_int(parts[0]), second = to_int(parts[1]), year = to_int(parts[2]);
  DateOrder order = order_;
  if (first > 12 && second <= 12) order = DateOrder::kDayFirst;
  if (second > 12 && first <= 12) order = DateOrder::kMonthFirst;
  if (first == second) order = DateOrder::kDayFirst;
  if (order == DateOrder::kUnknown) {
    return fail("ambiguous_date", "day-first or month-first? (see --date-order)");
  }
  return order == DateOrder::kDayFirst ? checked(Date{year, second, first})
                                       : checked(Date{year, first, second});
}

}  // namespace reunite::normalize
