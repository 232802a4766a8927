// What running a step produces. A step may record several measurements (iperf records
// one per direction); each is handed to the host as soon as it is complete, so nothing
// measured is lost if a later part of the step fails.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tuna {

// passed: it ran and met expectations; failed: it ran and the outcome is bad (for
// example a threshold missed); error: it could not measure (tool failed, host down).
enum class Status { passed, failed, error };

inline const char* status_name(Status status) {
  switch (status) {
    case Status::passed: return "passed";
    case Status::failed: return "failed";
    case Status::error: return "error";
  }
  return "?";
}

struct Metric {
  std::string name;  // snake_case, e.g. "bandwidth"
  double value = 0;
  std::string unit;  // e.g. "bits/s", "ms", "%", "s"
};

struct Measurement {
  std::string label;  // what distinguishes it within the step, e.g. "upstream"; may be empty
  Status status = Status::passed;
  std::string message;
  std::vector<Metric> metrics;
  std::vector<std::filesystem::path> artifacts;  // files written under the artifact directory
  nlohmann::ordered_json details = nlohmann::ordered_json::object();  // component-specific
};

// What run() returns: the step's overall verdict. The measurements went to
// RunContext::record() as they completed.
struct StepResult {
  Status status = Status::passed;
  std::string message;
};

}  // namespace tuna
