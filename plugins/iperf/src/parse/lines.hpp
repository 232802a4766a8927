// Splitting raw output into lines, as the component saved it or as iperf printed it.
#pragma once

#include <string_view>
#include <vector>

namespace tuna::iperf {

// The lines of `text` (views into it), without line ends or the stamps the component
// saved them with.
std::vector<std::string_view> output_lines(std::string_view text);

std::string_view trim(std::string_view text);

}  // namespace tuna::iperf
