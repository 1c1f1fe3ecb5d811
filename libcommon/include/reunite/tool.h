// The conventions every reunite tool keeps, defined once: the common options (FILE..., -o,
// --rejects, --stats, --quiet, --max-line-bytes), exit codes (0 all written, 1 some rejected,
// 2 usage or fatal I/O), SIGPIPE so that `| head` ends quietly, progress on a terminal only,
// --version, and the hidden --completions generator.
//
// A tool's main() is then options → library call (its file includes <CLI/CLI.hpp> itself):
//   int main(int argc, char** argv) {
//     reunite::Tool tool("reunite-example", "What it does.", "Examples: ...");
//     bool flag = false;
//     tool.app().add_flag("--flag", flag, "What the flag does");
//     return tool.run(argc, argv, [&](reunite::Tool& t) {
//       auto reader = t.records();
//       for (reunite::Record r; reader.next(r);) t.writer().write(r.json);
//     });
//   }
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "reunite/io.h"
#include "reunite/record_stream.h"
#include "reunite/rejects.h"

// CLI11 is a header library that costs seconds to compile: only the files that define options
// include it (<CLI/CLI.hpp>), not every file that takes a Tool.
namespace CLI {
class App;
class Validator;
}  // namespace CLI

namespace reunite {

struct CommonOptions {
  std::vector<std::string> inputs;  // FILE arguments; empty or "-" means stdin
  std::string output = "-";
  std::string rejects;  // empty: one line per reject on stderr
  bool stats = false;
  bool quiet = false;
  std::size_t max_line_bytes = std::size_t{64} << 20;
};

// "N records" on stderr about once a second, only when stderr is a terminal and not --quiet.
class Progress {
 public:
  Progress(std::string tool_name, bool enabled);
  void tick() {
    if (enabled_ && (++count_ & 0xFFFF) == 0) maybe_print();
  }
  void finish();

 private:
  void maybe_print();
  std::string tool_name_;
  bool enabled_;
  bool printed_ = false;
  std::uint64_t count_ = 0;
  std::chrono::steady_clock::time_point last_;
};

class Tool {
 public:
  // `examples` is shown at the end of --help: real command lines with a word on each.
  Tool(std::string name, std::string description, std::string examples);
  ~Tool();

  CLI::App& app() { return *app_; }
  CommonOptions& options() { return options_; }
  const std::string& name() const { return name_; }

  // Adds the common options to a subcommand (the main app gets them by default).
  void add_common_options(CLI::App& app, bool with_inputs = true);

  // Parses the command line, runs `body`, finishes the outputs and returns the exit code.
  int run(int argc, char** argv, const std::function<void(Tool&)>& body);

  // Inside body:
  RecordReader records();  // the FILE arguments as validated JSON Lines records
  RecordWriter& writer();  // stdout or -o
  OutputFile& output();    // the raw output stream (for non-JSON formats)
  Rejects& rejects();
  Stats& stats() { return stats_; }
  Progress& progress();
  // A message for the user on stderr ("<tool>: text"), unless --quiet.
  void note(const std::string& text);

 private:
  void open_streams();
  void finish_streams();

  std::string name_;
  std::unique_ptr<CLI::App> app_;
  CommonOptions options_;
  std::string completions_shell_;
  Stats stats_;
  std::unique_ptr<OutputFile> output_;
  std::unique_ptr<RecordWriter> writer_;
  std::unique_ptr<Rejects> rejects_;
  std::unique_ptr<Progress> progress_;
};

// CLI11 validator for input files that accepts "-" for stdin (CLI::ExistingFile does not).
extern const CLI::Validator kInputFile;

}  // namespace reunite
