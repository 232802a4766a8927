#include "pipeline_runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "step_context.hpp"

namespace tuna::host {
namespace fs = std::filesystem;

int RunOutcome::exit_code() const {
  if (interrupted) return 130;
  if (any_error || output_lost) return 3;
  if (any_failed) return 1;
  return 0;
}

PipelineRunner::PipelineRunner(const Pipeline& pipeline, HostTable& hosts,
                               std::shared_ptr<spdlog::logger> log, fs::path run_dir,
                               const std::atomic<bool>& cancel)
    : pipeline_(pipeline),
      hosts_(hosts),
      log_(std::move(log)),
      run_dir_(std::move(run_dir)),
      cancel_(cancel) {}

namespace {

Clock::time_point deadline_for(const StepEntry& step) {
  if (!step.timeout_seconds) return Clock::time_point::max();
  return Clock::now() +
         std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(*step.timeout_seconds));
}

// The hosts named by options the schema types as hosts, groups included.
void collect_hosts(const Schema& schema, const Config& settings, std::set<std::string>& hosts) {
  for (const auto& option : schema) {
    if (option.type == OptionType::group)
      collect_hosts(option.children, settings.group(option.name), hosts);
    else if (option.type == OptionType::host && settings.entries().contains(option.name))
      hosts.insert(settings.string(option.name));
  }
}

// What a component that threw becomes: a problem of the step, named after the component.
std::string component_failure(const StepEntry& step, const std::exception& e) {
  return fmt::format("component '{}' failed: {}", step.spec->name, e.what());
}

}  // namespace

std::set<std::string> hosts_used(const Pipeline& pipeline) {
  std::set<std::string> hosts;
  for (const auto& step : pipeline.steps) collect_hosts(step.spec->schema, step.settings, hosts);
  return hosts;
}

std::set<std::string> hosts_used(const StepEntry& step) {
  std::set<std::string> hosts;
  collect_hosts(step.spec->schema, step.settings, hosts);
  return hosts;
}

StepContext PipelineRunner::context_for_look(const StepEntry& step) {
  return StepContext({&hosts_, log_, step.name, run_dir_ / "raw" / step.name, deadline_for(step),
                      &never_cancelled_, 1, [](std::string_view) {}, [](Measurement) {}});
}

std::vector<std::string> PipelineRunner::plan() {
  std::vector<std::string> lines;
  for (const auto& step : pipeline_.steps) {
    auto context = context_for_look(step);
    for (const auto& line : step.spec->create(step.settings)->plan(context))
      lines.push_back(step.name + ": " + line);
    if (step.repeat > 1) lines.push_back(fmt::format("{}: repeated {} times", step.name, step.repeat));
  }
  if (pipeline_.repeat > 1) lines.push_back(fmt::format("the whole pipeline {} times", pipeline_.repeat));
  return lines;
}

std::vector<std::pair<const StepEntry*, Preflight>> PipelineRunner::preflight(
    const std::set<std::string>& unreachable) {
  std::vector<std::pair<const StepEntry*, Preflight>> found;
  for (const auto& step : pipeline_.steps) {
    const auto hosts = hosts_used(step);
    if (std::ranges::any_of(hosts, [&](const auto& host) { return unreachable.contains(host); })) continue;
    auto context = context_for_look(step);
    try {
      found.emplace_back(&step, step.spec->create(step.settings)->preflight(context));
    } catch (const std::exception& e) {
      found.emplace_back(&step, Preflight{{}, {component_failure(step, e)}});
    }
  }
  return found;
}

RunOutcome PipelineRunner::run(RunObserver& observer) {
  RunOutcome outcome;
  std::map<std::string, int> repetitions;  // per step, across pipeline repeats
  for (int round = 1; round <= pipeline_.repeat; ++round) {
    for (const auto& step : pipeline_.steps) {
      for (int i = 1; i <= step.repeat; ++i) {
        if (cancel_) {
          outcome.interrupted = true;
          return outcome;
        }
        const int repetition = ++repetitions[step.name];
        if (skip_.contains({step.name, repetition})) continue;
        const auto result = run_step(step, repetition, observer, outcome);
        if (outcome.output_lost) {
          log_->error("{}; stopping the run: a run that cannot keep what it measures must not go on",
                      *outcome.output_lost);
          outcome.interrupted = cancel_.load();
          return outcome;
        }
        if (result.status == Status::passed) continue;
        if (keep_going_ || step.continue_on_failure) {
          log_->warn("step '{}' {}: {}; going on", step.name, status_name(result.status), result.message);
          continue;
        }
        log_->error("step '{}' {}: {}; stopping the pipeline", step.name, status_name(result.status),
                    result.message);
        outcome.interrupted = cancel_.load();
        return outcome;
      }
    }
  }
  outcome.interrupted = cancel_.load();
  return outcome;
}

StepResult PipelineRunner::run_step(const StepEntry& step, int repetition, RunObserver& observer,
                                    RunOutcome& outcome) {
  const auto label =
      step.repeat > 1 || pipeline_.repeat > 1 ? fmt::format("{} #{}", step.name, repetition) : step.name;
  const auto artifact_dir = run_dir_ / "raw" / step.name;
  std::error_code no_dir;
  fs::create_directories(artifact_dir, no_dir);
  if (no_dir)
    outcome.output_lost = fmt::format("cannot make {}: {}", artifact_dir.string(), no_dir.message());
  const auto started = std::chrono::system_clock::now();
  std::string first_miss;  // a passing step whose measurement missed an expectation has failed
  auto keep = [&](Measurement measurement) {
    const bool passed_before = measurement.status == Status::passed;
    auto verdicts = apply_expectations(step.expectations, measurement);
    if (passed_before && measurement.status == Status::failed && first_miss.empty())
      first_miss = measurement.message;
    if (measurement.status == Status::failed) outcome.any_failed = true;
    if (measurement.status == Status::error) outcome.any_error = true;
    MeasurementRecord record{pipeline_.name,
                             step.name,
                             step.spec->name,
                             repetition,
                             step.parameters,
                             std::move(measurement),
                             started,
                             std::chrono::system_clock::now(),
                             std::move(verdicts)};
    keep_in_results(record, outcome);
    observer.measured(record);
    outcome.records.push_back(std::move(record));
  };
  StepContext context({&hosts_, log_, label, artifact_dir, deadline_for(step), &cancel_, repetition,
                       [&](std::string_view status) { observer.progress(step, repetition, status); }, keep});
  observer.step_started(step, repetition);
  StepResult result;
  if (outcome.output_lost) {
    // Not run: where it would keep its raw outputs cannot be made.
    result = {Status::error, *outcome.output_lost};
  } else {
    try {
      result = step.spec->create(step.settings)->run(context);
    } catch (const std::exception& e) {
      // A component that throws has still measured whatever it recorded before.
      result = {Status::error, component_failure(step, e)};
    }
  }
  if (cancel_ && result.status == Status::passed) result = {Status::error, "interrupted"};
  if (context.recorded() == 0) {
    // Every step leaves at least one record, so its outcome is never silent.
    keep(Measurement{.status = result.status, .message = result.message});
  }
  if (result.status == Status::passed && !first_miss.empty()) result = {Status::failed, first_miss};
  if (result.status == Status::failed) outcome.any_failed = true;
  if (result.status == Status::error) outcome.any_error = true;
  observer.step_finished(step, repetition, result);
  return result;
}

void PipelineRunner::keep_in_results(const MeasurementRecord& record, RunOutcome& outcome) {
  if (results_ == nullptr) return;
  try {
    results_->append(record);
  } catch (const ResultsFileError& e) {
    // The first loss is the one to report; the file refuses every record after it.
    if (!outcome.output_lost) outcome.output_lost = e.what();
  }
}

}  // namespace tuna::host
