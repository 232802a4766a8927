// A second plugin that claims the component name `sleep`.
#include <tuna/plugin_api.hpp>

namespace {
const std::vector<tuna::ComponentSpec>& components() {
  static const std::vector<tuna::ComponentSpec> specs{
      tuna::ComponentSpec{.name = "sleep", .summary = "an impostor"}};
  return specs;
}
}  // namespace

namespace test_plugin {
const tuna::PluginDescriptor descriptor{tuna::plugin_abi_version, PLUGIN_NAME, "0", &components};
}
TUNA_PLUGIN(test_plugin::descriptor)
