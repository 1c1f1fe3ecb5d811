// reunite-report's formats: widths for aligned columns, CSV quoting, base64, the paging counts.
#include <doctest/doctest.h>

#include "render_common.h"
#include "thumbnail.h"

using namespace reunite::report;

TEST_CASE("display width counts CJK characters as two columns") {
  CHECK(display_width("abc") == 3);
  CHECK(display_width("张伟") == 4);
  CHECK(display_width("四川省 x") == 8);
  CHECK(display_width("") == 0);
}

TEST_CASE("base64 as RFC 4648") {
  auto b64 = [](std::string_view s) {
    return base64_encode(reinterpret_cast<const unsigned char*>(s.data()), s.size());
  };
  CHECK(b64("") == "");
  CHECK(b64("f") == "Zg==");
  CHECK(b64("fo") == "Zm8=");
  CHECK(b64("foo") == "Zm9v");
  CHECK(b64("foobar") == "Zm9vYmFy");
}

TEST_CASE("paging counts what is not shown, by verdict") {
  std::vector<Candidate> storage(4);
  storage[0].verdict = "strong";
  storage[1].verdict = "weak";
  storage[2].verdict = "conflict";
  storage[3].verdict = "weak";
  std::vector<Candidate*> list;
  for (auto& c : storage) list.push_back(&c);
  CHECK(omitted_candidates(list, 1) == "3 more not shown: 1 conflict, 2 weak");
  CHECK(omitted_candidates(list, 4).empty());
  CHECK(shown(10, 0) == 10);
  CHECK(shown(10, 3) == 3);
  CHECK(shown(2, 3) == 2);
}

TEST_CASE("a photo that cannot be read gives a reason, not a crash") {
  auto made = make_thumbnail("/nonexistent/photo.jpg", 64);
  REQUIRE(std::holds_alternative<ThumbnailError>(made));
  CHECK_FALSE(std::get<ThumbnailError>(made).reason.empty());
}
