// The ping component's tuna::ComponentSpec::parse_raw: `tuna parse` on a saved output.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <tuna/component.hpp>

#include "parse/ping_output.hpp"

namespace tuna::ping {

// {"tool":"ping","target","transmitted","received","duplicates","errors","loss_percent",
//  "time_ms","rtt":{"min_ms","avg_ms","max_ms","mdev_ms"},"replies","longest_consecutive_replies",
//  "problems":[...]}; a figure ping did not print is null.
nlohmann::ordered_json to_json(const PingOutput& output);

// hint: "" or "ping"; anything else is not recognised. Verdict good when a reply came
// back, failed_test when none did (100% loss, or ping could only complain).
tuna::ParseOutcome parse_raw(const std::string& text, const std::string& hint);

}  // namespace tuna::ping
