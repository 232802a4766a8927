// What a run shows on the console: a line per step and per measurement as they happen,
// the live progress line on a terminal, and the summary table at the end.
#pragma once

#include <spdlog/logger.h>

#include <chrono>
#include <memory>
#include <vector>

#include "console.hpp"
#include "pipeline_runner.hpp"

namespace tuna::host {

class ConsoleReport final : public RunObserver {
 public:
  explicit ConsoleReport(std::shared_ptr<spdlog::logger> log);

  void step_started(const StepEntry& step, int repetition) override;
  void progress(const StepEntry& step, int repetition, std::string_view status) override;
  void measured(const MeasurementRecord& record) override;
  void step_finished(const StepEntry& step, int repetition, const StepResult& result) override;

 private:
  std::shared_ptr<spdlog::logger> log_;
  ProgressLine progress_line_{stderr};
  std::chrono::steady_clock::time_point step_started_;  // for the live line's elapsed time
};

// The end-of-run table: step, measurement, repetition, headline figure, status.
std::string summary_table(const std::vector<MeasurementRecord>& records, bool colour);

}  // namespace tuna::host
