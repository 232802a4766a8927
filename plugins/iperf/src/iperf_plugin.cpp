// The iperf plugin's exported descriptor. The component itself is declared in
// component/iperf_spec.cpp.
#include <tuna/plugin_api.hpp>

#include "component/iperf_spec.hpp"

namespace {
const std::vector<tuna::ComponentSpec>& components() {
  static const std::vector<tuna::ComponentSpec> specs{tuna::iperf::component_spec()};
  return specs;
}
}  // namespace

namespace tuna_iperf {
const tuna::PluginDescriptor descriptor{tuna::plugin_abi_version, TUNA_PLUGIN_NAME, TUNA_PLUGIN_VERSION,
                                        &components};
}
TUNA_PLUGIN(tuna_iperf::descriptor)
