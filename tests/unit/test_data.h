// Reading the test suite's input files (tests/data/...) in unit tests.
#pragma once

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace reunite::testing {

// The bytes of tests/data/<relative_path>; fails the test if the file cannot be opened.
inline std::string test_data_bytes(const std::string& relative_path) {
  std::ifstream in(std::string(REUNITE_TEST_DATA) + "/" + relative_path, std::ios::binary);
  REQUIRE_MESSAGE(in, "cannot open tests/data/" << relative_path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace reunite::testing
