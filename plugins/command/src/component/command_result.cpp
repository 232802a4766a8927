#include "component/command_result.hpp"

#include <cstring>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <tuna/support/stamped_lines.hpp>

namespace tuna::command {

namespace {

// How many of the last stderr lines a message quotes.
constexpr std::size_t quoted_lines = 3;

const char* stream_name(Stream stream) { return stream == Stream::out ? "out" : "err"; }

// The last lines of stderr, or of stdout when stderr is silent, for a message.
std::string output_tail(const support::OutputLog& output) {
  const auto lines = output.lines();
  for (auto stream : {Stream::err, Stream::out}) {
    std::vector<std::string> tail;
    for (auto line = lines.rbegin(); line != lines.rend() && tail.size() < quoted_lines; ++line)
      if (line->stream == stream) tail.insert(tail.begin(), line->text);
    if (!tail.empty()) return fmt::format("; std{} ends: {}", stream_name(stream), fmt::join(tail, " | "));
  }
  return "; no output";
}

std::string ended_by(const ExitStatus& status) {
  if (status.signal != 0) return fmt::format("ended by signal {} ({})", status.signal, strsignal(status.signal));
  return fmt::format("exit status {}", status.code);
}

bool accepted(const CommandSettings& settings, const ExitStatus& status) {
  return status.exited_normally() && std::ranges::find(settings.accepted_statuses, status.code) !=
                                         settings.accepted_statuses.end();
}

// The statuses sh gives a program it could not run: not executable, not found.
bool could_not_run(const CommandSettings& settings, const ExitStatus& status) {
  return !settings.shell && status.exited_normally() && (status.code == 126 || status.code == 127);
}

nlohmann::ordered_json details(const CommandSettings& settings, const CommandRun& run) {
  std::size_t out = 0, err = 0;
  for (const auto& line : run.output->lines()) ++(line.stream == Stream::out ? out : err);
  nlohmann::ordered_json details = {
      {"host", run.host},
      {"command", run.command},
      {"shell", settings.shell},
      {"pid", run.pid},
      {"expect_status", settings.accepted_statuses},
      {"stopped", !run.stopped_because.empty()},
      {"lines", {{"out", out}, {"err", err}}},
  };
  if (run.status && run.status->exited_normally()) details["exit_status"] = run.status->code;
  if (run.status && run.status->signal != 0) details["signal"] = run.status->signal;
  return details;
}

}  // namespace

tuna::Measurement make_measurement(const CommandSettings& settings, const CommandRun& run) {
  tuna::Measurement measurement;
  measurement.details = details(settings, run);
  if (!run.start_error.empty()) {
    measurement.status = tuna::Status::error;
    measurement.message = fmt::format("{}: {}", run.host, run.start_error);
    return measurement;
  }
  measurement.metrics.push_back({"duration", run.seconds, "s"});
  const auto& status = *run.status;
  if (status.exited_normally()) measurement.metrics.push_back({"exit_status", double(status.code), ""});
  if (!run.stopped_because.empty()) {
    measurement.status = tuna::Status::error;
    measurement.message = fmt::format("{}; stopped, {}{}", run.stopped_because,
                                      ended_by(status), output_tail(*run.output));
  } else if (accepted(settings, status)) {
    measurement.status = tuna::Status::passed;
  } else if (could_not_run(settings, status)) {
    measurement.status = tuna::Status::error;
    measurement.message = fmt::format("could not run '{}' on {} ({}){}", settings.words.front(), run.host,
                                      ended_by(status), output_tail(*run.output));
  } else {
    measurement.status = tuna::Status::failed;
    measurement.message = fmt::format("{}, expected {}{}", ended_by(status),
                                      accepted_text(settings.accepted_statuses), output_tail(*run.output));
  }
  return measurement;
}

void write_output_file(const std::filesystem::path& path, const support::OutputLog& output) {
  // The stamp goes first, as in every raw file, so `out`/`err` sits after it.
  auto lines = output.lines();
  for (auto& line : lines) line.text = fmt::format("{} {}", stream_name(line.stream), line.text);
  support::write_stamped_file(path, lines);
}

}  // namespace tuna::command
