// What a ping run produced, judged: status, message and metrics.
#pragma once

#include <optional>
#include <string>
#include <tuna/config.hpp>
#include <tuna/host.hpp>
#include <tuna/result.hpp>
#include <vector>

namespace tuna::ping {

// Why the step stopped watching ping.
enum class Ending {
  exited,     // ping ended by itself
  reachable,  // until_reachable: enough consecutive replies; the step stopped ping
  overran,    // ping ran past its own bounds and the step stopped it
  cancelled,  // interrupted
};

struct PingRun {
  std::string from;  // host names
  std::string to;
  std::string address;  // what was pinged
  std::string command;  // as the `from` host renders it
  long pid = 0;
  Ending ending = Ending::exited;
  std::optional<ExitStatus> status;
  double seconds = 0;  // how long ping ran
  std::vector<OutputLine> lines;
};

// The measurement of `run` (without artifacts); unlabelled, one per step.
tuna::Measurement make_measurement(const tuna::Config& settings, const PingRun& run);

}  // namespace tuna::ping
