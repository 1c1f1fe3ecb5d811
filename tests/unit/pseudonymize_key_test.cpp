// Key files: hexadecimal text of at least 32 bytes, refused when others may read them, and
// generated with mode 0600; errors name the file and never its content.
#include <doctest/doctest.h>
#include <reunite/error.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "key_file.h"
#include "pseudonym_token.h"

using namespace reunite::pseudonymize;

namespace {

constexpr const char* kKeyHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

// A directory of its own, removed at the end of the test.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "pseudonymize-key-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  std::string file(const std::string& name, const std::string& content, mode_t mode) const {
    std::string path = (path_ / name).string();
    {
      std::ofstream out(path, std::ios::binary);
      out << content;
    }
    REQUIRE(::chmod(path.c_str(), mode) == 0);
    return path;
  }
  std::string path(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// The message of the UsageError `action` throws ("" if it throws none).
template <typename Action>
std::string usage_error(Action action) {
  try {
    action();
  } catch (const reunite::FatalError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a key file is hexadecimal text; comments and white space are ignored") {
  SecretKey key = parse_key_text(std::string("# our key\n") + kKeyHex + "\n", "k");
  REQUIRE(key.bytes().size() == 32);
  CHECK(key.bytes()[0] == 0x00);
  CHECK(key.bytes()[31] == 0x1f);
  SecretKey spaced = parse_key_text(
      "0001 0203\r\n  0405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F", "k");
  CHECK(spaced.bytes() == key.bytes());
}

TEST_CASE("short, odd or non-hexadecimal keys are refused without showing them") {
  std::string short_key = std::string(kKeyHex).substr(0, 62);
  std::string message = usage_error([&] { parse_key_text(short_key, "agency.key"); });
  CHECK(message.find("agency.key") != std::string::npos);
  CHECK(message.find("31 bytes, at least 32") != std::string::npos);
  CHECK(message.find(short_key.substr(0, 8)) == std::string::npos);

  std::string secret = "correct horse battery staple correct horse battery staple";
  message = usage_error([&] { parse_key_text(secret, "agency.key"); });
  CHECK(message.find("hexadecimal") != std::string::npos);
  CHECK(message.find("horse") == std::string::npos);

  CHECK(usage_error([&] { parse_key_text(std::string(kKeyHex) + "0", "k"); }).find("odd") !=
        std::string::npos);
  CHECK(usage_error([&] { parse_key_text("", "k"); }).find("0 bytes") != std::string::npos);
}

TEST_CASE("a key file others may read is refused unless allowed, then with a warning") {
  ScratchDir dir;
  std::string private_key = dir.file("private.key", kKeyHex, 0600);
  LoadedKey loaded = load_key_file(private_key, {});
  CHECK(loaded.key.bytes().size() == 32);
  CHECK(loaded.warning.empty());

  for (mode_t mode : {0644, 0640, 0604, 0620, 0660}) {
    CAPTURE(mode);
    std::string shared = dir.file("shared.key", kKeyHex, mode);
    std::string message = usage_error([&] { load_key_file(shared, {}); });
    CHECK(message.find("accessible by group or others") != std::string::npos);
    CHECK(message.find("chmod 600") != std::string::npos);
    LoadedKey allowed = load_key_file(shared, {.allow_readable = true});
    CHECK(allowed.key.bytes() == loaded.key.bytes());
    CHECK(allowed.warning.find("accessible by group or others") != std::string::npos);
  }
}

TEST_CASE("a missing key file, a directory or a huge file is a usage error") {
  ScratchDir dir;
  CHECK(usage_error([&] { load_key_file(dir.path("absent.key"), {}); }).find("No such file") !=
        std::string::npos);
  ::chmod(dir.path("").c_str(), 0700);
  CHECK(usage_error([&] { load_key_file(dir.path(""), {}); }).find("not a regular file") !=
        std::string::npos);
  std::string huge = dir.file("huge.key", std::string(kMaxKeyFileBytes + 2, 'a'), 0600);
  CHECK(usage_error([&] { load_key_file(huge, {}); }).find("too large") != std::string::npos);
}

TEST_CASE("--generate-key writes a fresh key with mode 0600 and never overwrites") {
  ScratchDir dir;
  mode_t old_mask = ::umask(0);  // the mode must not depend on the umask
  generate_key_file(dir.path("a.key"));
  ::umask(old_mask);
  generate_key_file(dir.path("b.key"));
  struct stat status {};
  REQUIRE(::stat(dir.path("a.key").c_str(), &status) == 0);
  CHECK((status.st_mode & 07777) == 0600);
  LoadedKey a = load_key_file(dir.path("a.key"), {});
  LoadedKey b = load_key_file(dir.path("b.key"), {});
  CHECK(a.key.bytes().size() == kMinKeyBytes);
  CHECK(a.key.bytes() != b.key.bytes());
  CHECK(usage_error([&] { generate_key_file(dir.path("a.key")); }).find("never overwritten") !=
        std::string::npos);
  CHECK(load_key_file(dir.path("a.key"), {}).key.bytes() == a.key.bytes());
}

TEST_CASE("the key id names the key without revealing it") {
  SecretKey key = parse_key_text(kKeyHex, "k");
  TokenMaker one(key), again(key);
  CHECK(one.key_id().size() == 8);
  CHECK(one.key_id() == again.key_id());
  CHECK(std::string(kKeyHex).find(one.key_id()) == std::string::npos);
  std::string other_hex(kKeyHex);
  other_hex[0] = '1';
  TokenMaker other(parse_key_text(other_hex, "k"));
  CHECK(other.key_id() != one.key_id());
}

TEST_CASE("a key file saved by a Windows editor (byte-order mark, CRLF) reads the same") {
  SecretKey plain = parse_key_text(kKeyHex, "k");
  SecretKey windows = parse_key_text(std::string("\xEF\xBB\xBF# key\r\n") + kKeyHex + "\r\n", "k");
  CHECK(windows.bytes() == plain.bytes());
}

TEST_CASE("--generate-key never writes a key to standard output") {
  CHECK(usage_error([] { generate_key_file("-"); }).find("never standard output") !=
        std::string::npos);
}
