#include "component/command_step.hpp"

#include <chrono>

#include <fmt/format.h>

#include "component/command_result.hpp"
#include "component/command_run.hpp"

namespace tuna::command {

namespace {

using namespace std::chrono_literals;

constexpr auto preflight_timeout = 10s;

// A fixed script with the program as its argument: the name is never parsed as shell code.
std::vector<std::string> lookup_argv(const std::string& program) {
  return {"sh", "-c", "command -v \"$1\"", "sh", program};
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

std::vector<std::string> CommandStep::plan(tuna::RunContext& context) const {
  auto& host = context.host(settings_.host);
  return {fmt::format("on {}: {}  (timeout {:g} s, passes on exit status {})", host.name(),
                      host.render(command_argv(settings_, host)), settings_.timeout_seconds,
                      accepted_text(settings_.accepted_statuses))};
}

tuna::StepResult CommandStep::run(tuna::RunContext& context) {
  auto& host = context.host(settings_.host);
  const auto run = run_command(context, host, command_argv(settings_, host), settings_.timeout_seconds);
  auto measurement = make_measurement(settings_, run);
  if (run.pid != 0) {
    const auto path = context.artifact_dir() / output_file_name(settings_, context.repetition());
    try {
      write_output_file(path, *run.output);
      measurement.artifacts.push_back(path);
    } catch (const std::exception& e) {
      context.log().error("{}", e.what());
    }
  }
  tuna::StepResult result{measurement.status, measurement.message};
  context.record(std::move(measurement));
  return result;
}

tuna::Preflight CommandStep::preflight(tuna::RunContext& context) {
  tuna::Preflight result;
  auto& host = context.host(settings_.host);
  const auto program = command_argv(settings_, host).front();
  const auto lookup = host.run(lookup_argv(program), preflight_timeout);
  if (!lookup.started || lookup.timed_out)
    result.problems.push_back(fmt::format("cannot ask {} for '{}': {}", host.name(), program,
                                          lookup.timed_out ? "no answer in time" : first_line(lookup.err)));
  else if (lookup.status.exited_normally() && lookup.status.code == 0)
    result.found.push_back(fmt::format("{} has {} ({})", host.name(), program, first_line(lookup.out)));
  else
    result.problems.push_back(fmt::format("{} has no '{}'", host.name(), program));
  return result;
}

}  // namespace tuna::command
