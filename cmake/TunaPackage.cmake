# The CMake package that `cmake --install` ships, so that find_package(tuna) gives a
# plugin built elsewhere tuna::plugin_api and tuna_add_plugin().
include(CMakePackageConfigHelpers)

set(TUNA_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/tuna)
# The one number the host compares (plugin_api/include/tuna/component.hpp), read rather
# than repeated.
set(abi_header ${PROJECT_SOURCE_DIR}/plugin_api/include/tuna/component.hpp)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${abi_header})
file(STRINGS ${abi_header} abi_line REGEX "plugin_abi_version = [0-9]+;")
if(NOT abi_line MATCHES "plugin_abi_version = ([0-9]+)")
  message(FATAL_ERROR "no plugin_abi_version in ${abi_header}")
endif()
set(TUNA_PLUGIN_ABI_VERSION ${CMAKE_MATCH_1})

install(EXPORT tunaTargets NAMESPACE tuna:: DESTINATION ${TUNA_INSTALL_CMAKEDIR})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/tunaConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/tunaConfig.cmake
  INSTALL_DESTINATION ${TUNA_INSTALL_CMAKEDIR}
  PATH_VARS TUNA_INSTALL_PLUGINDIR)
# While tuna is 0.x a minor release may change plugin_api's source, so find_package(tuna 0.1)
# accepts 0.1.x only. (Binary compatibility is the plugin ABI version's business.)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/tunaConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/tunaConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/tunaConfigVersion.cmake
  ${CMAKE_CURRENT_LIST_DIR}/TunaPlugin.cmake
  ${CMAKE_CURRENT_LIST_DIR}/tuna_plugin.map
  DESTINATION ${TUNA_INSTALL_CMAKEDIR})
