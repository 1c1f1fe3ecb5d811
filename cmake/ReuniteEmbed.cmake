# reunite_embed(<target> <symbol> <file>)
# Compiles <file> into <target> as `extern const std::string_view <symbol>` (namespace
# reunite::embedded), so built-in tables ship inside the executable and the defaults work with
# no data directory installed.
function(reunite_embed target symbol file)
  get_filename_component(abs ${file} ABSOLUTE)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embedded/${symbol}.cpp)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${abs} -DOUTPUT=${out} -DSYMBOL=${symbol}
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_file.cmake
    DEPENDS ${abs} ${PROJECT_SOURCE_DIR}/cmake/embed_file.cmake
    COMMENT "Embedding ${file} as reunite::embedded::${symbol}"
    VERBATIM)
  target_sources(${target} PRIVATE ${out})
endfunction()
