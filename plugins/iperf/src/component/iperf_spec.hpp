// The iperf component's one declaration: every option with its type, default, the side(s)
// it goes to and its iperf3 / iperf2 flag. The schema, check_rep, the example, `tuna help`
// and the command builder are all driven by it.
#pragma once

#include <string_view>
#include <vector>

#include <tuna/component.hpp>

#include "component/settings.hpp"

namespace tuna::iperf {

// How one tool takes an option. An empty name: the tool has no such option.
struct Flag {
  std::string_view name;
  bool client = false;
  bool server = false;
  double scale = 1;  // from the option's base unit to the flag's (seconds -> ms)

  bool on(Side side) const { return side == Side::client ? client : server; }
};

// An option passed to iperf as a flag.
struct FlagOption {
  tuna::OptionSpec spec;
  Flag iperf3;
  Flag iperf2;
  // Both ends must agree (UDP): set in one side's group only, it is an error.
  bool same_on_both_sides = false;
  // Left out of the command when this other option is written (time yields to num).
  std::string_view yields_to = {};

  const Flag& flag(Tool tool) const { return tool == Tool::iperf3 ? iperf3 : iperf2; }
};

const std::vector<FlagOption>& flag_options();

// Everything the host needs: schema, check_rep, example, create, parse_raw.
const tuna::ComponentSpec& component_spec();

// Cross-field rules; every problem, with the dotted path it concerns.
std::vector<tuna::Problem> check_rep(const tuna::Config& settings);

// The settings' problems should `tool` run them (options it lacks, its own limits).
std::vector<tuna::Problem> tool_problems(const tuna::Config& settings, Tool tool);

// The tools that could run these settings, in the order `tool: auto` prefers them.
std::vector<Tool> usable_tools(const tuna::Config& settings);

// The port of the `sequence`th run of a step (0-based), counted from the base `port`.
int port_for(const tuna::Config& settings, int sequence);

}  // namespace tuna::iperf
