#include "component/tool_detection.hpp"

#include <regex>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "component/command_builder.hpp"

namespace tuna::iperf {

std::optional<std::string> version_in_banner(const std::string& banner, Tool tool) {
  // "iperf 3.12 (cJSON 1.7.15)" and "iperf version 2.1.8 (12 August 2022) pthreads"
  static const std::regex iperf3(R"(iperf (3\.[0-9][0-9.]*))");
  static const std::regex iperf2(R"(iperf version (2\.[0-9][0-9.]*))");
  std::smatch match;
  if (!std::regex_search(banner, match, tool == Tool::iperf3 ? iperf3 : iperf2)) return std::nullopt;
  return match[1].str();
}

std::optional<std::string> tool_version(Host& host, Tool tool, std::chrono::milliseconds timeout) {
  const auto program = host.program(program_name(tool));
  const auto output = host.run({program, tool == Tool::iperf3 ? "--version" : "-v"}, timeout);
  if (!output.started || output.timed_out) return std::nullopt;
  return version_in_banner(output.out + output.err, tool);
}


ChosenTool choose_tool(const std::vector<Tool>& candidates, Host& dut, Host& server, std::chrono::milliseconds timeout) {
  ChosenTool chosen;
  std::vector<std::string> missing;
  for (auto tool : candidates) {
    nlohmann::ordered_json versions = nlohmann::ordered_json::object();
    bool everywhere = true;
    for (Host* host : {&dut, &server}) {
      if (versions.contains(host->name())) continue;
      auto version = tool_version(*host, tool, timeout);
      if (!version) {
        // Name the program tried when the host maps the tool to one of its own.
        const auto program = host->program(program_name(tool));
        missing.push_back(program == program_name(tool)
                              ? fmt::format("{} has no {}", host->name(), tool_name(tool))
                              : fmt::format("{} has no {} at {}", host->name(), tool_name(tool), program));
        everywhere = false;
        break;
      }
      versions[host->name()] = *version;
    }
    if (everywhere) {
      chosen.tool = tool;
      chosen.versions = std::move(versions);
      return chosen;
    }
  }
  chosen.problem = fmt::format("no usable iperf on both hosts: {}", fmt::join(missing, "; "));
  return chosen;
}

}  // namespace tuna::iperf
