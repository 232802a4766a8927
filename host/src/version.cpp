#include "version.hpp"

namespace tuna::host {
const char* version() { return TUNA_VERSION; }
}  // namespace tuna::host
