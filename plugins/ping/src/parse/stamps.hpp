// The arrival stamps the ping component puts before every saved line, read back so that
// `tuna parse` of a raw file times what the run timed.
#pragma once

#include <string_view>
#include <vector>

#include "parse/ping_output.hpp"

namespace tuna::ping {

// The line without its "2026-11-26T10:00:00.123456Z " prefix, and the time it names.
StampedLine unstamp(std::string_view line);

// Every line of `text`, without line ends, unstamped.
std::vector<StampedLine> stamped_lines(std::string_view text);

}  // namespace tuna::ping
