# Sanitized and fuzzing builds; scripts/test-sanitized.sh configures both at once.
#
# TUNA_SANITIZE: every target (tuna, plugins, tests) with AddressSanitizer and
# UndefinedBehaviorSanitizer; any UB report aborts, as a memory error does.
# TUNA_FUZZ: the libFuzzer targets of tests/fuzz/, which need clang and the sanitizers
# (a fuzzer without them only notices crashes).
option(TUNA_SANITIZE "Build everything with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(TUNA_FUZZ "Build the libFuzzer targets in tests/fuzz (clang, with TUNA_SANITIZE)" OFF)

if(TUNA_SANITIZE)
  set(TUNA_SANITIZER_FLAGS
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_compile_options(${TUNA_SANITIZER_FLAGS})
  add_link_options(${TUNA_SANITIZER_FLAGS})

  # clang links its ASan runtime statically into executables only; a plugin's __asan_*
  # references are resolved by the executable that loads it. -Wl,--no-undefined
  # (cmake/TunaPlugin.cmake) would reject every plugin at link time, so it is dropped from
  # the plugins of a clang sanitized build, once all of them are declared. g++ links the
  # shared libasan into plugins too and keeps the check.
  function(tuna_sanitize_allow_runtime_symbols_in_plugins)
    get_property(plugins GLOBAL PROPERTY TUNA_PLUGIN_TARGETS)
    foreach(plugin ${plugins})
      get_target_property(options ${plugin} LINK_OPTIONS)
      list(REMOVE_ITEM options -Wl,--no-undefined)
      set_target_properties(${plugin} PROPERTIES LINK_OPTIONS "${options}")
    endforeach()
  endfunction()
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    cmake_language(DEFER DIRECTORY ${PROJECT_SOURCE_DIR}
      CALL tuna_sanitize_allow_runtime_symbols_in_plugins)
  endif()
endif()

if(TUNA_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "TUNA_FUZZ needs clang (libFuzzer): configure with CXX=clang++-14")
  endif()
  if(NOT TUNA_SANITIZE)
    message(FATAL_ERROR "TUNA_FUZZ needs TUNA_SANITIZE=ON")
  endif()
endif()
