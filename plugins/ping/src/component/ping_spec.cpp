#include "component/ping_spec.hpp"

#include <fmt/format.h>

#include <cmath>

#include "component/ping_command.hpp"
#include "component/ping_step.hpp"
#include "parse/ping_parse_raw.hpp"

namespace tuna::ping {

namespace {

using tuna::OptionType;

// iputils refuses shorter intervals to a user who is not root ("cannot flood"); the user
// on a remote host is not known before the run, so the step keeps to what anyone may do.
constexpr double least_user_interval = 0.002;

const char* const statistics_only[] = {"count", "deadline"};
const char* const until_reachable_only[] = {"replies", "time_limit"};

tuna::Schema make_schema() {
  return {
      {.name = "from",
       .type = OptionType::host,
       .description = "The host that pings",
       .default_value = "dut"},
      {.name = "to",
       .type = OptionType::host,
       .description = "The host whose test address is pinged",
       .required = true},
      {.name = "mode",
       .type = OptionType::enumeration,
       .description =
           "statistics: `count` requests, then round-trip times and loss; until_reachable: ping until "
           "`replies` consecutive replies arrive (passed) or `time_limit` passes (failed), e.g. after "
           "a step that reboots or moves a device",
       .default_value = "statistics",
       .allowed = {"statistics", "until_reachable"}},
      {.name = "count",
       .type = OptionType::integer,
       .description =
           "Echo requests to send (ping -c); statistics mode. Not sent when only `deadline` is written",
       .default_value = "10",
       .min = 1.0,
       .max = 1e6},
      {.name = "interval",
       .type = OptionType::duration,
       .description =
           "Time between requests (ping -i); iputils allows 2 ms at least to a user who is not root",
       .default_value = "1",
       .min = 0.0,
       .max = 3600.0},
      {.name = "size",
       .type = OptionType::size,
       .description = "Payload bytes per request (ping -s); ping's own default is 56",
       .min = 0.0,
       .max = 65507.0},
      {.name = "ttl",
       .type = OptionType::integer,
       .description = "IP time to live (ping -t)",
       .min = 1.0,
       .max = 255.0},
      {.name = "family",
       .type = OptionType::enumeration,
       .description = "IP version (ping -4 / -6); any: as the test address is written",
       .default_value = "any",
       .allowed = {"any", "ipv4", "ipv6"}},
      {.name = "reply_timeout",
       .type = OptionType::duration,
       .description =
           "How long ping waits for a reply when none came (ping -W); it bounds a step whose target "
           "never answers",
       .default_value = "2",
       .min = 0.001,
       .max = 3600.0},
      {.name = "deadline",
       .type = OptionType::duration,
       .description =
           "Whole seconds after which ping stops whatever happened (ping -w); statistics mode. With "
           "`count` written too, ping then stops after `count` replies, so it may send more "
           "requests on a lossy path",
       .min = 1.0,
       .max = 86400.0},
      {.name = "replies",
       .type = OptionType::integer,
       .description = "until_reachable: consecutive replies that make the target reachable; a request left "
                      "unanswered starts the count over",
       .default_value = "3",
       .min = 1.0,
       .max = 1000.0},
      {.name = "time_limit",
       .type = OptionType::duration,
       .description = "until_reachable: whole seconds to wait for the target before the step fails (ping -w)",
       .default_value = "60",
       .min = 1.0,
       .max = 86400.0},
  };
}

void check_whole_seconds(const tuna::Config& settings, const char* name,
                         std::vector<tuna::Problem>& problems) {
  if (!settings.written(name)) return;
  const double seconds = settings.number(name);
  if (std::floor(seconds) != seconds)
    problems.push_back({name, fmt::format("ping -w takes whole seconds, not {:g}", seconds)});
}

void check_mode_options(const tuna::Config& settings, std::vector<tuna::Problem>& problems) {
  const bool until = until_reachable(settings);
  for (const char* name : until ? statistics_only : until_reachable_only) {
    if (!settings.written(name)) continue;
    problems.push_back(
        {name, until ? fmt::format("'{}' applies to mode statistics: until_reachable pings until 'replies' "
                                   "consecutive replies arrive or 'time_limit' passes",
                                   name)
                     : fmt::format("'{}' applies to mode until_reachable only", name)});
  }
}

void check_timing(const tuna::Config& settings, std::vector<tuna::Problem>& problems) {
  const double interval = settings.number("interval");
  if (interval < least_user_interval)
    problems.push_back(
        {"interval", fmt::format("interval {:g} s is below 2 ms, the least iputils ping allows a "
                                 "user who is not root (\"cannot flood\")",
                                 interval)});
  if (until_reachable(settings)) {
    const auto replies = settings.integer("replies");
    const double needed = static_cast<double>(replies - 1) * interval;
    const double limit = settings.number("time_limit");
    if (needed >= limit)
      problems.push_back(
          {"time_limit", fmt::format("{} consecutive replies {:g} s apart take {:g} s, not less than "
                                     "time_limit {:g} s: the target could never be reachable",
                                     replies, interval, needed, limit)});
  } else if (settings.written("count") && settings.written("deadline")) {
    const auto count = settings.integer("count");
    const double needed = static_cast<double>(count - 1) * interval;
    const double deadline = settings.number("deadline");
    if (deadline <= needed)
      problems.push_back(
          {"deadline", fmt::format("deadline {:g} s stops ping before it sends its {} requests {:g} "
                                   "s apart ({:g} s)",
                                   deadline, count, interval, needed)});
  }
}

}  // namespace

std::vector<tuna::Problem> check_rep(const tuna::Config& settings) {
  std::vector<tuna::Problem> problems;
  check_mode_options(settings, problems);
  check_whole_seconds(settings, "deadline", problems);
  check_whole_seconds(settings, "time_limit", problems);
  check_timing(settings, problems);
  return problems;
}

const tuna::ComponentSpec& component_spec() {
  static const tuna::ComponentSpec spec = [] {
    tuna::ComponentSpec s;
    s.name = "ping";
    s.summary = "Round-trip time and loss from one host to another's test address, or wait until it answers";
    s.description =
        "Runs iputils ping on `from` to the test address of `to` (with -n and -O). In mode statistics it "
        "sends "
        "`count` requests and records rtt_min, rtt_avg, rtt_max and rtt_mdev (ms), loss (%), transmitted, "
        "received, duplicates and errors; it fails when no reply comes back. In mode until_reachable it "
        "pings "
        "until `replies` consecutive replies arrive, then stops ping and records time_to_reachable (s, from "
        "ping's start to the last of those replies) and consecutive_replies; it fails when `time_limit` "
        "passes "
        "first. It is an error when ping cannot run or ends without its statistics. The raw output is saved "
        "with a UTC timestamp on every line, and `tuna parse` reads it back.";
    s.schema = make_schema();
    s.check_rep = check_rep;
    s.example =
        "- name: latency\n"
        "  component: ping\n"
        "  settings:\n"
        "    from: dut\n"
        "    to: traffic-server\n"
        "    count: 20\n"
        "    interval: 0.2\n"
        "    size: 1400\n"
        "  expect: { loss: \"<= 1\", rtt_avg: \"< 5\" }\n";
    s.create = [](const tuna::Config& settings) -> std::unique_ptr<tuna::Step> {
      return std::make_unique<PingStep>(settings);
    };
    s.parse_raw = parse_raw;
    return s;
  }();
  return spec;
}

}  // namespace tuna::ping
