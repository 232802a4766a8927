// The names of the raw iperf outputs saved for every run (written stamped, with
// tuna/support/stamped_lines.hpp).
#pragma once

#include <string>

namespace tuna::iperf {

// e.g. "upstream-tcp-client-r1.txt"; a retry's files end in "-retry".
std::string raw_file_name(const std::string& direction, const std::string& protocol, const std::string& side,
                          int repetition, bool retry);

}  // namespace tuna::iperf
