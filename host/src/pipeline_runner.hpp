// Runs a validated pipeline: steps in order, each repeated as asked, the whole pipeline
// repeated as asked. Measurements flow one way: component -> record -> observers.
#pragma once

#include <spdlog/logger.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "host_table.hpp"
#include "measurement_record.hpp"
#include "pipeline.hpp"
#include "results_file.hpp"
#include "step_context.hpp"

namespace tuna::host {

// The hosts the steps' settings name (options typed as hosts), of the pipeline or a step.
std::set<std::string> hosts_used(const Pipeline& pipeline);
std::set<std::string> hosts_used(const StepEntry& step);

class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void step_started(const StepEntry& step, int repetition) = 0;
  virtual void progress(const StepEntry& step, int repetition, std::string_view status) = 0;
  // Called once per measurement, as soon as the component hands it over.
  virtual void measured(const MeasurementRecord& record) = 0;
  virtual void step_finished(const StepEntry& step, int repetition, const StepResult& result) = 0;
};

struct RunOutcome {
  std::vector<MeasurementRecord> records;
  bool any_failed = false;
  bool any_error = false;
  bool interrupted = false;
  // Why the run directory stopped taking what the run produces (a record or a raw output
  // directory could not be written: a full disk, lost permissions), if it did. The run
  // stopped there: a run that cannot keep its records must not go on measuring.
  std::optional<std::string> output_lost;
  // 130 interrupted; 3 a step could not measure or the output was lost; 1 a step failed;
  // 0 all passed.
  int exit_code() const;
};

class PipelineRunner {
 public:
  PipelineRunner(const Pipeline& pipeline, HostTable& hosts, std::shared_ptr<spdlog::logger> log,
                 std::filesystem::path run_dir, const std::atomic<bool>& cancel);

  // What each step would do, without doing it: "step: line" per planned action.
  std::vector<std::string> plan();
  // What each step finds on its hosts (`tuna check --connect`), skipping the steps that
  // use a host in `unreachable`.
  std::vector<std::pair<const StepEntry*, Preflight>> preflight(const std::set<std::string>& unreachable);
  RunOutcome run(RunObserver& observer);
  // `tuna run --keep-going`: every step runs, whatever those before it came to.
  void keep_going(bool on) { keep_going_ = on; }
  // (step, repetition) pairs an earlier, interrupted run already measured: not run again.
  void skip(std::set<std::pair<std::string, int>> done) { skip_ = std::move(done); }
  // Every measurement goes to `results` before the observer sees it.
  void keep_records_in(ResultsFile& results) { results_ = &results; }

 private:
  // A context for looking, not running: nothing is recorded, nothing cancels it.
  StepContext context_for_look(const StepEntry& step);
  StepResult run_step(const StepEntry& step, int repetition, RunObserver& observer, RunOutcome& outcome);
  void keep_in_results(const MeasurementRecord& record, RunOutcome& outcome);

  const Pipeline& pipeline_;
  HostTable& hosts_;
  std::shared_ptr<spdlog::logger> log_;
  std::filesystem::path run_dir_;
  const std::atomic<bool>& cancel_;
  const std::atomic<bool> never_cancelled_{false};
  bool keep_going_ = false;
  std::set<std::pair<std::string, int>> skip_;
  ResultsFile* results_ = nullptr;
};

}  // namespace tuna::host
