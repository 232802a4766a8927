#include "component/ping_step.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include <tuna/support/output_log.hpp>
#include <tuna/support/stamped_lines.hpp>

#include "component/ping_command.hpp"
#include "component/ping_measurement.hpp"
#include "parse/reachability.hpp"

namespace tuna::ping {

namespace {

using namespace std::chrono_literals;
using tuna::support::OutputLog;

// How often the step looks at cancellation, the clock and new lines while ping runs.
constexpr auto poll = 100ms;
constexpr auto stop_grace = 500ms;
// How long past its own bounds ping may run (a slow SSH channel) before it is stopped.
constexpr auto overrun_margin = 5s;

Clock::duration seconds(double value) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(value));
}

// Counts replies as they arrive: the progress line, and the moment until_reachable is met.
class LiveReplies {
 public:
  LiveReplies(tuna::RunContext& context, const tuna::Config& settings, const std::string& from)
      : context_(context),
        from_(from),
        until_reachable_(until_reachable(settings)),
        wanted_(until_reachable_ ? static_cast<int>(settings.integer("replies")) : 0),
        count_(until_reachable_ ? 0 : settings.integer("count")) {}

  void operator()(OutputLog& output, Clock::time_point until) {
    for (const auto& line : output.take_new_lines()) {
      context_.log().debug("ping on {}: {}", from_, line);
      const auto reply = parse_reply_line(line);
      if (!reply) continue;
      run_ = consecutive_.add(*reply);
      if (!reply->duplicate) ++received_;
      last_ms_ = reply->time_ms;
    }
    const std::chrono::duration<double> left = until - Clock::now();
    context_.progress(
        until_reachable_
            ? fmt::format("{}/{} replies in a row, {:.0f} s left", run_, wanted_, std::max(0.0, left.count()))
            : fmt::format("{}/{} replies, last {:.3g} ms", received_, count_, last_ms_));
  }
  bool reachable() const { return until_reachable_ && run_ >= wanted_; }

 private:
  tuna::RunContext& context_;
  const std::string& from_;
  bool until_reachable_;
  int wanted_;
  long count_;
  ConsecutiveReplies consecutive_;
  int run_ = 0;
  long received_ = 0;
  double last_ms_ = 0;
};

// Watches ping until it ends, is reachable, overruns `bound` or the run is cancelled.
Ending watch(tuna::RunContext& context, Process& process, OutputLog& output, LiveReplies& live,
             Clock::time_point bound, std::optional<ExitStatus>& status) {
  for (;;) {
    status = process.wait_until(std::min(Clock::now() + poll, bound));
    live(output, bound);
    if (status) return Ending::exited;
    const auto ending = live.reachable()        ? Ending::reachable
                        : context.cancelled()   ? Ending::cancelled
                        : Clock::now() >= bound ? Ending::overran
                                                : Ending::exited;
    if (ending != Ending::exited) {
      status = process.stop(stop_grace);
      return ending;
    }
  }
}

void save_raw_file(tuna::RunContext& context, const PingRun& run, tuna::Measurement& measurement) {
  const auto path = context.artifact_dir() / fmt::format("ping-r{}.txt", context.repetition());
  try {
    tuna::support::write_stamped_file(path, run.lines);
    measurement.artifacts.push_back(path);
  } catch (const std::exception& e) {
    context.log().error("{}", e.what());
  }
}

}  // namespace

std::vector<std::string> PingStep::plan(tuna::RunContext& context) const {
  auto& from = context.host(settings_.string("from"));
  auto& to = context.host(settings_.string("to"));
  const auto command = from.render(ping_command(settings_, from.program("ping"), to.test_address()));
  if (!until_reachable(settings_)) return {fmt::format("ping on {}: {}", from.name(), command)};
  return {fmt::format("ping on {} until {} replies in a row from {}, at most {:g} s: {}", from.name(),
                      settings_.integer("replies"), to.name(), settings_.number("time_limit"), command)};
}

tuna::StepResult PingStep::run(tuna::RunContext& context) {
  auto& from = context.host(settings_.string("from"));
  auto& to = context.host(settings_.string("to"));
  const auto argv = ping_command(settings_, from.program("ping"), to.test_address());
  PingRun run{
      .from = from.name(), .to = to.name(), .address = to.test_address(), .command = from.render(argv)};
  context.log().info("ping from {} to {} ({})", run.from, run.to, run.address);

  const auto measurement_of = [&]() -> tuna::Measurement {
    auto output = OutputLog::create();
    const auto started = Clock::now();
    std::unique_ptr<Process> process;
    try {
      process = from.start(argv, output->handler());
    } catch (const std::exception& e) {
      return {.status = tuna::Status::error,
              .message = fmt::format("cannot run ping on {}: {}", run.from, e.what())};
    }
    run.pid = process->pid();
    LiveReplies live(context, settings_, run.from);
    const auto bound =
        std::min(started + seconds(expected_seconds(settings_)) + overrun_margin, context.deadline());
    run.ending = watch(context, *process, *output, live, bound, run.status);
    process.reset();  // joins the reader: every line is in
    run.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    run.lines = output->lines();
    auto measurement = make_measurement(settings_, run);
    save_raw_file(context, run, measurement);
    return measurement;
  };
  auto measurement = measurement_of();
  tuna::StepResult result{measurement.status, measurement.message};
  context.record(std::move(measurement));
  return result;
}

}  // namespace tuna::ping
