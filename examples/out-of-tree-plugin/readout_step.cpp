#include "readout_step.hpp"

#include <algorithm>
#include <numeric>
#include <sstream>
#include <thread>

#include <tuna/support/stamped_lines.hpp>

namespace readout {
namespace {

using namespace std::chrono_literals;

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// Waits `length`, in short ticks so that Ctrl-C is noticed; false if cancelled or the
// step's deadline comes first.
bool pause(tuna::RunContext& context, std::chrono::duration<double> length) {
  const auto until = tuna::Clock::now() + std::chrono::duration_cast<tuna::Clock::duration>(length);
  if (until > context.deadline()) return false;
  while (tuna::Clock::now() < until) {
    if (context.cancelled()) return false;
    std::this_thread::sleep_for(std::min<tuna::Clock::duration>(100ms, until - tuna::Clock::now()));
  }
  return !context.cancelled();
}

}  // namespace

std::optional<double> read_number(const std::string& text, const std::regex& pattern) {
  std::smatch match;
  if (!std::regex_search(text, match, pattern) || match.size() < 2 || !match[1].matched) return std::nullopt;
  try {
    return std::stod(match[1].str());
  } catch (const std::exception&) {  // the group caught something that is not a number
    return std::nullopt;
  }
}

ReadoutStep::ReadoutStep(Settings settings) : settings_(std::move(settings)), pattern_(settings_.pattern) {}

std::vector<std::string> ReadoutStep::argv(tuna::Host& host) const {
  auto argv = settings_.command;
  argv.front() = host.program(argv.front());  // the host may map the tool to a path
  return argv;
}

std::vector<std::string> ReadoutStep::plan(tuna::RunContext& context) const {
  auto& host = context.host(settings_.host);
  return {fmt::format("on {}: {} -> {} ({} sample(s), {:g} s apart)", host.name(), host.render(argv(host)),
                      settings_.metric, settings_.samples, settings_.interval.count())};
}

ReadoutStep::Sample ReadoutStep::take_sample(tuna::RunContext& context, std::vector<tuna::OutputLine>& raw) const {
  auto& host = context.host(settings_.host);
  const auto left = context.deadline() - tuna::Clock::now();
  const auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(std::min<tuna::Clock::duration>(
      left, std::chrono::duration_cast<tuna::Clock::duration>(settings_.timeout)));
  const auto output = host.run(argv(host), timeout);
  const auto read_at = std::chrono::system_clock::now();
  std::istringstream lines(output.out);
  for (std::string line; std::getline(lines, line);) raw.push_back({tuna::Stream::out, line, read_at});
  if (!output.started)
    return {std::nullopt, fmt::format("cannot start {}: {}", settings_.command.front(), output.err)};
  if (output.timed_out) return {std::nullopt, fmt::format("no answer within {} ms", timeout.count())};
  if (output.status.code != 0)
    return {std::nullopt, fmt::format("{} exited with status {}: {}", settings_.command.front(),
                                      output.status.code, first_line(output.err))};
  const auto value = read_number(output.out, pattern_);
  if (!value)
    return {std::nullopt,
            fmt::format("no number matching '{}' in: {}", settings_.pattern, first_line(output.out))};
  return {*value * settings_.scale, ""};
}

tuna::StepResult ReadoutStep::run(tuna::RunContext& context) {
  tuna::Measurement m;
  m.details["host"] = settings_.host;
  m.details["samples"] = nlohmann::ordered_json::array();
  std::vector<double> values;
  std::vector<tuna::OutputLine> raw;
  for (int i = 1; i <= settings_.samples; ++i) {
    if (i > 1 && !pause(context, settings_.interval)) break;
    context.progress(fmt::format("sample {}/{}", i, settings_.samples));
    const auto sample = take_sample(context, raw);
    if (!sample.value) {
      m.status = tuna::Status::error;
      m.message = sample.problem;
      break;
    }
    context.log().debug("{} sample {}: {:g} {}", settings_.metric, i, *sample.value, settings_.unit);
    values.push_back(*sample.value);
    m.details["samples"].push_back(*sample.value);
  }
  if (m.status == tuna::Status::passed && values.size() < static_cast<std::size_t>(settings_.samples)) {
    m.status = tuna::Status::error;
    m.message = fmt::format("{} after {} of {} samples",
                            context.cancelled() ? "interrupted" : "step deadline reached", values.size(),
                            settings_.samples);
  }
  // Whatever was read is kept, also when a later sample failed.
  if (!values.empty()) {
    const auto [low, high] = std::ranges::minmax(values);
    m.metrics.push_back(
        {settings_.metric, std::reduce(values.begin(), values.end()) / values.size(), settings_.unit});
    if (settings_.samples > 1) {
      m.metrics.push_back({settings_.metric + "_min", low, settings_.unit});
      m.metrics.push_back({settings_.metric + "_max", high, settings_.unit});
    }
  }
  const auto raw_file =
      context.artifact_dir() / fmt::format("{}-{}.txt", settings_.metric, context.repetition());
  // Stamped as tuna's own plugins save raw output (tuna::plugin_support), so that samples
  // line up in time with the other steps' files.
  try {
    tuna::support::write_stamped_file(raw_file, raw);
    m.artifacts.push_back(raw_file);
  } catch (const std::exception& e) {
    context.log().error("{}", e.what());
  }

  tuna::StepResult result{m.status, m.message};
  context.record(std::move(m));
  return result;
}

tuna::Preflight ReadoutStep::preflight(tuna::RunContext& context) {
  std::vector<tuna::OutputLine> raw;
  const auto sample = take_sample(context, raw);
  if (!sample.value)
    return {.problems = {fmt::format("{} on {}: {}", settings_.metric, settings_.host, sample.problem)}};
  return {.found = {fmt::format("{} on {} reads {:g} {}", settings_.metric, settings_.host, *sample.value,
                                settings_.unit)}};
}

}  // namespace readout
