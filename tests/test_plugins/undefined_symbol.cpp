// A plugin that needs a function nothing defines: dlopen(RTLD_NOW) must fail and the host
// must pass on the loader's own reason ("undefined symbol: ...").
#include <tuna/plugin_api.hpp>

extern "C" int tuna_test_symbol_that_does_not_exist();

namespace {
const std::vector<tuna::ComponentSpec>& components() {
  static const std::vector<tuna::ComponentSpec> none;
  static const int forced = tuna_test_symbol_that_does_not_exist();
  (void)forced;
  return none;
}
}  // namespace

namespace test_plugin {
const tuna::PluginDescriptor descriptor{tuna::plugin_abi_version, PLUGIN_NAME, "0", &components};
}
TUNA_PLUGIN(test_plugin::descriptor)
