#include "component/iperf_run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "component/command_builder.hpp"
#include "parse/parse.hpp"

namespace tuna::iperf {

namespace {

using namespace std::chrono_literals;

// How often the step looks at cancellation, deadlines and new output while it waits.
constexpr auto poll = 100ms;
constexpr auto stop_grace = 500ms;
// The iperf2 server keeps listening after its test. Its final report follows the client's
// end within milliseconds: once the output shows the end-of-test figure and a moment of
// quiet, it is complete; without the figure, this much silence after both ends it.
constexpr auto server_settle = 500ms;
constexpr auto quiet_after_report = 100ms;
// A finished iperf2 server takes about half a second to exit on TERM (its listener
// thread); all it has to say is said, so it is not waited for.
constexpr auto idle_listener_grace = 50ms;

Clock::duration seconds(double value) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(value));
}

std::unique_ptr<Process> start_side(Host& host, SideRun& side, const std::vector<std::string>& argv) {
  side.host = host.name();
  side.command = host.render(argv);
  auto process = host.start(argv, side.output->handler());
  side.pid = process->pid();
  return process;
}

// Why the server is not listening; empty once it is. `retry` when its port was taken.
std::string wait_until_listening(tuna::RunContext& context, Process& server, SideRun& side, int port,
                                 Clock::time_point until, bool& retry) {
  constexpr std::string_view in_use = "Address already in use";
  for (;;) {
    if (side.output->wait_for_text("Server listening", std::min(Clock::now() + poll, until))) return {};
    const bool exited = server.wait_until(Clock::now()).has_value();
    // After an exit, the reader may hand over the last lines a moment later.
    retry =
        side.output->contains(in_use) || (exited && side.output->wait_for_text(in_use, Clock::now() + poll));
    if (retry) return fmt::format("port {} is in use on {} ({})", port, side.host, side.output->last_line());
    if (exited)
      return fmt::format("the iperf server on {} exited before listening: {}", side.host,
                         side.output->last_line());
    if (context.cancelled()) return "interrupted before the test started";
    if (Clock::now() >= until)
      return fmt::format("the iperf server on {} did not say it listens on port {} in time", side.host, port);
  }
}

// An end with no exit status: the host lost the command (over SSH, its connection was
// lost), and the command's last line says why. The command may still run; stop() sees to it.
bool lost(const ExitStatus& status) { return status.code < 0 && status.signal == 0; }

std::string lost_message(const SideRun& side, std::string_view role) {
  return fmt::format("lost the iperf {} on {} mid-test: {}", role, side.host, side.output->last_line());
}

// Waits for the client to end by itself; stops it when interrupted, past `bound`, or
// when the server is lost: the rest of its output, the receiver's figures, would be missing.
std::string run_client(tuna::RunContext& context, const RunRequest& request, Process& client, SideRun& side,
                       Process& server, const SideRun& server_side, Clock::time_point bound) {
  const auto started = Clock::now();
  for (;;) {
    auto status = client.wait_until(std::min(Clock::now() + poll, bound));
    if (request.on_progress) request.on_progress(*server_side.output);
    if (status) {
      side.status = status;
      return lost(*status) ? lost_message(side, "client") : std::string();
    }
    if (const auto server_status = server.wait_until(Clock::now()); server_status && lost(*server_status)) {
      side.status = client.stop(stop_grace);
      return lost_message(server_side, "server");
    }
    if (context.cancelled() || Clock::now() >= bound) {
      side.status = client.stop(stop_grace);
      const std::chrono::duration<double> ran = Clock::now() - started;
      if (context.cancelled()) return fmt::format("interrupted after {:.1f} s", ran.count());
      return fmt::format("the iperf client on {} did not finish in time and was stopped after {:.1f} s",
                         side.host, ran.count());
    }
  }
}

bool shows_end_of_test(const SideRun& side, Tool tool) {
  try {
    return parse_output(side.output->text(), tool).summary.bits_per_second.has_value();
  } catch (const NotIperfOutput&) {
    return false;
  }
}

// iperf3's one-off server exits by itself after its test; iperf2's is done once its final
// report is in.
void finish_server(Process& server, SideRun& side, Tool tool, Clock::time_point client_end,
                   Clock::time_point limit) {
  while (Clock::now() < limit) {
    if (auto status = server.wait_until(std::min(Clock::now() + poll, limit))) {
      side.status = status;
      return;
    }
    const auto quiet = Clock::now() - std::max(client_end, side.output->last_arrival());
    if (quiet >= server_settle || (quiet >= quiet_after_report && shows_end_of_test(side, tool))) break;
  }
  side.status = server.stop(idle_listener_grace);
}

}  // namespace

Attempt run_attempt(tuna::RunContext& context, const RunRequest& request) {
  const auto& settings = request.settings;
  Attempt attempt;
  attempt.port = request.port;
  const auto server_argv = server_command(
      settings, request.tool, request.server_host.program(program_name(request.tool)), request.port);
  std::unique_ptr<Process> server;
  try {
    server = start_side(request.server_host, attempt.server, server_argv);
  } catch (const std::exception& e) {
    attempt.failure =
        fmt::format("cannot start the iperf server on {}: {}", request.server_host.name(), e.what());
    return attempt;
  }
  const auto ready_by =
      std::min(Clock::now() + seconds(settings.number("startup_timeout")), context.deadline());
  attempt.failure =
      wait_until_listening(context, *server, attempt.server, request.port, ready_by, attempt.worth_retry);
  if (!attempt.failure.empty()) {
    attempt.server.status = server->stop(stop_grace);
    return attempt;
  }

  const auto client_argv =
      client_command(settings, request.tool, request.client_host.program(program_name(request.tool)),
                     request.server_host.test_address(), request.port);
  std::unique_ptr<Process> client;
  try {
    client = start_side(request.client_host, attempt.client, client_argv);
  } catch (const std::exception& e) {
    attempt.failure =
        fmt::format("cannot start the iperf client on {}: {}", request.client_host.name(), e.what());
    attempt.server.status = server->stop(stop_grace);
    return attempt;
  }
  // With `num` the test's length is unknown: only the step's deadline bounds it.
  const auto margin = seconds(settings.number("timeout_margin"));
  const auto expected = settings.written("num") ? Clock::time_point::max() - margin
                                                : Clock::now() + seconds(test_seconds(settings));
  const auto bound = std::min(expected + margin, context.deadline());
  attempt.failure = run_client(context, request, *client, attempt.client, *server, attempt.server, bound);
  client.reset();  // joins its reader: all of its output is in

  const auto client_end = Clock::now();
  finish_server(*server, attempt.server, request.tool, client_end,
                std::min(client_end + margin, context.deadline()));
  server.reset();
  if (attempt.failure.empty() && attempt.client.output->contains("server is busy")) {
    attempt.failure = fmt::format("the iperf server on {} port {} is busy with another test",
                                  attempt.server.host, request.port);
    attempt.worth_retry = true;
  }
  return attempt;
}

}  // namespace tuna::iperf
