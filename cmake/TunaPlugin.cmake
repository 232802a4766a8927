# tuna_add_plugin(<name> SOURCES <files>... [LIBRARIES <targets>...] [VERSION <version>])
#
# Builds libtuna_<name>.so, the file the host looks for when a pipeline names a
# component of this plugin, with what every plugin needs: only the descriptor exported
# (hidden visibility, and a version script for the standard library's templates, which
# hidden visibility leaves public), no undefined symbols (a missing symbol fails the
# build, not the user's run), and the plugins install directory.
#
# The source sees TUNA_PLUGIN_NAME ("<name>") and TUNA_PLUGIN_VERSION (VERSION, or the
# project's version) as string macros, so the descriptor cannot disagree with the file
# name or the project.
#
# The same file serves tuna's own tree and, installed, find_package(tuna): in-tree the top
# CMakeLists.txt sets TUNA_PLUGIN_OUTPUT_DIR (the build tree's lib/tuna/plugins); out of
# tree the plugin is built in its own build directory. Both install to
# <prefix>/lib/tuna/plugins, where a tuna installed in <prefix> finds it unaided.
include_guard(GLOBAL)

# Read at include time: inside the function CMAKE_CURRENT_LIST_DIR is the caller's.
set(TUNA_PLUGIN_EXPORTS_MAP ${CMAKE_CURRENT_LIST_DIR}/tuna_plugin.map)
# Relative to the install prefix, where the host looks: ../lib/tuna/plugins from its bin/
# (plugin_loader.cpp), whatever CMAKE_INSTALL_LIBDIR says (lib/<multiarch> under /usr on
# Debian).
if(NOT DEFINED TUNA_INSTALL_PLUGINDIR)
  set(TUNA_INSTALL_PLUGINDIR lib/tuna/plugins)
endif()

function(tuna_add_plugin name)
  cmake_parse_arguments(PARSE_ARGV 1 PLUGIN "" "VERSION" "SOURCES;LIBRARIES")
  if(NOT PLUGIN_SOURCES)
    message(FATAL_ERROR "tuna_add_plugin(${name}): no SOURCES")
  endif()
  if(NOT PLUGIN_VERSION)
    set(PLUGIN_VERSION "${PROJECT_VERSION}")
  endif()
  set(target tuna_${name})
  add_library(${target} MODULE ${PLUGIN_SOURCES})
  target_link_libraries(${target} PRIVATE tuna::plugin_api ${PLUGIN_LIBRARIES})
  target_compile_definitions(${target} PRIVATE
    TUNA_PLUGIN_NAME="${name}" TUNA_PLUGIN_VERSION="${PLUGIN_VERSION}")
  set_target_properties(${target} PROPERTIES
    PREFIX "lib"
    OUTPUT_NAME tuna_${name}
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LINK_DEPENDS ${TUNA_PLUGIN_EXPORTS_MAP})
  if(DEFINED TUNA_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${TUNA_PLUGIN_OUTPUT_DIR})
  endif()
  target_link_options(${target} PRIVATE
    -Wl,--no-undefined "-Wl,--version-script=${TUNA_PLUGIN_EXPORTS_MAP}")
  install(TARGETS ${target} LIBRARY DESTINATION ${TUNA_INSTALL_PLUGINDIR})
  # The tests that run the tuna binary need every plugin built.
  set_property(GLOBAL APPEND PROPERTY TUNA_PLUGIN_TARGETS ${target})
endfunction()
