// `tuna check --connect` for an iperf step: the tool it would use and the version on each
// host, and whether each client reaches its server's test address. One ping per path; no
// test traffic.
#include <fmt/format.h>

#include <chrono>
#include <set>

#include "component/command_builder.hpp"
#include "component/iperf_spec.hpp"
#include "component/iperf_step.hpp"
#include "component/tool_detection.hpp"

namespace tuna::iperf {

namespace {

using namespace std::chrono_literals;

std::string last_line(std::string_view text) {
  while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  if (text.empty()) return "(no output)";
  const auto newline = text.rfind('\n');
  return std::string(newline == std::string_view::npos ? text : text.substr(newline + 1));
}

void check_path(Host& client, Host& server, tuna::Preflight& result) {
  const auto& address = server.test_address();
  const auto ping = client.run({client.program("ping"), "-c", "1", "-W", "2", "-n", address}, 5s);
  if (!ping.started)
    result.found.push_back(fmt::format("could not check that {} reaches {} ({}): no ping there",
                                       client.name(), server.name(), address));
  else if (ping.status.exited_normally() && ping.status.code == 0)
    result.found.push_back(fmt::format("{} reaches {} at {}", client.name(), server.name(), address));
  else
    result.problems.push_back(fmt::format("{} cannot reach {} at {}: {}", client.name(), server.name(),
                                          address, last_line(ping.out + ping.err)));
}

}  // namespace

tuna::Preflight IperfStep::preflight(tuna::RunContext& context) {
  tuna::Preflight result;
  auto& dut = context.host(settings_.string("dut"));
  auto& peer = context.host(settings_.string("server"));
  const auto timeout =
      std::chrono::milliseconds(static_cast<long>(settings_.number("startup_timeout") * 1000));
  const auto chosen = choose_tool(usable_tools(settings_), dut, peer, timeout);
  if (!chosen.tool) {
    result.problems.push_back(chosen.problem);
  } else {
    std::vector<std::string> versions;
    for (const auto& [host, version] : chosen.versions.items())
      versions.push_back(fmt::format("{} {}", host, version.get<std::string>()));
    result.found.push_back(fmt::format("{} on {}", tool_name(*chosen.tool), fmt::join(versions, ", ")));
  }
  std::set<std::pair<std::string, std::string>> checked;  // (client, address): one ping per path
  for (const auto direction : directions(settings_)) {
    auto [client, server] = roles(context, settings_, direction);
    if (checked.emplace(client.name(), server.test_address()).second) check_path(client, server, result);
  }
  return result;
}

}  // namespace tuna::iperf
