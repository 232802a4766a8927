// The iperf plugin's exported descriptor.
#include <tuna/plugin_api.hpp>

namespace {
const std::vector<tuna::ComponentSpec>& components() {
  static const std::vector<tuna::ComponentSpec> specs;
  return specs;
}
}  // namespace

namespace tuna_iperf {
const tuna::PluginDescriptor descriptor{tuna::plugin_abi_version, "iperf", "1.0.0", &components};
}
TUNA_PLUGIN(tuna_iperf::descriptor)
