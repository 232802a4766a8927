// Finding and loading plugin files. A plugin is libtuna_<name>.so exporting one
// tuna::PluginDescriptor (see plugin_api/include/tuna/component.hpp).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <boost/dll/shared_library.hpp>
#include <tuna/component.hpp>

namespace tuna::host {

// The directories searched for plugins, in order: each --plugin-path, then each entry of
// TUNA_PLUGIN_PATH (colon-separated), then ../lib/tuna/plugins next to the executable,
// which is right both in the build tree and in an installed tree. Never the current
// directory unless the user names it.
std::vector<std::filesystem::path> plugin_search_path(
    const std::vector<std::filesystem::path>& from_command_line);

// A loaded plugin. The library stays loaded as long as this object lives, and the host
// keeps every LoadedPlugin until exit: specs, vtables and exception types live in it.
struct LoadedPlugin {
  std::filesystem::path file;
  boost::dll::shared_library library;
  const PluginDescriptor* descriptor = nullptr;
  const std::vector<ComponentSpec>* components = nullptr;
};

// Thrown with a message that names the file and the reason (the dynamic loader's own
// words, or both ABI versions, which is older and what to do).
struct PluginLoadError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Loads one plugin file and checks its descriptor. Throws PluginLoadError.
std::unique_ptr<LoadedPlugin> load_plugin(const std::filesystem::path& file);

// Every libtuna_*.so in the search path. A file name found in two directories is taken
// from the first only, so --plugin-path can override an installed plugin.
std::vector<std::filesystem::path> find_plugin_files(
    const std::vector<std::filesystem::path>& search_path);

}  // namespace tuna::host
