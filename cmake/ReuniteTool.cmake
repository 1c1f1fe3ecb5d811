# reunite_tool(<name> SOURCES main.cpp LIBRARY <lib> ...)
# Builds the executable reunite-<name> from tools/<name>/ and installs it with its man page and
# completions.  The tool's logic lives in a library target (unit-tested on its own).
function(reunite_tool name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBRARIES" ${ARGN})
  add_executable(reunite-${name} ${ARG_SOURCES})
  target_link_libraries(reunite-${name} PRIVATE reunite_common ${ARG_LIBRARIES})
  install(TARGETS reunite-${name} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  set_property(GLOBAL APPEND PROPERTY REUNITE_TOOL_NAMES reunite-${name})
  set(completions ${PROJECT_SOURCE_DIR}/completions)
  install(FILES ${completions}/bash/reunite-${name}
          DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions OPTIONAL)
  install(FILES ${completions}/zsh/_reunite-${name}
          DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/site-functions OPTIONAL)
  install(FILES ${completions}/fish/reunite-${name}.fish
          DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d OPTIONAL)
endfunction()

# reunite_unit_test(<name> SOURCES a_test.cpp ... LIBRARIES lib ...)
# A doctest executable under tests/unit, each test case registered with ctest.
function(reunite_unit_test name)
  if(NOT REUNITE_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBRARIES" ${ARGN})
  add_executable(${name} ${PROJECT_SOURCE_DIR}/tests/unit/doctest_main.cpp ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE doctest::doctest ${ARG_LIBRARIES})
  target_compile_definitions(${name} PRIVATE
    REUNITE_TEST_DATA="${PROJECT_SOURCE_DIR}/tests/data"
    REUNITE_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  add_test(NAME unit.${name} COMMAND ${name})
endfunction()
