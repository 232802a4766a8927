// The iperf component's tuna::ComponentSpec::parse_raw: `tuna parse` on a saved output.
#pragma once

#include <string>

#include "tuna/component.hpp"

namespace tuna::iperf {

// hint: "" (detect), "iperf2" or "iperf3"; anything else is not recognised. Verdict
// good for a test that ran and reported, failed_test when the output shows a failed test
// (iperf's error, or no end-of-test report), not_recognised when it is not iperf output.
tuna::ParseOutcome parse_raw(const std::string& text, const std::string& hint);

}  // namespace tuna::iperf
