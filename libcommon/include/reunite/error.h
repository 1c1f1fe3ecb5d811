// Errors that end a run.  Per-record problems are values (a reject with a reason); these
// exceptions are only for what stops the whole tool: a file that cannot be opened or written,
// a usage error found after option parsing.  run_tool() turns them into a message and exit 2.
#pragma once

#include <stdexcept>
#include <string>

namespace reunite {

class FatalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class UsageError : public FatalError {
 public:
  using FatalError::FatalError;
};

// "what: strerror(errno)", for messages about a failed system call.
std::string system_error_text(const std::string& what, int error_number);

}  // namespace reunite
