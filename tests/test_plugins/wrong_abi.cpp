// A plugin built for another ABI version: the host must refuse it before reading any
// field after the version.
#include <tuna/plugin_api.hpp>

namespace {
const std::vector<tuna::ComponentSpec>& components() {
  static const std::vector<tuna::ComponentSpec> none;
  return none;
}
}  // namespace

namespace test_plugin {
const tuna::PluginDescriptor descriptor{tuna::plugin_abi_version + 41, "wrong_abi", "0", &components};
}
TUNA_PLUGIN(test_plugin::descriptor)
