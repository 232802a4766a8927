// Reading iperf's output, whatever the tool and format.
#pragma once

#include <optional>
#include <stdexcept>
#include <string_view>

#include "parse/report.hpp"

namespace tuna::iperf {

struct NotIperfOutput : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Detects the tool and format (iperf3 -J, iperf3 text, iperf2 -y C, iperf2 text of 2.0.x
// to 2.1.x with or without -e) unless `hint` names the tool. Lines may carry the
// runner's "<ISO-8601 UTC timestamp> " prefix. Throws NotIperfOutput when the text is
// not iperf output.
Report parse_output(std::string_view text, std::optional<Tool> hint = std::nullopt);

}  // namespace tuna::iperf
