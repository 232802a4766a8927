// Which tool and format printed an output.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "parse/report.hpp"

namespace tuna::iperf {

enum class Format { iperf3_json, iperf3_text, iperf2_csv, iperf2_text };

// nullopt when nothing in `lines` is iperf's; `hint` rules out the other tool's formats.
std::optional<Format> detect_format(const std::vector<std::string_view>& lines,
                                    std::optional<Tool> hint);

}  // namespace tuna::iperf
