// Every record read is either written or rejected with a reason, file and line: this is where
// rejects go, and where the counts that prove it are kept.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "reunite/io.h"

namespace reunite {

// The run's counters: read = written + rejected for a filter; tools add their own (e.g.
// "candidates", "controls") with add().  Printed by --stats as one JSON object on stderr.
class Stats {
 public:
  std::uint64_t read = 0;
  std::uint64_t written = 0;
  std::uint64_t rejected = 0;

  void add(const std::string& name, std::uint64_t amount = 1) { extra_[name] += amount; }
  void set(const std::string& name, std::uint64_t value) { extra_[name] = value; }
  std::string to_json() const;

 private:
  std::map<std::string, std::uint64_t> extra_;
};

// Where rejected input goes.  With a file (--rejects): one JSON line per reject,
// {"file","line","error","input"} (plus "input_base64" when the bytes are not UTF-8, so they can
// be recovered exactly, and "input_truncated" for an over-long line).  Without: one short line
// on stderr naming the file and line but no field values (the data is about children), at most
// kMaxStderrLines of them, then a count.
class Rejects {
 public:
  static constexpr std::uint64_t kMaxStderrLines = 100;

  Rejects(std::string tool_name, const std::string& path, bool quiet, Stats& stats);
  ~Rejects();

  void reject(std::string_view file, std::uint64_t line, std::string_view reason,
              std::string_view input, bool input_truncated = false);
  std::uint64_t count() const { return count_; }
  // Finishes the rejects file (renaming it into place) and says how many lines were not shown.
  void commit();

 private:
  std::string tool_name_;
  bool quiet_;
  Stats& stats_;
  std::unique_ptr<OutputFile> file_;
  std::uint64_t count_ = 0;
  std::string line_;
};

}  // namespace reunite
