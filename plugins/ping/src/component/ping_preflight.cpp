// `tuna check --connect` for a ping step: iputils ping on the `from` host. No packet is
// sent: in until_reachable mode the target may rightly be down before the step.
#include <fmt/format.h>

#include <chrono>

#include "component/ping_step.hpp"

namespace tuna::ping {

namespace {

using namespace std::chrono_literals;

std::string first_line(const std::string& text) {
  const auto line = text.substr(0, text.find('\n'));
  return line.empty() ? "(no output)" : line;
}

}  // namespace

tuna::Preflight PingStep::preflight(tuna::RunContext& context) {
  tuna::Preflight result;
  auto& from = context.host(settings_.string("from"));
  const auto program = from.program("ping");
  // iputils prints "ping from iputils 20221126" on stdout; busybox's ping has no -V.
  const auto version = from.run({program, "-V"}, 5s);
  const auto banner = first_line(version.out + version.err);
  // Over SSH a missing program is the remote shell's exit 127 ("not found"), not a failed start.
  if (!version.started || version.timed_out || version.status.code == 127)
    result.problems.push_back(fmt::format("{} has no ping ({}: {})", from.name(), program, banner));
  else if (version.status.code != 0 || banner.find("iputils") == std::string::npos)
    result.problems.push_back(fmt::format("{}'s {} is not iputils ping ({}): the step needs its -O and -W",
                                          from.name(), program, banner));
  else
    result.found.push_back(fmt::format("{} on {}", banner, from.name()));
  return result;
}

}  // namespace tuna::ping
