// The CSV state machine of reunite-ingest: RFC 4180 quoting, line ends, line numbers, and how
// a broken row is rejected without losing the rows after it.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "csv_reader.h"

using namespace reunite::ingest;

namespace {

struct ReadRow {
  std::vector<std::string> fields;
  std::uint64_t line;
  std::string error;
  std::string text;
};

std::vector<ReadRow> read_rows(std::string_view input, CsvOptions options = {}) {
  StringSource source(input);
  CsvReader reader(source, options);
  std::vector<ReadRow> rows;
  for (CsvRow row; reader.next(row);)
    rows.push_back({std::vector<std::string>(row.fields.begin(), row.fields.end()), row.line,
                    row.error, std::string(row.text)});
  return rows;
}

// A source that hands out one byte per read, so every boundary case of the buffer is hit.
class TrickleSource : public ByteSource {
 public:
  explicit TrickleSource(std::string_view bytes) : bytes_(bytes) {}
  std::size_t read(char* buffer, std::size_t capacity) override {
    if (bytes_.empty() || capacity == 0) return 0;
    buffer[0] = bytes_.front();
    bytes_.remove_prefix(1);
    return 1;
  }

 private:
  std::string_view bytes_;
};

using Fields = std::vector<std::string>;

}  // namespace

TEST_CASE("plain rows and line numbers") {
  auto rows = read_rows("a,b,c\n1,2,3\n4,,6\n");
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].fields == Fields{"a", "b", "c"});
  CHECK(rows[2].fields == Fields{"4", "", "6"});
  CHECK(rows[2].line == 3);
  CHECK(rows[1].text == "1,2,3");
}

TEST_CASE("quoted fields: delimiters, doubled quotes, embedded newlines") {
  auto rows = read_rows("h1,h2\n\"a,b\",\"say \"\"hi\"\"\"\n\"two\nlines\",x\nlast,row\n");
  REQUIRE(rows.size() == 4);
  CHECK(rows[1].fields == Fields{"a,b", "say \"hi\""});
  CHECK(rows[2].fields == Fields{"two\nlines", "x"});
  CHECK(rows[2].line == 3);
  CHECK(rows[3].line == 5);  // the embedded newline counts as a physical line
}

TEST_CASE("CRLF line ends, a missing final newline, blank lines") {
  auto rows = read_rows("a,b\r\n1,\"2\"\r\n\r\n3,4");
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].fields == Fields{"1", "2"});
  CHECK(rows[2].fields == Fields{"3", "4"});
  CHECK(rows[2].line == 4);
  auto crlf_inside = read_rows("\"x\r\ny\",z\r\n");
  REQUIRE(crlf_inside.size() == 1);
  CHECK(crlf_inside[0].fields == Fields{"x\r\ny", "z"});
}

TEST_CASE("a quote inside an unquoted field is text") {
  auto rows = read_rows("5'3\",b\n");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].fields == Fields{"5'3\"", "b"});
}

TEST_CASE("unterminated quote: rejected with its start line, the rest is read") {
  auto rows = read_rows("a,b\n1,\"open\n2,two\n3,three\n");
  REQUIRE(rows.size() == 4);
  CHECK(rows[1].error == "unterminated quoted field");
  CHECK(rows[1].line == 2);
  CHECK(rows[1].text == "1,\"open");
  CHECK(rows[2].fields == Fields{"2", "two"});
  CHECK(rows[2].line == 3);
  CHECK(rows[3].line == 4);
}

TEST_CASE("text after a closing quote: rejected, reading resumes on the next line") {
  auto rows = read_rows("a,b\n1,\"x\"y\n2,\"z\"\n");
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].error == "text after a closing quote");
  CHECK(rows[2].fields == Fields{"2", "z"});
  CHECK(rows[2].line == 3);
  // A stray quote that a later row's quote closes: the rows between are not lost.
  auto stray = read_rows("1,\"x\n2,y\n3,\"z\",w\n");
  REQUIRE(stray.size() == 3);
  CHECK(stray[0].error == "unterminated quoted field");
  CHECK(stray[1].fields == Fields{"2", "y"});
  CHECK(stray[2].fields == Fields{"3", "z", "w"});
}

TEST_CASE("rows over the size limit are rejected, the rest is read") {
  CsvOptions options;
  options.max_row_bytes = 16;
  std::string long_row(100, 'x');
  auto rows = read_rows("a,b\n" + long_row + ",1\nc,d\n", options);
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].error == "row longer than 16 bytes");
  CHECK(rows[1].line == 2);
  CHECK(rows[2].fields == Fields{"c", "d"});
  CHECK(rows[2].line == 3);
}

TEST_CASE("tab delimiter and column counts as read") {
  CsvOptions options;
  options.delimiter = '\t';
  auto rows = read_rows("a\tb\tc\n1\t2\n1,2\t3\t4\t5\n", options);
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].fields.size() == 2);
  CHECK(rows[2].fields == Fields{"1,2", "3", "4", "5"});
}

TEST_CASE("one byte at a time gives the same rows") {
  std::string input = "h1,h2\r\n\"a,\"\"b\"\"\nc\",d\r\n\"e\"\r\nf,\"g\"\n1,\"bad\n2,ok";
  std::vector<ReadRow> whole = read_rows(input);
  TrickleSource source(input);
  CsvReader reader(source, {});
  std::size_t i = 0;
  for (CsvRow row; reader.next(row); ++i) {
    REQUIRE(i < whole.size());
    CHECK(std::vector<std::string>(row.fields.begin(), row.fields.end()) == whole[i].fields);
    CHECK(row.line == whole[i].line);
    CHECK(row.error == whole[i].error);
  }
  CHECK(i == whole.size());
  REQUIRE(whole.size() == 6);
  CHECK(whole[1].fields == Fields{"a,\"b\"\nc", "d"});
  CHECK(whole[2].fields == Fields{"e"});
  CHECK(whole[4].error == "unterminated quoted field");
  CHECK(whole[5].fields == Fields{"2", "ok"});
}

TEST_CASE("a large input crosses many buffer refills") {
  std::string input = "id,text\n";
  for (int i = 0; i < 50000; ++i)
    input += std::to_string(i) + ",\"row " + std::to_string(i) + "\nmore\"\n";
  auto rows = read_rows(input);
  REQUIRE(rows.size() == 50001);
  CHECK(rows[50000].fields == Fields{"49999", "row 49999\nmore"});
  CHECK(rows[50000].line == 2 + 49999 * 2);
}
