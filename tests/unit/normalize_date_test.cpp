// Dates (tools/normalize/date).
#include <doctest/doctest.h>

#include "chinese_text.h"
#include "date.h"

using namespace reunite::normalize;

namespace {
ChineseText& text() {
  static ChineseText shared;
  return shared;
}
// The ISO form, or the flag code in brackets.
std::string iso(std::string_view value, DateOrder order = DateOrder::kUnknown,
                bool is_number = false) {
  DateParser parser(text(), order);
  DateResult result = parser.parse(value, is_number);
  if (result.date) return result.date->iso();
  std::string flag = "[";
  flag.append(result.problem);
  return flag + "]";
}
}  // namespace

TEST_CASE("ISO and its look-alikes keep the source's precision") {
  CHECK(iso("2008-05-12") == "2008-05-12");
  CHECK(iso("2008/5/12") == "2008-05-12");
  CHECK(iso("2008.05.12") == "2008-05-12");
  CHECK(iso("20080512") == "2008-05-12");
  CHECK(iso("20080512", DateOrder::kUnknown, true) == "2008-05-12");
  CHECK(iso("2008-05") == "2008-05");
  CHECK(iso("2008") == "2008");
  CHECK(iso("2008-05-12T10:30:00Z") == "2008-05-12");
  CHECK(iso("2008/5/12 10:30") == "2008-05-12");
  CHECK(iso("２００８－０５－１２") == "2008-05-12");
}

TEST_CASE("Chinese dates, numerals, thirds of a month, seasons") {
  CHECK(iso("2008年5月12日") == "2008-05-12");
  CHECK(iso("2008年5月12号") == "2008-05-12");
  CHECK(iso("2008年5月") == "2008-05");
  CHECK(iso("2008年05月份") == "2008-05");
  CHECK(iso("2008年") == "2008");
  CHECK(iso("二〇〇八年五月十二日") == "2008-05-12");
  CHECK(iso("二零零八年十二月三十一日") == "2008-12-31");
  CHECK(iso("二〇〇八年五月廿一日") == "2008-05-21");
  CHECK(iso("2008年5月12日左右") == "2008-05-12");
  CHECK(iso("2008年5月上旬") == "2008-05-01/2008-05-10");
  CHECK(iso("2008年2月下旬") == "2008-02-21/2008-02-29");
  CHECK(iso("2011年春") == "2011-03/2011-05");
  CHECK(iso("2011年秋天") == "2011-09/2011-11");
  CHECK(iso("2011年冬") == "2011-12/2012-02");
}

TEST_CASE("lunar dates through ICU's Chinese calendar") {
  CHECK(iso("2014年正月初一") == "2014-01-31");
  CHECK(iso("农历2014年正月初一") == "2014-01-31");
  CHECK(iso("2015年腊月廿九") == "2016-02-07");         // the eve of the 2016 new year
  CHECK(iso("2015年腊月三十") == "[impossible_date]");  // that 腊月 had 29 days
  CHECK(iso("农历2008年五月十二") == "2008-06-15");
  CHECK(iso("2020年闰四月初一") == "2020-05-23");
  CHECK(iso("2021年闰四月初一") == "[impossible_date]");  // 2021 has no leap month
  CHECK(iso("2014年冬月") == "2014-12-22/2015-01-19");
}

TEST_CASE("English month names") {
  CHECK(iso("May 12, 2008") == "2008-05-12");
  CHECK(iso("12 May 2008") == "2008-05-12");
  CHECK(iso("12-MAY-2008") == "2008-05-12");
  CHECK(iso("Monday, 12th May 2008") == "2008-05-12");
  CHECK(iso("Sept 2008") == "2008-09");
  CHECK(iso("Maybe 2008") == "[bad_date]");
}

TEST_CASE("day-first and month-first numerics: ambiguous ones are flagged, not guessed") {
  CHECK(iso("05/06/2008") == "[ambiguous_date]");
  CHECK(iso("05/06/2008", DateOrder::kDayFirst) == "2008-06-05");
  CHECK(iso("05/06/2008", DateOrder::kMonthFirst) == "2008-05-06");
  CHECK(iso("25/06/2008") == "2008-06-25");
  CHECK(iso("06/25/2008") == "2008-06-25");
  CHECK(iso("12.05.2008", DateOrder::kDayFirst) == "2008-05-12");
  CHECK(iso("07/07/2008") == "2008-07-07");
  CHECK(iso("5/2008") == "2008-05");
  CHECK(iso("12/05/08") == "[bad_date]");
}

TEST_CASE("Excel serial day numbers") {
  CHECK(iso("39580") == "2008-05-12");
  CHECK(iso("39580", DateOrder::kUnknown, true) == "2008-05-12");
  CHECK(iso("39580.5", DateOrder::kUnknown, true) == "2008-05-12");
  CHECK(iso("43831") == "2020-01-01");
}

TEST_CASE("impossible dates and leap years") {
  CHECK(iso("2014-02-30") == "[impossible_date]");
  CHECK(iso("2014-02-29") == "[impossible_date]");
  CHECK(iso("2016-02-29") == "2016-02-29");
  CHECK(iso("2000-02-29") == "2000-02-29");         // divisible by 400
  CHECK(iso("1900-02-29") == "[impossible_date]");  // by 100, not 400
  CHECK(iso("2008-13-01") == "[impossible_date]");
  CHECK(iso("2008年13月") == "[impossible_date]");
  CHECK(iso("0208-05-12") == "[bad_date]");
  CHECK(iso("yesterday") == "[bad_date]");
  CHECK(iso("5月12日") == "[bad_date]");  // no year
}

TEST_CASE("Date bounds and ISO round trip") {
  CHECK(Date{2008, 0, 0}.earliest() == 20080101);
  CHECK(Date{2008, 2, 0}.latest() == 20080229);
  CHECK(parse_iso_date("2008-05-12") == Date{2008, 5, 12});
  CHECK_FALSE(parse_iso_date("2008-02-30"));
}
