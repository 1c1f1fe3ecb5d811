// Encoding detection and ICU conversion of reunite-ingest.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "byte_source.h"
#include "test_data.h"

using namespace reunite::ingest;

namespace {

std::string decode(std::string_view raw, std::optional<Encoding> forced, Encoding* seen = nullptr) {
  StringSource source(raw);
  TextSource text(source, forced);
  if (seen) *seen = text.encoding();
  std::string out;
  char buffer[7];  // small reads cross every boundary
  for (std::size_t n; (n = text.read(buffer, sizeof buffer)) > 0;) out.append(buffer, n);
  return out;
}

std::string file_bytes(const std::string& name) {
  return reunite::testing::test_data_bytes("ingest/" + name);
}

}  // namespace

TEST_CASE("UTF-8 with and without BOM") {
  Encoding seen;
  CHECK(decode("\xEF\xBB\xBF姓名,性别\n", std::nullopt, &seen) == "姓名,性别\n");
  CHECK(seen == Encoding::kUtf8);
  CHECK(decode("a,b\n", std::nullopt, &seen) == "a,b\n");
  CHECK(seen == Encoding::kUtf8);
}

TEST_CASE("UTF-16LE and UTF-16BE with BOM") {
  Encoding seen;
  std::string le(
      "\xFF\xFE"
      "a\0\t\0\xD3\x59\n\0",
      10);  // "a\t姓\n"
  CHECK(decode(le, std::nullopt, &seen) == "a\t\xE5\xA7\x93\n");
  CHECK(seen == Encoding::kUtf16le);
  std::string be("\xFE\xFF\0a\0\n", 6);
  CHECK(decode(be, std::nullopt, &seen) == "a\n");
  CHECK(seen == Encoding::kUtf16be);
}

TEST_CASE("GB18030 is detected when the bytes are not UTF-8") {
  Encoding seen;
  std::string gb = file_bytes("cases.gb18030.csv");
  std::string utf8 = file_bytes("cases.csv");
  CHECK(decode(gb, std::nullopt, &seen) == utf8);
  CHECK(seen == Encoding::kGb18030);
  CHECK(decode("\xD0\xD5\xC3\xFB", std::nullopt) == "姓名");
}

TEST_CASE("undecodable bytes become 0xFF so their row fails UTF-8 validation") {
  // 0x81 0x20 is no GB18030 sequence; the text around it survives.
  std::string out = decode(std::string("\xD0\xD5\x81\x20x\n", 6), Encoding::kGb18030);
  CHECK(out.starts_with("姓"));
  CHECK(out.find('\xFF') != std::string::npos);
  CHECK(out.ends_with("x\n"));
  // An unpaired surrogate in UTF-16.
  std::string lone(
      "\xFF\xFE\x00\xD8"
      "a\0",
      6);
  CHECK(decode(lone, std::nullopt).find('\xFF') != std::string::npos);
}

TEST_CASE("forced encoding, and a BOM of that encoding is still skipped") {
  CHECK(decode("\xD0\xD5", Encoding::kGb18030) == "姓");
  CHECK(decode("\xEF\xBB\xBFok", Encoding::kUtf8) == "ok");
}

TEST_CASE("a UTF-8 sequence cut at the end of the sniffed prefix is still UTF-8") {
  CHECK(complete_utf8_length("ab\xE5\xA7") == 2);
  CHECK(complete_utf8_length("ab\xE5\xA7\x93") == 5);
  CHECK(guess_encoding("ab\xE5\xA7", false).encoding == Encoding::kUtf8);
  CHECK(guess_encoding("ab\xE5\xA7", true).encoding == Encoding::kGb18030);
}

TEST_CASE("a UTF-8 file with a few damaged bytes stays UTF-8") {
  std::string damaged = "姓名,性别\n陈一,男\n\xFF\xFE,女\n陈二,男\n";
  CHECK(guess_encoding(damaged, true).encoding == Encoding::kUtf8);
  // GB18030 text has far more invalid bytes than accidental UTF-8 sequences.
  CHECK(guess_encoding(file_bytes("cases.gb18030.csv"), true).encoding == Encoding::kGb18030);
  CHECK(utf8_census("a\xE5\xA7\x93\xFF").multibyte == 1);
  CHECK(utf8_census("a\xE5\xA7\x93\xFF").invalid == 1);
}

TEST_CASE("a short UTF-8 file with one bad byte is not taken for GB18030") {
  // Found by fuzzing: two Chinese characters and a 0xFF byte were read as GB18030, garbling
  // every row without a reject.  0xFF is not GB18030 either, so UTF-8 explains the bytes as well.
  CHECK(guess_encoding("id,name\nA1,\xE5\xBC\xA0\xE4\xBC\x9F\nA4,\xFF\n", true).encoding ==
        Encoding::kUtf8);
  // GB18030 text with one damaged byte stays GB18030 (张伟 is D5 C5 CE B0).
  CHECK(guess_encoding("id,name\nA1,\xD5\xC5\xCE\xB0\nA4,\xFF\n", true).encoding ==
        Encoding::kGb18030);
}

TEST_CASE("encoding names") {
  CHECK(parse_encoding("GBK") == Encoding::kGb18030);
  CHECK(parse_encoding("utf-16") == Encoding::kUtf16le);
  CHECK(parse_encoding("UTF_8") == Encoding::kUtf8);
  CHECK_FALSE(parse_encoding("latin1"));
}
