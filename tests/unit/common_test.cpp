// Unit tests for libcommon: JSON output, line splitting, record reading and editing, I/O.
#include <doctest/doctest.h>
#include <unistd.h>
#include <zstd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "reunite/completions.h"
#include "reunite/error.h"
#include "reunite/io.h"
#include "reunite/json.h"
#include "reunite/line_reader.h"
#include "reunite/record_stream.h"
#include "reunite/rejects.h"
#include "reunite/tool.h"

namespace fs = std::filesystem;
using namespace reunite;

namespace {

// A file in a fresh temporary directory, removed with it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "reunite-test-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string file(const std::string& name, std::string_view content) const {
    std::string path = (path_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  std::string path(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// A line that owns its text (LineReader's views die with the next call).
struct OwnedLine {
  std::string text;
  std::uint64_t number = 0;
  bool too_long = false;
};

std::vector<OwnedLine> all_lines(const std::string& path, std::size_t max_line_bytes = 1 << 20) {
  InputFile file(path);
  LineReader reader(file, max_line_bytes);
  std::vector<OwnedLine> lines;
  for (Line line; reader.next(line);) {
    lines.push_back({std::string(line.text), line.number, line.too_long});
  }
  return lines;
}

struct ReadResult {
  std::vector<std::string> records;
  std::vector<std::uint64_t> lines;
  std::string rejects;
  Stats stats;
};

ReadResult read_records(const std::string& content, std::size_t max_line_bytes = 1 << 20) {
  TempDir dir;
  std::string input = dir.file("in.jsonl", content);
  ReadResult result;
  {
    Rejects rejects("test", dir.path("rejects.jsonl"), true, result.stats);
    RecordReaderOptions options;
    options.max_line_bytes = max_line_bytes;
    RecordReader reader({input}, options, rejects, result.stats);
    for (Record record; reader.next(record);) {
      result.records.emplace_back(record.json);
      result.lines.push_back(record.line);
    }
    rejects.commit();
  }
  result.rejects = read_file(dir.path("rejects.jsonl"));
  return result;
}

}  // namespace

TEST_CASE("json strings escape quotes, backslashes and control characters only") {
  CHECK(json_quote("plain") == "\"plain\"");
  CHECK(json_quote("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(json_quote("tab\tnl\ncr\r") == "\"tab\\tnl\\ncr\\r\"");
  CHECK(json_quote(std::string_view("\x01\x1f", 2)) == "\"\\u0001\\u001f\"");
  CHECK(json_quote("张伟 /é") == "\"张伟 /é\"");
}

TEST_CASE("json strings longer than one 16-byte block escape at any position") {
  CHECK(json_quote("plain text that is longer than sixteen bytes") ==
        "\"plain text that is longer than sixteen bytes\"");
  CHECK(json_quote("tab\there, quote \" and backslash \\ and \x01 at the end of a long one") ==
        "\"tab\\there, quote \\\" and backslash \\\\ and \\u0001 at the end of a long one\"");
  std::string at_block_end(15, 'a');
  at_block_end += '"';
  CHECK(json_quote(at_block_end) == "\"" + std::string(15, 'a') + "\\\"\"");
}

TEST_CASE("lossy json strings replace invalid UTF-8 with U+FFFD") {
  std::string out;
  append_json_string_lossy(out,
                           "ok\xff\xfe"
                           "ok\xe5\xbc");
  CHECK(out == "\"ok\xEF\xBF\xBD\xEF\xBF\xBDok\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

TEST_CASE("JsonWriter places commas and writes numbers exactly") {
  std::string out;
  JsonWriter json(out);
  json.begin_object();
  json.field("a", 1);
  json.key("list");
  json.begin_array();
  json.number(std::uint64_t{18446744073709551615u});
  json.number(-0.5);
  json.null();
  json.end_array();
  json.field("ok", true);
  json.key("empty");
  json.begin_object();
  json.end_object();
  json.end_object();
  CHECK(out == R"({"a":1,"list":[18446744073709551615,-0.5,null],"ok":true,"empty":{}})");
}

TEST_CASE("lines: CRLF, BOM, blank lines and a missing final newline") {
  TempDir dir;
  auto lines = all_lines(dir.file("a", "\xEF\xBB\xBFone\r\n\r\ntwo\nthree"));
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].text == "one");
  CHECK(lines[1].text == "");
  CHECK(lines[2].text == "two");
  CHECK(lines[3].text == "three");
  CHECK(lines[3].number == 4);
}

TEST_CASE("lines: an over-long line is cut short and the next line is still read") {
  TempDir dir;
  std::string huge(5000, 'x');
  auto lines = all_lines(dir.file("a", "short\n" + huge + "\nafter\n"), 100);
  REQUIRE(lines.size() == 3);
  CHECK_FALSE(lines[0].too_long);
  CHECK(lines[1].too_long);
  CHECK(lines[1].text.size() == LineReader::kTooLongPrefix);
  CHECK(lines[2].text == "after");
  CHECK(lines[2].number == 3);
}

TEST_CASE("lines: an over-long line that spans many buffer refills") {
  TempDir dir;
  std::string huge(9 << 20, 'y');  // more than the largest (4 MiB) read buffer, twice
  auto lines = all_lines(dir.file("a", huge + "\nlast"), 1 << 20);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].too_long);
  CHECK(lines[1].text == "last");
}

TEST_CASE("lines: long lines within the limit grow the buffer") {
  TempDir dir;
  std::string big(6 << 20, 'z');
  auto lines = all_lines(dir.file("a", "a\n" + big + "\nb\n"), 8 << 20);
  REQUIRE(lines.size() == 3);
  CHECK_FALSE(lines[1].too_long);
  CHECK(lines[1].text.size() == big.size());
  CHECK(lines[2].text == "b");
}

TEST_CASE("lines: every line comes out whole while the read buffer grows from small") {
  // Lines of every length up to a few hundred bytes, over 3 MB: they straddle the buffer's
  // ends at each size it grows through (64 KiB to 4 MiB).
  TempDir dir;
  std::string text;
  std::vector<std::string> expected;
  std::uint32_t state = 12345;
  while (text.size() < (3 << 20)) {
    state = state * 1103515245u + 12345u;
    std::string line((state >> 16) % 300, static_cast<char>('a' + expected.size() % 26));
    expected.push_back(line);
    text += line + "\n";
  }
  auto lines = all_lines(dir.file("a", text));
  REQUIRE(lines.size() == expected.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].text != expected[i]) FAIL("line " << i + 1 << " differs");
    CHECK(lines[i].number == i + 1);
  }
}

TEST_CASE("lines: inputs shorter than the zstd magic are read as they are") {
  TempDir dir;
  CHECK(all_lines(dir.file("empty", "")).empty());
  auto lines = all_lines(dir.file("short", "ab"));
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].text == "ab");
  InputFile file(dir.file("three", "\x28\xB5\x2F"));  // the magic's first three bytes only
  CHECK_FALSE(file.compressed());
  CHECK(file.peek(8) == "\x28\xB5\x2F");
}

TEST_CASE("zstd input is detected by its magic bytes") {
  TempDir dir;
  std::string text = "{\"a\":1}\n{\"b\":2}\n";
  std::string packed(ZSTD_compressBound(text.size()), '\0');
  packed.resize(ZSTD_compress(packed.data(), packed.size(), text.data(), text.size(), 3));
  auto lines = all_lines(dir.file("a.zst", packed + packed));  // two frames, concatenated
  REQUIRE(lines.size() == 4);
  CHECK(lines[3].text == "{\"b\":2}");
}

TEST_CASE("a truncated zstd stream is a fatal error, not a silent short read") {
  TempDir dir;
  std::string text(100000, 'q');
  std::string packed(ZSTD_compressBound(text.size()), '\0');
  packed.resize(ZSTD_compress(packed.data(), packed.size(), text.data(), text.size(), 3));
  packed.resize(packed.size() / 2);
  InputFile file(dir.file("a.zst", packed));
  char buffer[4096];
  CHECK_THROWS_AS(
      [&] {
        while (file.read(buffer, sizeof buffer) > 0) {
        }
      }(),
      FatalError);
}

TEST_CASE("a zstd input after one that failed midway decodes from a clean state") {
  // Inputs of one thread share a decompression context, reset between them.
  TempDir dir;
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "{\"n\":" + std::to_string(i) + "}\n";
  std::string packed(ZSTD_compressBound(text.size()), '\0');
  packed.resize(ZSTD_compress(packed.data(), packed.size(), text.data(), text.size(), 3));
  const std::string whole = dir.file("whole.zst", packed);
  const std::string broken = dir.file("broken.zst", packed.substr(0, packed.size() / 2));
  char buffer[1000];
  for (int round = 0; round < 3; ++round) {
    {  // closed before the next input opens: its context, mid-frame, is the one reused
      InputFile failing(broken);
      CHECK_THROWS_AS(
          [&] {
            while (failing.read(buffer, sizeof buffer) > 0) {
            }
          }(),
          FatalError);
    }
    auto lines = all_lines(whole);
    REQUIRE(lines.size() == 20000);
    CHECK(lines[19999].text == "{\"n\":19999}");
  }
}

TEST_CASE("a missing input file is a fatal error naming it") {
  CHECK_THROWS_WITH_AS(InputFile("/nonexistent/x.jsonl"),
                       "/nonexistent/x.jsonl: No such file or directory", FatalError);
}

TEST_CASE("records: bad lines are rejected with their line and the stream goes on") {
  auto result = read_records(
      "{\"id\":1}\n"
      "{\"id\":2,\n"           // invalid JSON
      "[1,2]\n"                // not an object
      "\n"                     // blank: skipped, not counted
      "{\"a\":tru}\n"          // bad atom (simdjson would accept it lazily)
      "{\"a\":\"x\xff\"}\n"    // invalid UTF-8
      "{\"a\":1} {\"b\":2}\n"  // trailing content
      "{\"a\":\"t\tb\"}\n"     // raw control character in a string
      "{\"big\":123456789012345678901234567890, \"f\":-1.5e-7}\n"
      "  {\"id\":3}  \r\n");
  CHECK(result.records ==
        std::vector<std::string>{
            "{\"id\":1}", "{\"big\":123456789012345678901234567890, \"f\":-1.5e-7}", "{\"id\":3}"});
  CHECK(result.lines == std::vector<std::uint64_t>{1, 9, 10});
  CHECK(result.stats.read == 9);
  CHECK(result.stats.rejected == 6);
  CHECK(result.rejects.find("\"line\":2,\"error\":\"invalid JSON") != std::string::npos);
  CHECK(result.rejects.find("\"line\":3,\"error\":\"not a JSON object\"") != std::string::npos);
  CHECK(result.rejects.find("\"line\":5,") != std::string::npos);
  CHECK(result.rejects.find("\"line\":6,\"error\":\"invalid UTF-8\"") != std::string::npos);
  CHECK(result.rejects.find("\"input_base64\":\"eyJhIjoieP8ifQ==\"") != std::string::npos);
  CHECK(result.rejects.find("\"line\":7,\"error\":\"invalid JSON: trailing content") !=
        std::string::npos);
  CHECK(result.rejects.find("\"line\":8,\"error\":\"invalid JSON: ") != std::string::npos);
}

TEST_CASE("records: separators out of place are rejected (simdjson's walk lets them through)") {
  auto result = read_records(
      "{\"a\":\"x\":]}\n"
      "{\"a\":\"x\":\"y\"]}\n"
      "{\"a\":{\"b\":1:2}}\n"
      "{\"a\":[1,,2]}\n"
      "{\"a\":[1 2]}\n"
      "{\"a\":\"q\\\\\",\"b\":[{},[],\"\\\"]\"]}\n"  // escapes: still one valid record
      "{\"a\":1,}\n");
  CHECK(result.records == std::vector<std::string>{"{\"a\":\"q\\\\\",\"b\":[{},[],\"\\\"]\"]}"});
  CHECK(result.stats.rejected == 6);
  CHECK(result.rejects.find("\"line\":1,\"error\":\"invalid JSON") != std::string::npos);
  CHECK(result.rejects.find("\"line\":2,\"error\":\"invalid JSON") != std::string::npos);
}

TEST_CASE("records: deep nesting is rejected, not a crash") {
  std::string deep = "{\"a\":" + std::string(5000, '[') + std::string(5000, ']') + "}\n";
  std::string deeper = "{\"a\":" + std::string(1 << 20, '[') + std::string(1 << 20, ']') + "}\n";
  std::string fine = "{\"a\":" + std::string(400, '[') + std::string(400, ']') + "}";
  auto result = read_records(deep + deeper + fine + "\n", 4 << 20);
  CHECK(result.records == std::vector<std::string>{fine});
  CHECK(result.stats.rejected == 2);
  CHECK(result.rejects.find("nested too deeply") != std::string::npos);
}

TEST_CASE("records: an over-long line is rejected and marked truncated") {
  auto result = read_records("{\"a\":\"" + std::string(300, 'x') + "\"}\n{\"b\":1}\n", 100);
  CHECK(result.records == std::vector<std::string>{"{\"b\":1}"});
  CHECK(result.rejects.find("line longer than 100 bytes") != std::string::npos);
  CHECK(result.rejects.find("\"input_truncated\":true") != std::string::npos);
}

TEST_CASE("records: fields are located byte for byte") {
  TempDir dir;
  Stats stats;
  Rejects rejects("test", "", true, stats);
  std::string input =
      dir.file("in", R"({ "name" : "Zhang\"Wei" , "loci": {"TH01":["9","9.3"]}, "n":1 })");
  RecordReader reader({input}, {}, rejects, stats);
  Record record;
  REQUIRE(reader.next(record));
  REQUIRE(record.fields().size() == 3);
  CHECK(record.raw_field("name") == "\"Zhang\\\"Wei\"");
  CHECK(record.raw_field("loci") == R"({"TH01":["9","9.3"]})");
  CHECK(record.raw_field("n") == "1");
  CHECK_FALSE(record.raw_field("missing"));
  CHECK(record.string_field("name") == "Zhang\"Wei");
  CHECK_FALSE(record.string_field("n"));
}

TEST_CASE("RecordEditor replaces in place, appends, and removes cleanly") {
  TempDir dir;
  Stats stats;
  Rejects rejects("test", "", true, stats);
  std::string input = dir.file("in", R"({"a": 1, "b" : [1, 2], "c":"x"})"
                                     "\n{}\n");
  RecordReader reader({input}, {}, rejects, stats);
  Record record;
  REQUIRE(reader.next(record));
  {
    RecordEditor edit(record);
    CHECK(edit.result() == record.json);  // no edits: byte for byte
  }
  {
    RecordEditor edit(record);
    edit.set("b", "true");
    edit.set("d", "\"new\"");
    CHECK(edit.result() == R"({"a": 1, "b" : true, "c":"x","d":"new"})");
  }
  {
    RecordEditor edit(record);
    edit.remove("a");
    CHECK(edit.result() == R"({"b" : [1, 2], "c":"x"})");
  }
  {
    RecordEditor edit(record);
    edit.remove("b");
    edit.remove("c");
    CHECK(edit.result() == R"({"a": 1})");
  }
  {
    RecordEditor edit(record);
    edit.remove("a");
    edit.remove("b");
    edit.remove("c");
    edit.set("z", "0");
    CHECK(edit.result() == R"({"z":0})");
  }
  REQUIRE(reader.next(record));
  RecordEditor edit(record);
  edit.set("k", "1");
  CHECK(edit.result() == R"({"k":1})");
}

TEST_CASE("OutputFile writes through a temporary file, renamed only on commit") {
  TempDir dir;
  std::string path = dir.path("out.jsonl");
  {
    OutputFile out(path);
    out.write("partial\n");
  }  // no commit: nothing may appear
  CHECK_FALSE(fs::exists(path));
  CHECK(std::distance(fs::directory_iterator(fs::path(path).parent_path()),
                      fs::directory_iterator{}) == 0);
  {
    OutputFile out(path);
    out.write(std::string(3 << 20, 'a'));  // larger than the buffer
    out.put('\n');
    out.commit();
  }
  CHECK(fs::file_size(path) == (3u << 20) + 1);
  CHECK((fs::status(path).permissions() & fs::perms::others_read) == fs::perms::none);
}

TEST_CASE("OutputFile compresses a .zst name, and InputFile reads it back") {
  TempDir dir;
  std::string path = dir.path("out.jsonl.zst");
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "{\"i\":" + std::to_string(i) + "}\n";
  {
    OutputFile out(path);
    out.write(text);
    out.commit();
  }
  CHECK(fs::file_size(path) < text.size() / 4);
  InputFile in(path);
  CHECK(in.compressed());
  std::string back;
  char buffer[65536];
  for (std::size_t n; (n = in.read(buffer, sizeof buffer)) > 0;) back.append(buffer, n);
  CHECK(back == text);
}

TEST_CASE("a write error is fatal") {
  OutputFile out("/dev/full");
  out.write("x\n");
  CHECK_THROWS_AS(out.commit(), FatalError);
}

TEST_CASE("stats serialise with the tool's own counters") {
  Stats stats;
  stats.read = 3;
  stats.written = 2;
  stats.rejected = 1;
  stats.add("controls", 4);
  CHECK(stats.to_json() == R"({"read":3,"written":2,"rejected":1,"controls":4})");
}

TEST_CASE("completion scripts come from the option model") {
  CLI::App app("demo", "reunite-demo");
  std::string format, out;
  app.add_option("--format", format, "Input format")->check(CLI::IsMember({"csv", "tsv"}));
  app.add_option("-o,--output", out, "Output")->type_name("FILE");
  app.add_option("--secret", out, "hidden")->group("");
  bool flag = false;
  app.add_flag("--flag", flag, "A flag");
  auto bash = completion_script(app, "reunite-demo", "bash");
  CHECK(bash.find("--format) COMPREPLY=($(compgen -W 'csv tsv'") != std::string::npos);
  CHECK(bash.find("-o|--output) COMPREPLY=($(compgen -f") != std::string::npos);
  CHECK(bash.find("secret") == std::string::npos);
  CHECK(bash.find("--flag)") == std::string::npos);  // a flag takes no value to complete
  CHECK(bash.find("complete -o filenames -F _reunite_demo reunite-demo") != std::string::npos);
  auto fish = completion_script(app, "reunite-demo", "fish");
  CHECK(fish.find("complete -c reunite-demo -s o -l output -r -F -d 'Output'") !=
        std::string::npos);
  auto zsh = completion_script(app, "reunite-demo", "zsh");
  CHECK(zsh.find("#compdef reunite-demo") == 0);
  CHECK_THROWS_AS(completion_script(app, "reunite-demo", "tcsh"), UsageError);
}

TEST_CASE("InputFile::peek looks ahead without consuming, through zstd too") {
  TempDir dir;
  std::string text = "{\"a\":1}\n{\"b\":2}\n";
  std::string packed(ZSTD_compressBound(text.size()), '\0');
  packed.resize(ZSTD_compress(packed.data(), packed.size(), text.data(), text.size(), 3));
  for (const std::string& content : {text, packed}) {
    InputFile file(dir.file("peek", content));
    CHECK(file.peek(4) == "{\"a\"");
    CHECK(file.peek(100) == text);  // asks for more than there is
    char buffer[64];
    std::size_t n = file.read(buffer, 3);
    CHECK(std::string_view(buffer, n) == "{\"a");
    CHECK(file.peek(2) == "\":");
    std::string rest;
    for (std::size_t k; (k = file.read(buffer, sizeof buffer)) > 0;) rest.append(buffer, k);
    CHECK(rest == text.substr(3));
  }
}
