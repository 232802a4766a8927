// Ctrl-C and SIGTERM: the first one asks the run to stop (steps see
// RunContext::cancelled(), stop what they started, and the results so far are kept);
// a second SIGINT ends tuna at once.
#pragma once

#include <atomic>

namespace tuna::host {

void install_interrupt_handlers();
const std::atomic<bool>& interrupt_requested();

}  // namespace tuna::host
