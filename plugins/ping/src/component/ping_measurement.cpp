#include "component/ping_measurement.hpp"

#include <fmt/format.h>

#include "component/ping_command.hpp"
#include "parse/ping_output.hpp"
#include "parse/reachability.hpp"

namespace tuna::ping {

namespace {

std::optional<PingOutput> parsed(const PingRun& run) {
  std::vector<StampedLine> lines;
  for (const auto& line : run.lines) lines.push_back({line.text, line.received});
  try {
    return parse_ping_lines(lines);
  } catch (const NotPingOutput&) {
    return std::nullopt;
  }
}

// ping's own account of what went wrong, for messages.
std::string last_words(const PingRun& run, const std::optional<PingOutput>& output) {
  if (output && !output->problems.empty()) return output->problems.back();
  return run.lines.empty() ? "(no output)" : run.lines.back().text;
}

nlohmann::ordered_json details(const tuna::Config& settings, const PingRun& run) {
  nlohmann::ordered_json exit;
  if (run.status) exit = {{"code", run.status->code}, {"signal", run.status->signal}};
  return {
      {"from", run.from},       {"to", run.to},   {"address", run.address}, {"mode", settings.string("mode")},
      {"command", run.command}, {"pid", run.pid}, {"seconds", run.seconds}, {"exit", exit}};
}

tuna::Measurement error(tuna::Measurement measurement, std::string message) {
  measurement.status = tuna::Status::error;
  measurement.message = std::move(message);
  return measurement;
}

std::string ended_without_statistics(const PingRun& run, const std::optional<PingOutput>& output) {
  if (run.ending == Ending::overran)
    return fmt::format("ping on {} did not finish in time and was stopped after {:.1f} s", run.from,
                       run.seconds);
  return fmt::format("ping on {} ended without its statistics: {}", run.from, last_words(run, output));
}

tuna::Measurement statistics(tuna::Measurement measurement, const PingRun& run, const PingOutput& output) {
  if (!output.summary) return error(std::move(measurement), ended_without_statistics(run, output));
  const auto& summary = *output.summary;
  auto& metrics = measurement.metrics;
  // The console shows the first two metrics: the average round trip and the loss.
  if (output.round_trip) metrics.push_back({"rtt_avg", output.round_trip->avg_ms, "ms"});
  metrics.push_back({"loss", summary.loss_percent, "%"});
  if (output.round_trip) {
    const auto& rtt = *output.round_trip;
    metrics.push_back({"rtt_min", rtt.min_ms, "ms"});
    metrics.push_back({"rtt_max", rtt.max_ms, "ms"});
    metrics.push_back({"rtt_mdev", rtt.mdev_ms, "ms"});
  }
  metrics.push_back({"transmitted", static_cast<double>(summary.transmitted), ""});
  metrics.push_back({"received", static_cast<double>(summary.received), ""});
  metrics.push_back({"duplicates", static_cast<double>(summary.duplicates), ""});
  metrics.push_back({"errors", static_cast<double>(summary.errors), ""});
  if (summary.received == 0) {
    measurement.status = tuna::Status::failed;
    measurement.message =
        fmt::format("no reply from {} at {} to {} requests{}", run.to, run.address, summary.transmitted,
                    output.problems.empty() ? "" : ": " + output.problems.back());
  }
  return measurement;
}

tuna::Measurement reachability(tuna::Measurement measurement, const tuna::Config& settings,
                               const PingRun& run, const PingOutput& output) {
  const auto replies = static_cast<int>(settings.integer("replies"));
  if (const auto reached = reachable_after(output, replies)) {
    if (reached->seconds) measurement.metrics.push_back({"time_to_reachable", *reached->seconds, "s"});
    measurement.metrics.push_back({"consecutive_replies", static_cast<double>(replies), ""});
    return measurement;
  }
  // ping ends by itself at time_limit with its statistics; without them it could not ping.
  if (run.ending == Ending::exited && !output.summary)
    return error(std::move(measurement), ended_without_statistics(run, output));
  const int longest = longest_run(output);
  measurement.metrics.push_back({"consecutive_replies", static_cast<double>(longest), ""});
  measurement.status = tuna::Status::failed;
  measurement.message =
      fmt::format("{} at {} did not answer {} requests in a row within {:g} s (at most {}{})", run.to,
                  run.address, replies, settings.number("time_limit"), longest,
                  output.problems.empty() ? "" : "; " + output.problems.back());
  return measurement;
}

}  // namespace

tuna::Measurement make_measurement(const tuna::Config& settings, const PingRun& run) {
  tuna::Measurement measurement;
  measurement.details = details(settings, run);
  if (run.ending == Ending::cancelled)
    return error(std::move(measurement), fmt::format("interrupted after {:.1f} s", run.seconds));
  const auto output = parsed(run);
  if (!output)
    return error(std::move(measurement),
                 fmt::format("ping could not run on {}: {}", run.from, last_words(run, output)));
  return until_reachable(settings) ? reachability(std::move(measurement), settings, run, *output)
                                   : statistics(std::move(measurement), run, *output);
}

}  // namespace tuna::ping
