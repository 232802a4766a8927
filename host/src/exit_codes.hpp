// tuna's exit statuses, as `tuna --help` lists them.
#pragma once

namespace tuna::host::exit_code {
inline constexpr int ok = 0;              // everything passed
inline constexpr int step_failed = 1;     // a step ran and failed (for example a threshold)
inline constexpr int usage = 2;           // bad command line or bad configuration
inline constexpr int infrastructure = 3;  // plugin, host or tool problem; a step could not measure
inline constexpr int interrupted = 130;   // SIGINT or SIGTERM
}  // namespace tuna::host::exit_code
