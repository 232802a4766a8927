// A plugin built for another plugin ABI version, one older or one newer than the host's
// (ABI_OFFSET -1 or +1): the host must refuse it having read nothing but the version.
// Under another ABI the rest of the descriptor may mean anything, so calling it aborts.
#include <cstdlib>
#include <tuna/plugin_api.hpp>

namespace {
const std::vector<tuna::ComponentSpec>& components() { std::abort(); }
}  // namespace

namespace test_plugin {
const tuna::PluginDescriptor descriptor{tuna::plugin_abi_version + ABI_OFFSET, PLUGIN_NAME, "0", &components};
}
TUNA_PLUGIN(test_plugin::descriptor)
