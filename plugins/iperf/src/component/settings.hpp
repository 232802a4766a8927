// Typed reads of the iperf step's validated settings: the names of the option table,
// and the side groups that give one side an option of its own.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tuna/config.hpp>

#include "parse/report.hpp"

namespace tuna::iperf {

enum class Side { client, server };
// upstream: the DUT is the iperf client and sends; downstream: the traffic server is.
enum class Direction { upstream, downstream };

const char* side_name(Side side);
const char* direction_name(Direction direction);
// The settings group that holds one side's own options ("on_client", "on_server").
const char* side_group(Side side);

// The directions to run, in order: `both` is upstream then downstream.
std::vector<Direction> directions(const tuna::Config& settings);

// The value that applies on one side: the side's group wins over the step-wide value.
// nullptr when neither holds the option.
const tuna::Config::Entry* side_entry(const tuna::Config& settings, Side side, std::string_view name);
// Whether the user wrote the option for this side, step-wide or in the side's group.
bool written_for(const tuna::Config& settings, Side side, std::string_view name);
// The test length the client runs for (`time`, on_client's own if it has one).
double test_seconds(const tuna::Config& settings);
bool side_flag(const tuna::Config& settings, Side side, std::string_view name);

// The `tool` setting as the tools to try, in order of preference.
std::vector<Tool> tool_candidates(const tuna::Config& settings);
std::optional<Tool> tool_from_name(std::string_view name);

}  // namespace tuna::iperf
