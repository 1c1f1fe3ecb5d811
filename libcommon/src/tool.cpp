#include "reunite/tool.h"

#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "reunite/completions.h"
#include "reunite/error.h"

#ifndef REUNITE_VERSION
#define REUNITE_VERSION "0.1.0"
#endif

namespace reunite {

const CLI::Validator kInputFile(
    [](std::string& path) -> std::string {
      if (path == "-") return {};
      std::error_code error;
      auto status = std::filesystem::status(path, error);
      if (error || !std::filesystem::exists(status)) return "no such file: " + path;
      if (std::filesystem::is_directory(status)) return "is a directory: " + path;
      return {};
    },
    "FILE");

// ---------------------------------------------------------------------------------------------
// Progress

Progress::Progress(std::string tool_name, bool enabled)
    : tool_name_(std::move(tool_name)),
      enabled_(enabled),
      last_(std::chrono::steady_clock::now()) {}

void Progress::maybe_print() {
  auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::seconds(1)) return;
  last_ = now;
  printed_ = true;
  std::fputs(fmt::format("\r{}: {} records ", tool_name_, count_).c_str(), stderr);
}

void Progress::finish() {
  if (printed_) std::fputs("\r\033[K", stderr);
  printed_ = false;
}

// ---------------------------------------------------------------------------------------------
// Tool

Tool::Tool(std::string name, std::string description, std::string examples)
    : name_(std::move(name)), app_(std::make_unique<CLI::App>(std::move(description), name_)) {
  app_->set_version_flag("--version", name_ + " " REUNITE_VERSION);
  app_->footer(std::move(examples));
  app_->get_formatter()->column_width(30);
  app_->add_option("--completions", completions_shell_,
                   "Print a completion script for bash, zsh or fish")
      ->group("");  // hidden: used to generate completions/
  add_common_options(*app_);
}

Tool::~Tool() = default;

void Tool::add_common_options(CLI::App& app, bool with_inputs) {
  if (with_inputs) {
    app.add_option("FILE", options_.inputs,
                   "Input files (JSON Lines, zstd or not); none or - reads stdin")
        ->check(kInputFile);
  }
  app.add_option("-o,--output", options_.output, "Write records to FILE (.zst: compressed)")
      ->type_name("FILE");
  app.add_option("--rejects", options_.rejects,
                 "Write rejected lines to FILE as JSON Lines {file,line,error,input}")
      ->type_name("FILE");
  app.add_flag("--stats", options_.stats,
               "Print counts {read,written,rejected,...} as JSON on stderr at the end");
  app.add_flag("-q,--quiet", options_.quiet, "No progress, notes or per-line reject messages");
  app.add_option("--max-line-bytes", options_.max_line_bytes,
                 "Reject input lines longer than this (suffixes K, M, G)")
      ->transform(CLI::AsSizeValue(false))
      ->default_str("64M")
      ->type_name("BYTES");
}

int Tool::run(int argc, char** argv, const std::function<void(Tool&)>& body) {
  // `| head` must end us quietly, like any Unix filter: a closed pipe kills us with SIGPIPE
  // even when the parent shell ignored it.
  std::signal(SIGPIPE, SIG_DFL);
  try {
    app_->parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app_->exit(error);
    return code == 0 ? 0 : 2;
  }
  try {
    if (!completions_shell_.empty()) {
      std::fputs(completion_script(*app_, name_, completions_shell_).c_str(), stdout);
      return std::fflush(stdout) == 0 ? 0 : 2;
    }
    open_streams();
    body(*this);
    finish_streams();
  } catch (const FatalError& error) {
    if (progress_) progress_->finish();
    std::fputs(fmt::format("{}: {}\n", name_, error.what()).c_str(), stderr);
    return 2;
  } catch (const std::exception& error) {
    if (progress_) progress_->finish();
    std::fputs(fmt::format("{}: internal error: {}\n", name_, error.what()).c_str(), stderr);
    return 2;
  }
  return rejects_->count() > 0 ? 1 : 0;
}

void Tool::open_streams() {
  bool show_progress = !options_.quiet && ::isatty(STDERR_FILENO);
  progress_ = std::make_unique<Progress>(name_, show_progress);
  rejects_ = std::make_unique<Rejects>(name_, options_.rejects, options_.quiet, stats_);
  output_ = std::make_unique<OutputFile>(options_.output);
  writer_ = std::make_unique<RecordWriter>(*output_, stats_);
}

void Tool::finish_streams() {
  progress_->finish();
  output_->commit();
  rejects_->commit();
  if (options_.stats) std::fputs((stats_.to_json() + "\n").c_str(), stderr);
}

RecordReader Tool::records() {
  RecordReaderOptions reader_options;
  reader_options.max_line_bytes = options_.max_line_bytes;
  return RecordReader(options_.inputs, reader_options, rejects(), stats_, &progress());
}

RecordWriter& Tool::writer() {
  return *writer_;
}
OutputFile& Tool::output() {
  return *output_;
}
Rejects& Tool::rejects() {
  return *rejects_;
}
Progress& Tool::progress() {
  return *progress_;
}

void Tool::note(const std::string& text) {
  if (options_.quiet) return;
  std::fputs(fmt::format("{}: {}\n", name_, text).c_str(), stderr);
}

}  // namespace reunite
