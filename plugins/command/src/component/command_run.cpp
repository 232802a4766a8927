#include "component/command_run.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

namespace tuna::command {

namespace {

using namespace std::chrono_literals;

// How often the step looks at cancellation, the deadline and new output while it waits.
constexpr auto poll = 100ms;
// Time a command gets to end on TERM before KILL: enough to flush and remove its files.
constexpr auto stop_grace = 1000ms;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Shows the command's lines in the log (debug) as they come, and how long it has run.
void echo(tuna::RunContext& context, CommandRun& run, Clock::time_point start) {
  for (const auto& line : run.output->take_new_lines()) context.log().debug("{}: {}", run.host, line);
  context.progress(fmt::format("{:.1f} s", seconds_since(start)));
}

}  // namespace

CommandRun run_command(tuna::RunContext& context, Host& host, const std::vector<std::string>& argv,
                       double timeout_seconds) {
  CommandRun run;
  run.host = host.name();
  run.command = host.render(argv);
  context.log().info("on {}: {}", run.host, run.command);
  const auto start = Clock::now();
  std::unique_ptr<Process> process;
  try {
    process = host.start(argv, run.output->handler());
  } catch (const std::exception& e) {
    run.start_error = e.what();
    return run;
  }
  run.pid = process->pid();
  const auto timeout = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeout_seconds));
  const auto own_bound = start + timeout;
  const auto bound = std::min(own_bound, context.deadline());
  while (!run.status) {
    run.status = process->wait_until(std::min(Clock::now() + poll, bound));
    echo(context, run, start);
    if (run.status) break;
    if (context.cancelled())
      run.stopped_because = fmt::format("interrupted after {:.2f} s", seconds_since(start));
    else if (Clock::now() >= bound)
      run.stopped_because = own_bound <= bound
                                ? fmt::format("still running after its timeout of {:g} s", timeout_seconds)
                                : fmt::format("still running when the step's timeout passed, after {:.2f} s",
                                              seconds_since(start));
    if (!run.stopped_because.empty()) run.status = process->stop(stop_grace);
  }
  run.seconds = seconds_since(start);
  process.reset();  // joins the host's reader: every line is in
  return run;
}

}  // namespace tuna::command
