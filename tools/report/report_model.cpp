#include "report_model.h"

#include <charconv>

namespace reunite::report {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int32_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

bool read_int(std::string_view text, int& value) {
  if (text.empty()) return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

// One ISO date of 4, 7 or 10 characters as [first, last] days.
bool parse_one(std::string_view text, std::int32_t& first, std::int32_t& last) {
  int y = 0, m = 0, d = 0;
  if (text.size() < 4 || !read_int(text.substr(0, 4), y)) return false;
  if (text.size() == 4) {
    first = days_from_civil(y, 1, 1);
    last = days_from_civil(y, 12, 31);
    return true;
  }
  if (text.size() < 7 || text[4] != '-' || !read_int(text.substr(5, 2), m) || m < 1 || m > 12)
    return false;
  if (text.size() == 7) {
    first = days_from_civil(y, static_cast<unsigned>(m), 1);
    last = days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(days_in_month(y, m)));
    return true;
  }
  if (text.size() != 10 || text[7] != '-' || !read_int(text.substr(8, 2), d) || d < 1 ||
      d > days_in_month(y, m))
    return false;
  first = last = days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  return true;
}

}  // namespace

std::string Place::label() const {
  if (!resolved()) return text;
  return province + city + county;
}

DateSpan DateSpan::parse(std::string_view iso) {
  DateSpan span;
  span.text = std::string(iso);
  std::int32_t first = 0, last = -1, unused = 0;
  auto slash = iso.find('/');
  if (slash == std::string_view::npos) {
    if (!parse_one(iso, first, last)) return span;
  } else if (!parse_one(iso.substr(0, slash), first, unused) ||
             !parse_one(iso.substr(slash + 1), unused, last) || last < first) {
    return span;
  }
  span.first_day = first;
  span.last_day = last;
  return span;
}

int DateSpan::year() const {
  if (!known() || text.size() < 4) return 0;
  int y = 0;
  return read_int(std::string_view(text).substr(0, 4), y) ? y : 0;
}

}  // namespace reunite::report
