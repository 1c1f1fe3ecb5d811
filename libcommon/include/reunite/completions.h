// Shell completion scripts generated from a tool's own CLI11 option model, so completions never
// drift from --help.  Each tool prints its scripts with the hidden `--completions SHELL`; the
// results are committed under completions/ and a test checks they are current.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace reunite {

// shell: "bash", "zsh" or "fish".  Throws UsageError for another shell.
std::string completion_script(const CLI::App& app, const std::string& command,
                              const std::string& shell);

}  // namespace reunite
