#include "console_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>

namespace tuna::host {

ConsoleReport::ConsoleReport(std::shared_ptr<spdlog::logger> log) : log_(std::move(log)) {}

void ConsoleReport::step_started(const StepEntry& step, int repetition) {
  step_started_ = std::chrono::steady_clock::now();
  log_->info("step '{}' ({}) #{} started", step.name, step.spec->name, repetition);
}

void ConsoleReport::progress(const StepEntry& step, int, std::string_view status) {
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - step_started_;
  progress_line_.show(step.name, fmt::format("{:.1f} s  {}", elapsed.count(), status));
}

void ConsoleReport::measured(const MeasurementRecord& record) {
  progress_line_.clear();
  const auto& m = record.measurement;
  std::string figures;
  for (const auto& metric : m.metrics) {
    if (figures.size() > 120) break;
    figures += fmt::format("{}{}={}", figures.empty() ? "" : " ", metric.name, format_metric(metric));
  }
  const auto what = m.label.empty() ? record.step : record.step + " " + m.label;
  if (m.status == Status::passed)
    log_->info("{} #{}: {}", what, record.repetition, figures);
  else
    log_->error("{} #{} {}: {}", what, record.repetition, status_name(m.status), m.message);
}

void ConsoleReport::step_finished(const StepEntry& step, int repetition, const StepResult& result) {
  progress_line_.clear();
  log_->debug("step '{}' #{} finished: {}", step.name, repetition, status_name(result.status));
}

std::string summary_table(const std::vector<MeasurementRecord>& records, bool colour) {
  // The headline is a component's first metric; the second, named, is what it reports
  // beside it (for iperf: iperf's own summary figure).
  using Cells = std::array<std::string, 6>;
  std::vector<Cells> rows{{"STEP", "MEASUREMENT", "REP", "HEADLINE", "ALSO", "STATUS"}};
  for (const auto& r : records) {
    const auto& m = r.measurement;
    const auto headline = m.metrics.empty() ? std::string("-") : format_metric(m.metrics[0]);
    const auto also = m.metrics.size() < 2
                          ? std::string("-")
                          : fmt::format("{} {}", m.metrics[1].name, format_metric(m.metrics[1]));
    rows.push_back(
        {r.step, m.label.empty() ? "-" : m.label, std::to_string(r.repetition), headline, also,
         m.status == Status::passed ? "passed" : std::string(status_name(m.status)) + ": " + m.message});
  }
  std::array<std::size_t, 5> width{};
  for (const auto& row : rows)
    for (std::size_t i = 0; i < width.size(); ++i) width[i] = std::max(width[i], row[i].size());
  std::string out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& c = rows[i];
    auto line = fmt::format("{:<{}}  {:<{}}  {:>{}}  {:>{}}  {:<{}}  {}", c[0], width[0], c[1], width[1],
                            c[2], width[2], c[3], width[3], c[4], width[4], c[5]);
    const bool bad = i > 0 && records[i - 1].measurement.status != Status::passed;
    out += (i == 0 ? paint(colour, fmt::emphasis::bold, line)
            : bad  ? paint(colour, fg(fmt::terminal_color::red), line)
                   : line) +
           "\n";
  }
  return out;
}

}  // namespace tuna::host
