#include "component/iperf_spec.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "component/iperf_step.hpp"
#include "parse/parse_raw.hpp"

namespace tuna::iperf {

namespace {

using tuna::OptionType;

constexpr Flag no_flag{};
constexpr Flag client_flag(std::string_view name, double scale = 1) { return {name, true, false, scale}; }
constexpr Flag both_sides(std::string_view name) { return {name, true, true}; }

// Ports from the base: each run (direction, retry, repetition) takes the next one of these.
constexpr int port_span = 64;

const std::vector<FlagOption> flag_table = {
    {{.name = "time", .type = OptionType::duration, .description = "Test length (iperf -t); iperf3 takes whole seconds only",
      .default_value = "10", .min = 0.1, .max = 86400.0},
     client_flag("-t"), client_flag("-t"), false, "num"},
    {{.name = "interval", .type = OptionType::duration, .description = "Seconds between interval reports (-i); the bandwidth metric reduces them",
      .default_value = "1", .min = 0.1, .max = 3600.0},
     both_sides("-i"), both_sides("-i")},
    {{.name = "parallel", .type = OptionType::integer, .description = "Parallel streams (-P)", .min = 1.0, .max = 128.0},
     client_flag("-P"), client_flag("-P")},
    {{.name = "len", .type = OptionType::size, .description = "Buffer / datagram length (-l)", .min = 1.0},
     client_flag("-l"), both_sides("-l")},
    {{.name = "window", .type = OptionType::size, .description = "Socket buffer size (-w)", .min = 1.0},
     client_flag("-w"), both_sides("-w")},
    {{.name = "bandwidth", .type = OptionType::bitrate, .description = "Target bitrate (-b); UDP defaults to 1 Mbit/s without it"},
     client_flag("-b"), client_flag("-b")},
    {{.name = "udp", .type = OptionType::boolean, .description = "UDP instead of TCP (-u); both sides must agree"},
     client_flag("-u"), both_sides("-u"), true},
    {{.name = "format", .type = OptionType::enumeration, .description = "Units of iperf's human output (-f)",
      .allowed = {"k", "m", "g", "K", "M", "G"}},
     both_sides("-f"), both_sides("-f")},
    {{.name = "mss", .type = OptionType::size, .description = "TCP maximum segment size in bytes (-M)", .min = 1.0},
     client_flag("-M"), client_flag("-M")},
    {{.name = "nodelay", .type = OptionType::boolean, .description = "TCP no delay, Nagle's algorithm off (-N)"},
     client_flag("-N"), client_flag("-N")},
    {{.name = "tos", .type = OptionType::integer, .description = "IP type of service byte (-S)", .min = 0.0, .max = 255.0},
     client_flag("-S"), client_flag("-S")},
    {{.name = "reverse", .type = OptionType::boolean, .description = "Reverse mode (-R): the iperf server sends, the client receives"},
     client_flag("-R"), client_flag("-R")},
    {{.name = "bidir", .type = OptionType::boolean, .description = "Both ways at once (--bidir, iperf3 only)"},
     client_flag("--bidir"), no_flag},
    {{.name = "bind", .type = OptionType::string, .description = "Local address to bind to (-B); usually per side, in on_client / on_server"},
     both_sides("-B"), both_sides("-B")},
    {{.name = "linux_congestion", .type = OptionType::string, .description = "TCP congestion control algorithm (iperf3 -C, iperf2 -Z)"},
     client_flag("-C"), client_flag("-Z")},
    {{.name = "num", .type = OptionType::size, .description = "Bytes to send instead of a time (-n)", .min = 1.0},
     client_flag("-n"), client_flag("-n")},
    {{.name = "omit", .type = OptionType::integer, .description = "Seconds of warm-up left out of the figures (iperf3 -O)", .min = 0.0, .max = 600.0},
     client_flag("-O"), no_flag},
    {{.name = "zerocopy", .type = OptionType::boolean, .description = "Zero-copy sending (iperf3 -Z)"},
     client_flag("-Z"), no_flag},
    {{.name = "affinity", .type = OptionType::string, .description = "CPU affinity, n or n,m (iperf3 -A)"},
     both_sides("-A"), no_flag},
    {{.name = "connect_timeout", .type = OptionType::duration, .description = "Control connection timeout (iperf3 --connect-timeout)", .min = 0.001},
     client_flag("--connect-timeout", 1000), no_flag},
    {{.name = "dont_fragment", .type = OptionType::boolean, .description = "Set IPv4 Don't Fragment (iperf3 --dont-fragment)"},
     client_flag("--dont-fragment"), no_flag},
    {{.name = "fq_rate", .type = OptionType::bitrate, .description = "Fair-queuing socket pacing rate (--fq-rate)"},
     client_flag("--fq-rate"), client_flag("--fq-rate")},
};

// The options of a side group: the flag options that side's iperf may take. No defaults
// there, so that an unwritten group option falls back to the step-wide value.
tuna::OptionSpec side_group_spec(Side side) {
  tuna::OptionSpec group{.name = side_group(side), .type = OptionType::group,
                         .description = fmt::format("Options for the iperf {} only; they win over the step-wide ones",
                                                    side_name(side))};
  for (const auto& option : flag_table) {
    if (!option.iperf3.on(side) && !option.iperf2.on(side) && !option.same_on_both_sides) continue;
    auto child = option.spec;
    child.default_value.reset();
    group.children.push_back(std::move(child));
  }
  return group;
}

tuna::Schema make_schema() {
  tuna::Schema schema = {
      {.name = "dut", .type = OptionType::host, .description = "The device under test", .required = true},
      {.name = "server", .type = OptionType::host, .description = "The traffic server, the DUT's peer", .required = true},
      {.name = "direction", .type = OptionType::enumeration,
       .description = "upstream: the DUT sends (it is the iperf client); downstream: the server sends to the DUT; "
                      "both: upstream then downstream, one measurement each",
       .default_value = "both", .allowed = {"upstream", "downstream", "both"}, .prefix_match = true},
      {.name = "tool", .type = OptionType::enumeration,
       .description = "auto: iperf3 when both hosts have it and it can run the settings, else iperf2",
       .default_value = "auto", .allowed = {"auto", "iperf3", "iperf2"}},
  };
  for (const auto& option : flag_table) schema.push_back(option.spec);
  const tuna::Schema rest = {
      {.name = "aggregator", .type = OptionType::enumeration,
       .description = "How the interval figures reduce to the bandwidth metric", .default_value = "median",
       .allowed = {"median", "mean", "min", "max", "sum"}},
      {.name = "iperf2_format", .type = OptionType::enumeration,
       .description = "iperf2 client output: csv (-y C), human, or enhanced (-e). The iperf2 server always prints "
                      "human output: its CSV mode never says when it listens",
       .default_value = "csv", .allowed = {"csv", "human", "enhanced"}},
      {.name = "port", .type = OptionType::integer,
       .description = fmt::format("Base port; each run takes the next of {} ports from it", port_span),
       .default_value = "5201", .min = 1.0, .max = 65535.0 - port_span},
      {.name = "timeout_margin", .type = OptionType::duration,
       .description = "How long past `time` iperf may run before it is stopped (also bounds the iperf server)",
       .default_value = "5", .min = 0.5, .max = 3600.0},
      {.name = "startup_timeout", .type = OptionType::duration,
       .description = "How long the iperf server may take to listen, and the version checks to answer",
       .default_value = "5", .min = 0.5, .max = 600.0},
  };
  schema.insert(schema.end(), rest.begin(), rest.end());
  schema.push_back(side_group_spec(Side::client));
  schema.push_back(side_group_spec(Side::server));
  return schema;
}

std::string option_path(std::string_view name, const char* group = nullptr) {
  return group ? fmt::format("{}.{}", group, name) : std::string(name);
}

void check_same_on_both_sides(const tuna::Config& settings, std::vector<tuna::Problem>& problems) {
  for (const auto& option : flag_table) {
    if (!option.same_on_both_sides) continue;
    const auto& name = option.spec.name;
    if (side_flag(settings, Side::client, name) == side_flag(settings, Side::server, name)) continue;
    const auto* group = settings.group(side_group(Side::client)).written(name) ? side_group(Side::client)
                                                                                : side_group(Side::server);
    problems.push_back({option_path(name, group),
                        fmt::format("'{}' must be the same on both sides: set it step-wide, not for one side", name)});
  }
}

void check_combinations(const tuna::Config& settings, std::vector<tuna::Problem>& problems) {
  if (settings.written("num") && settings.written("time"))
    problems.push_back({"num", "'num' (bytes to send) and 'time' both end the test: set one of them"});
  if (side_flag(settings, Side::client, "reverse") && side_flag(settings, Side::client, "bidir"))
    problems.push_back({"bidir", "'bidir' and 'reverse' exclude each other: bidir already sends both ways"});
  const double time = test_seconds(settings);
  for (auto side : {Side::client, Side::server}) {
    const auto* interval = side_entry(settings, side, "interval");
    if (!settings.written("num") && interval && std::get_if<double>(&interval->value) &&
        std::get<double>(interval->value) > time) {
      const char* group = settings.group(side_group(side)).written("interval") ? side_group(side) : nullptr;
      problems.push_back({option_path("interval", group),
                          fmt::format("interval {:g} s is longer than the test ({:g} s): no interval figure to "
                                      "aggregate",
                                      std::get<double>(interval->value), time)});
    }
  }
}

}  // namespace

const std::vector<FlagOption>& flag_options() { return flag_table; }

std::vector<tuna::Problem> tool_problems(const tuna::Config& settings, Tool tool) {
  std::vector<tuna::Problem> problems;
  const auto* name_of_tool = tool_name(tool);
  for (const auto& option : flag_table) {
    const auto& name = option.spec.name;
    const auto& flag = option.flag(tool);
    if (settings.written(name) && flag.name.empty())
      problems.push_back({name, fmt::format("'{}' is not an {} option", name, name_of_tool)});
    for (auto side : {Side::client, Side::server}) {
      if (!settings.group(side_group(side)).written(name) || flag.on(side) || option.same_on_both_sides) continue;
      problems.push_back({option_path(name, side_group(side)),
                          fmt::format("the {} {} does not take '{}'", name_of_tool, side_name(side), name)});
    }
  }
  const double time = test_seconds(settings);
  if (tool == Tool::iperf3 && !settings.written("num") && std::floor(time) != time)
    problems.push_back({"time", fmt::format("iperf3 takes whole seconds: it would run -t {:g} as {:g} s{}", time,
                                                   std::floor(time), time < 1 ? ", an endless test" : "")});
  if (tool == Tool::iperf3 && settings.written("iperf2_format"))
    problems.push_back({"iperf2_format", "'iperf2_format' applies to iperf2 only"});
  return problems;
}

std::vector<Tool> usable_tools(const tuna::Config& settings) {
  auto tools = tool_candidates(settings);
  std::erase_if(tools, [&](Tool tool) { return !tool_problems(settings, tool).empty(); });
  return tools;
}

std::vector<tuna::Problem> check_rep(const tuna::Config& settings) {
  std::vector<tuna::Problem> problems;
  check_same_on_both_sides(settings, problems);
  check_combinations(settings, problems);
  const auto candidates = tool_candidates(settings);
  if (usable_tools(settings).empty()) {
    for (auto tool : candidates) {
      for (auto problem : tool_problems(settings, tool)) {
        if (candidates.size() > 1) problem.message = fmt::format("with {}: {}", tool_name(tool), problem.message);
        problems.push_back(std::move(problem));
      }
    }
  }
  return problems;
}

const tuna::ComponentSpec& component_spec() {
  static const tuna::ComponentSpec spec = [] {
    tuna::ComponentSpec s;
    s.name = "iperf";
    s.aliases = {tuna::Alias{"traffic", true}};
    s.summary = "Throughput between a DUT and a traffic server with iperf3 or iperf2";
    s.description =
        "Runs iperf between `dut` and `server`, upstream (the DUT sends), downstream (the server sends to the "
        "DUT) or both, one measurement per direction. Per direction it starts the iperf server, starts the "
        "client as soon as the server listens, stops the server, and records the interval series reduced by "
        "`aggregator` as `bandwidth`, iperf's own final figure as `summary_bandwidth`, and for UDP jitter and "
        "loss. The client targets the receiving host's test address. Options named like iperf's long options "
        "go to the side(s) iperf takes them on; `on_client` / `on_server` give one side an option of its own. "
        "Success is read from iperf's output, never its exit status. Raw outputs are saved with a UTC "
        "timestamp on every line.";
    s.schema = make_schema();
    s.check_rep = check_rep;
    s.example =
        "- name: throughput\n"
        "  component: iperf\n"
        "  settings:\n"
        "    dut: dut\n"
        "    server: traffic-server\n"
        "    direction: both\n"
        "    time: 10\n"
        "    parallel: 4\n"
        "    aggregator: median\n"
        "    on_server:\n"
        "      interval: 2\n";
    s.create = [](const tuna::Config& settings) -> std::unique_ptr<tuna::Step> {
      return std::make_unique<IperfStep>(settings);
    };
    s.parse_raw = parse_raw;
    return s;
  }();
  return spec;
}

int port_for(const tuna::Config& settings, int sequence) {
  return static_cast<int>(settings.integer("port")) + sequence % port_span;
}

}  // namespace tuna::iperf
