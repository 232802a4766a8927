#include "component/ping_command.hpp"

#include <fmt/format.h>

namespace tuna::ping {

namespace {

std::string seconds_text(double seconds) { return fmt::format("{:g}", seconds); }

// Only -c is sent when the user wrote only a deadline: ping then runs until the deadline.
bool sends_count(const tuna::Config& settings) {
  return settings.written("count") || !settings.written("deadline");
}

}  // namespace

bool until_reachable(const tuna::Config& settings) { return settings.string("mode") == "until_reachable"; }

std::vector<std::string> ping_command(const tuna::Config& settings, const std::string& program,
                                      const std::string& address) {
  std::vector<std::string> argv{program, "-n", "-O"};
  const auto add = [&argv](const char* flag, std::string value) {
    argv.emplace_back(flag);
    argv.push_back(std::move(value));
  };
  if (const auto& family = settings.string("family"); family != "any")
    argv.push_back(family == "ipv4" ? "-4" : "-6");
  add("-i", seconds_text(settings.number("interval")));
  add("-W", seconds_text(settings.number("reply_timeout")));
  if (settings.written("size")) add("-s", std::to_string(settings.integer("size")));
  if (settings.written("ttl")) add("-t", std::to_string(settings.integer("ttl")));
  if (until_reachable(settings)) {
    add("-w", seconds_text(settings.number("time_limit")));
  } else {
    if (sends_count(settings)) add("-c", std::to_string(settings.integer("count")));
    if (settings.written("deadline")) add("-w", seconds_text(settings.number("deadline")));
  }
  argv.push_back(address);
  return argv;
}

double expected_seconds(const tuna::Config& settings) {
  if (until_reachable(settings)) return settings.number("time_limit");
  if (settings.written("deadline")) return settings.number("deadline");
  // The last request goes out (count - 1) intervals after the first; ping then waits
  // for its reply at most reply_timeout.
  return static_cast<double>(settings.integer("count") - 1) * settings.number("interval") +
         settings.number("reply_timeout");
}

}  // namespace tuna::ping
