# tuna_add_plugin(<name> SOURCES <files>... [LIBRARIES <targets>...])
#
# Builds libtuna_<name>.so, the file the host looks for when a pipeline names a
# component of this plugin, with what every plugin needs: hidden visibility (only the
# descriptor is exported), no undefined symbols (a missing symbol fails the build, not
# the user's run), and the plugins install directory.
function(tuna_add_plugin name)
  cmake_parse_arguments(PLUGIN "" "" "SOURCES;LIBRARIES" ${ARGN})
  set(target tuna_${name})
  add_library(${target} MODULE ${PLUGIN_SOURCES})
  target_link_libraries(${target} PRIVATE tuna::plugin_api ${PLUGIN_LIBRARIES})
  set_target_properties(${target} PROPERTIES
    PREFIX "lib"
    OUTPUT_NAME tuna_${name}
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY ${TUNA_PLUGIN_OUTPUT_DIR})
  target_link_options(${target} PRIVATE -Wl,--no-undefined)
  install(TARGETS ${target} LIBRARY DESTINATION ${TUNA_INSTALL_PLUGINDIR})
  # The tests that run the tuna binary need every plugin built.
  set_property(GLOBAL APPEND PROPERTY TUNA_PLUGIN_TARGETS ${target})
endfunction()
