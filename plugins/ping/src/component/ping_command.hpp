// The ping command line a step's settings make, and how long it may run.
#pragma once

#include <string>
#include <tuna/config.hpp>
#include <vector>

namespace tuna::ping {

bool until_reachable(const tuna::Config& settings);

// argv for iputils ping on the `from` host: numeric output (-n), a line for every request
// left unanswered (-O), the settings' options, and always a bound of ping's own (-c with
// -W, or -w), so that a ping left behind on a remote host still ends.
std::vector<std::string> ping_command(const tuna::Config& settings, const std::string& program,
                                      const std::string& address);

// The longest ping runs by its own options, in seconds.
double expected_seconds(const tuna::Config& settings);

}  // namespace tuna::ping
