#include "plugin_loader.hpp"

#include <fmt/format.h>
#include <fmt/std.h>

#include <boost/dll/runtime_symbol_info.hpp>
#include <cstdlib>
#include <set>
#include <sstream>

#include "version.hpp"

namespace tuna::host {
namespace fs = std::filesystem;

namespace {

constexpr const char* descriptor_symbol = "tuna_plugin_descriptor";
constexpr std::string_view file_prefix = "libtuna_";
constexpr std::string_view file_suffix = ".so";

bool is_plugin_file_name(const std::string& name) {
  return name.size() > file_prefix.size() + file_suffix.size() && name.starts_with(file_prefix) &&
         name.ends_with(file_suffix);
}

// Older and newer are refused alike (docs/PLUGIN_ABI.md says why), but the remedy differs:
// who has to rebuild or upgrade what.
PluginLoadError abi_mismatch(const fs::path& file, std::uint32_t plugin_version) {
  const bool older = plugin_version < plugin_abi_version;
  const auto rebuild = fmt::format("rebuild the plugin against this tuna (find_package(tuna {}))", version());
  const auto remedy = older ? rebuild
                            : fmt::format("upgrade tuna to a release with plugin ABI version {}, or {}",
                                          plugin_version, rebuild);
  return PluginLoadError(
      fmt::format("plugin {} was built for plugin ABI version {}, {} than this tuna's version {}: {}",
                  file.string(), plugin_version, older ? "older" : "newer", plugin_abi_version, remedy));
}

}  // namespace

std::vector<fs::path> plugin_search_path(const std::vector<fs::path>& from_command_line) {
  std::vector<fs::path> path = from_command_line;
  if (const char* env = std::getenv("TUNA_PLUGIN_PATH")) {
    std::stringstream entries(env);
    for (std::string entry; std::getline(entries, entry, ':');) {
      // An empty entry would mean the current directory; plugins never load from there
      // implicitly.
      if (!entry.empty()) path.emplace_back(entry);
    }
  }
  path.push_back(boost::dll::program_location().parent_path().parent_path() / "lib" / "tuna" / "plugins");
  return path;
}

std::vector<fs::path> find_plugin_files(const std::vector<fs::path>& search_path) {
  std::vector<fs::path> files;
  std::set<std::string> seen;
  for (const auto& dir : search_path) {
    std::error_code ec;
    std::vector<fs::path> here;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const auto name = entry.path().filename().string();
      if (is_plugin_file_name(name) && !seen.count(name)) here.push_back(entry.path());
    }
    std::sort(here.begin(), here.end());  // directory order is arbitrary; be reproducible
    for (auto& file : here) {
      seen.insert(file.filename().string());
      files.push_back(std::move(file));
    }
  }
  return files;
}

std::unique_ptr<LoadedPlugin> load_plugin(const fs::path& file) {
  auto plugin = std::make_unique<LoadedPlugin>();
  plugin->file = file;
  try {
    // The throwing constructor: its message carries dlerror()'s reason, e.g.
    // "undefined symbol: ...", where the error_code overloads only say EBADF.
    plugin->library =
        boost::dll::shared_library(file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    throw PluginLoadError(fmt::format("cannot load plugin {}: {}", file.string(), e.what()));
  }
  if (!plugin->library.has(descriptor_symbol)) {
    throw PluginLoadError(
        fmt::format("{} is not a tuna plugin: it exports no '{}' (declare one with TUNA_PLUGIN)",
                    file.string(), descriptor_symbol));
  }
  const auto& descriptor = plugin->library.get_alias<const PluginDescriptor>(descriptor_symbol);
  // Only the first field is trusted before this check: the rest of the struct may have
  // another layout in another ABI version.
  if (descriptor.abi_version != plugin_abi_version) throw abi_mismatch(file, descriptor.abi_version);
  if (descriptor.components == nullptr || descriptor.plugin_name == nullptr) {
    throw PluginLoadError(fmt::format("plugin {} has an incomplete descriptor", file.string()));
  }
  plugin->descriptor = &descriptor;
  try {
    plugin->components = &descriptor.components();
  } catch (const std::exception& e) {
    throw PluginLoadError(
        fmt::format("plugin {} failed to declare its components: {}", file.string(), e.what()));
  }
  return plugin;
}

}  // namespace tuna::host
