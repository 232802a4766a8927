#include "parse/parse_raw.hpp"

#include "parse/parse.hpp"
#include "parse/report_json.hpp"

namespace tuna::iperf {

tuna::ParseOutcome parse_raw(const std::string& text, const std::string& hint) {
  std::optional<Tool> tool;
  if (hint == "iperf2") {
    tool = Tool::iperf2;
  } else if (hint == "iperf3") {
    tool = Tool::iperf3;
  } else if (!hint.empty()) {
    return {.message = "unknown tool '" + hint + "' (expected iperf2 or iperf3)"};
  }
  Report report;
  try {
    report = parse_output(text, tool);
  } catch (const NotIperfOutput& error) {
    return {.message = error.what()};
  }
  ParseOutcome outcome{.verdict = ParseVerdict::good, .document = to_json(report)};
  if (report.error) {
    outcome.verdict = ParseVerdict::failed_test;
    outcome.message = *report.error;
  } else if (!report.summary.bits_per_second) {
    // A test cut short (iperf killed, output truncated) prints no end-of-test report.
    outcome.verdict = ParseVerdict::failed_test;
    outcome.message = "the output has no end-of-test report";
  }
  return outcome;
}

}  // namespace tuna::iperf
