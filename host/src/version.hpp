#pragma once

namespace tuna::host {
// tuna's own version, from the project() call in CMakeLists.txt.
const char* version();
}  // namespace tuna::host
