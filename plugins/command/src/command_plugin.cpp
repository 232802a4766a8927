// The command plugin's exported descriptor. The component itself is declared in
// component/command_spec.cpp.
#include <tuna/plugin_api.hpp>

#include "component/command_spec.hpp"

namespace {
const std::vector<tuna::ComponentSpec>& components() {
  static const std::vector<tuna::ComponentSpec> specs{tuna::command::component_spec()};
  return specs;
}
}  // namespace

namespace tuna_command {
const tuna::PluginDescriptor descriptor{tuna::plugin_abi_version, TUNA_PLUGIN_NAME, TUNA_PLUGIN_VERSION,
                                        &components};
}
TUNA_PLUGIN(tuna_command::descriptor)
