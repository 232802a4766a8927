#include "measurement_record.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace tuna::host {
namespace {
// ISO 8601 UTC with milliseconds: step times are read from results, not only from logs.
std::string utc_timestamp(std::chrono::system_clock::time_point when) {
  const auto milliseconds = std::chrono::floor<std::chrono::milliseconds>(when);
  const auto seconds = std::chrono::floor<std::chrono::seconds>(milliseconds);
  return fmt::format("{:%FT%T}.{:03}Z", seconds, (milliseconds - seconds).count());
}

// {metric, op, limit, unit, actual, met}; actual is null when the metric was missing.
nlohmann::ordered_json verdict_json(const ExpectationVerdict& verdict) {
  const auto& expected = verdict.expectation;
  return {
      {"metric", expected.metric},
      {"op", comparison_text(expected.comparison)},
      {"limit", expected.limit},
      {"unit", verdict.unit},
      {"actual", verdict.actual ? nlohmann::ordered_json(*verdict.actual) : nlohmann::ordered_json()},
      {"met", verdict.met},
  };
}
}  // namespace

nlohmann::ordered_json to_json(const MeasurementRecord& record, const std::filesystem::path& run_dir) {
  nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
  for (const auto& metric : record.measurement.metrics)
    metrics[metric.name] = {{"value", metric.value}, {"unit", metric.unit}};
  nlohmann::ordered_json parameters = nlohmann::ordered_json::object();
  for (const auto& [option, value] : record.parameters) parameters[option] = value;
  nlohmann::ordered_json artifacts = nlohmann::ordered_json::array();
  for (const auto& file : record.measurement.artifacts)
    artifacts.push_back(file.lexically_relative(run_dir).string());
  nlohmann::ordered_json expectations = nlohmann::ordered_json::array();
  for (const auto& verdict : record.expectations) expectations.push_back(verdict_json(verdict));
  return {
      {"pipeline", record.pipeline},
      {"step", record.step},
      {"component", record.component},
      {"repetition", record.repetition},
      {"parameters", parameters},
      {"label", record.measurement.label},
      {"status", status_name(record.measurement.status)},
      {"message", record.measurement.message},
      {"step_started", utc_timestamp(record.step_started)},
      {"finished", utc_timestamp(record.finished)},
      {"metrics", metrics},
      {"expectations", expectations},
      {"artifacts", artifacts},
      {"details", record.measurement.details},
  };
}

std::string format_metric(const Metric& metric) {
  if (metric.unit == "bits/s") return fmt::format("{:.2f} Mbit/s", metric.value / 1e6);
  return metric.unit.empty() ? fmt::format("{:g}", metric.value)
                             : fmt::format("{:g} {}", metric.value, metric.unit);
}

}  // namespace tuna::host
