// Splitting raw output into lines, as the component saved it or as iperf printed it.
#pragma once

#include <string_view>
#include <vector>

namespace tuna::iperf {

// The line without the runner's "2026-11-26T10:00:00.123456Z " prefix, if it has one.
std::string_view strip_timestamp(std::string_view line);

// The lines of `text` (views into it), without line ends or timestamp prefixes.
std::vector<std::string_view> output_lines(std::string_view text);

std::string_view trim(std::string_view text);

}  // namespace tuna::iperf
