// One measurement as the host keeps it: the component's Measurement plus where in the
// pipeline it was taken.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <tuna/result.hpp>
#include <vector>

#include "expectations.hpp"

namespace tuna::host {

struct MeasurementRecord {
  std::string pipeline;
  std::string step;
  std::string component;
  int repetition = 1;
  std::vector<std::pair<std::string, std::string>> parameters;  // the step's sweep values
  Measurement measurement;
  std::chrono::system_clock::time_point step_started;
  std::chrono::system_clock::time_point finished;
  // The step's expectations as judged against this measurement; none when the step has
  // none or the measurement is an error (not judged).
  std::vector<ExpectationVerdict> expectations = {};
};

// The record as one JSON object (a line of results.jsonl). Artifact paths are made
// relative to `run_dir` so a results directory can be moved.
nlohmann::ordered_json to_json(const MeasurementRecord& record, const std::filesystem::path& run_dir);

// "941.3 Mbit/s" for bits/s, "12.5 ms" for the rest: how a figure reads on a console.
std::string format_metric(const Metric& metric);

}  // namespace tuna::host
