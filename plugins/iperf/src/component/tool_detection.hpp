// Which iperf a host has: `iperf3 --version` and `iperf -v` (iperf2 prints it on stderr).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <tuna/host.hpp>

#include "parse/report.hpp"

namespace tuna::iperf {

// The version the host's program for `tool` reports ("3.12", "2.1.8"), nullopt when it
// is missing or is not that tool.
std::optional<std::string> tool_version(Host& host, Tool tool, std::chrono::milliseconds timeout);

// The version number in a version banner of `tool`, nullopt when it is not one.
std::optional<std::string> version_in_banner(const std::string& banner, Tool tool);


// The tool a run uses and the version each host reported for it.
struct ChosenTool {
  std::optional<Tool> tool;  // nullopt: no candidate is on both hosts
  nlohmann::ordered_json versions = nlohmann::ordered_json::object();  // host name -> version
  std::string problem;  // why none, e.g. "dut has no iperf3; server has no iperf2"
};

// The first of `candidates` that both hosts have (asked once when they are one host).
ChosenTool choose_tool(const std::vector<Tool>& candidates, Host& dut, Host& server, std::chrono::milliseconds timeout);

}  // namespace tuna::iperf
