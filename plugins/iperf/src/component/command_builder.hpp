// The exact iperf command lines of one run, driven by the option table.
#pragma once

#include <string>
#include <vector>

#include <tuna/config.hpp>

#include "component/settings.hpp"

namespace tuna::iperf {

// `program` is what the host runs for the tool (Host::program).
std::vector<std::string> server_command(const tuna::Config& settings, Tool tool, const std::string& program, int port);
// `target`: the test address of the host the server runs on.
std::vector<std::string> client_command(const tuna::Config& settings, Tool tool, const std::string& program,
                                        const std::string& target, int port);

// The name a host maps to the tool's program ("iperf3", "iperf").
const char* program_name(Tool tool);

}  // namespace tuna::iperf
