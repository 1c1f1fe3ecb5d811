// Dates as people write them → ISO 8601 with the precision the source had: "2008", "2008-05",
// "2008-05-12", or a range "2011-03/2011-05" for a season or a third of a month.  Understands
// ISO and its look-alikes (2008/5/12, 2008.05.12, 20080512), Chinese (2008年5月12日, Chinese
// numerals, 上旬/中旬/下旬, seasons), lunar dates (2014年正月初一, 农历…, via ICU's Chinese
// calendar), English month names, day-first or month-first numerics (by DateOrder; ambiguous
// ones are refused, not guessed) and Excel serial day numbers.
#pragma once

#include <unicode/uversion.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

U_NAMESPACE_BEGIN
class Calendar;
U_NAMESPACE_END

namespace reunite::normalize {

class ChineseText;

// A calendar date that may be partial: month and day are 0 when the source did not say.
struct Date {
  int year = 0;
  int month = 0;
  int day = 0;

  std::string iso() const;  // "2008", "2008-05", "2008-05-12"
  void append_iso(std::string& out) const;
  // The first and last day the date can mean, as yyyymmdd numbers, for comparisons.
  int earliest() const;
  int latest() const;
  friend bool operator==(const Date&, const Date&) = default;
};

// A date or a span of dates ("2011年春" → 2011-03/2011-05).
struct DateSpan {
  Date first;
  Date last;  // equal to first for a single date

  bool is_range() const { return !(first == last); }
  std::string iso() const {
    std::string out;
    append_iso(out);
    return out;
  }
  void append_iso(std::string& out) const {
    first.append_iso(out);
    if (is_range()) {
      out += '/';
      last.append_iso(out);
    }
  }
  int earliest() const { return first.earliest(); }
  int latest() const { return last.latest(); }
};

bool is_leap_year(int year);
int days_in_month(int year, int month);
// An ISO date ("2008-05-12", "2008-05", "2008") back into a Date; nullopt if it is not one.
std::optional<Date> parse_iso_date(std::string_view text);

// How to read all-numeric dates whose first two parts could each be a day or a month.
enum class DateOrder { kUnknown, kDayFirst, kMonthFirst };

struct DateResult {
  std::optional<DateSpan> date;
  std::string_view
      problem;         // flag code when date is empty: bad_date, ambiguous_date, impossible_date
  std::string detail;  // why (never the value itself)
};

class DateParser {
 public:
  DateParser(ChineseText& text, DateOrder order);
  ~DateParser();

  // `text` as written; `is_number` when the source had a JSON number (an Excel serial day
  // number or a yyyymmdd).
  DateResult parse(std::string_view text, bool is_number = false);
  // The same for text already folded (ChineseText::fold).
  DateResult parse_folded(std::string_view folded, bool is_number = false);

 private:
  std::optional<Date> lunar_to_gregorian(int year, int month, bool leap_month, int day);
  std::optional<Date> compute_lunar(int year, int month, bool leap_month, int day);

  ChineseText& text_;
  DateOrder order_;
  std::unique_ptr<icu::Calendar> chinese_calendar_;  // made on the first lunar date
  std::unique_ptr<icu::Calendar> gregorian_calendar_;
  std::unordered_map<int, std::optional<Date>> lunar_cache_;
};

}  // namespace reunite::normalize
