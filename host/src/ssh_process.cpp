#include "ssh_process.hpp"

#include <stdexcept>

#include <spdlog/spdlog.h>

#include "shell_quote.hpp"

namespace tuna::host {
namespace {

constexpr const char* pid_marker = "tuna-remote-pid:";

// sshd starts each command in a session of its own, and the command line execs down to
// the command, so its pid is also its process group: signalling the group ends what the
// command started too (a `shell:` script's children). Where the pid is not a group (a
// prefix such as sudo forks the command), the pid alone is signalled.
constexpr const char* signal_script =
    "kill -s \"$1\" -- \"-$2\" 2>/dev/null || kill -s \"$1\" \"$2\"";

// Run with the pid and the grace in tenths of a second: TERM, then KILL once the grace
// is over, to the group as above. It waits on the host itself, because no channel reports
// this command's exit any more. `sleep 0.1` works with GNU, BusyBox and BSD sleep.
constexpr const char* stop_by_pid_script =
    "signal() { kill -s \"$1\" -- \"-$2\" 2>/dev/null || kill -s \"$1\" \"$2\" 2>/dev/null; }; "
    "signal TERM \"$1\" || exit 0; n=0; "
    "while kill -0 \"$1\" 2>/dev/null; do "
    "if [ \"$n\" -ge \"$2\" ]; then signal KILL \"$1\"; exit 0; fi; n=$((n + 1)); sleep 0.1; done";

std::vector<std::string> concatenated(std::vector<std::string> first, const std::vector<std::string>& second) {
  first.insert(first.end(), second.begin(), second.end());
  return first;
}

}  // namespace

std::string SshProcess::remote_command_line(const std::vector<std::string>& prefix, const std::vector<std::string>& argv) {
  // The script is a constant and the words reach the command as "$@": nothing from a
  // setting is ever parsed as shell code. "exec" spares a shell process, so that a
  // signal ending the command is reported as that signal, not as the shell's code.
  const std::vector<std::string> wrapper{"sh", "-c", fmt::format("echo {}$$ >&2; exec \"$@\"", pid_marker), "sh"};
  return "exec " + shell_join(concatenated(concatenated(prefix, wrapper), argv));
}

std::unique_ptr<SshProcess> SshProcess::start(std::shared_ptr<SshConnector> connector,
                                              std::shared_ptr<SshConnection> connection,
                                              const std::vector<std::string>& argv, LineHandler on_line) {
  if (argv.empty()) throw std::runtime_error("cannot start an empty command");
  const auto& config = connector->config();
  auto command = connection->execute(remote_command_line(config.prefix, argv), std::move(on_line), pid_marker);
  const auto until = Clock::now() + config.connect_timeout;
  const auto pid = command->wait_for_pid(until);
  if (!pid && !command->wait_until(Clock::now())) {
    const auto reason = fmt::format("{}: '{}' did not start within {} ms", describe(config), argv[0],
                                    config.connect_timeout.count());
    connection->abandon(command, reason);
    throw std::runtime_error(reason);
  }
  return std::unique_ptr<SshProcess>(
      new SshProcess(std::move(connector), std::move(connection), std::move(command), pid.value_or(-1)));
}

SshProcess::SshProcess(std::shared_ptr<SshConnector> connector, std::shared_ptr<SshConnection> connection,
                       std::shared_ptr<SshCommand> command, long pid)
    : connector_(std::move(connector)),
      connection_(std::move(connection)),
      prefix_(connector_->config().prefix),
      timeout_(connector_->config().connect_timeout),
      host_(describe(connector_->config())),
      command_(std::move(command)),
      pid_(pid) {}

SshProcess::~SshProcess() {
  try {
    stop(destructor_grace);
  } catch (const std::exception& e) {
    spdlog::warn("cannot stop remote process {} on {}: {}", pid_, host_, e.what());
  }
}

std::optional<ExitStatus> SshProcess::wait_until(Clock::time_point until) { return command_->wait_until(until); }

ExitStatus SshProcess::stop(std::chrono::milliseconds grace) {
  auto status = command_->wait_until(Clock::now());
  if (!status && pid_ > 0) {
    send_signal("TERM");
    status = command_->wait_until(Clock::now() + grace);
    if (!status) {
      send_signal("KILL");
      status = command_->wait_until(Clock::now() + timeout_);
    }
  }
  if (!status) {
    connection_->abandon(command_, fmt::format("remote process {} on {} did not end after KILL; gave up waiting for it",
                                               pid_, host_));
    return command_->wait_until(Clock::now()).value_or(ExitStatus{});
  }
  if (!command_->exit_reported() && pid_ > 0 && !stopped_after_loss_) stop_after_lost_connection(grace);
  return *status;
}

void SshProcess::stop_after_lost_connection(std::chrono::milliseconds grace) {
  stopped_after_loss_ = true;
  const auto tenths = std::to_string((grace.count() + 99) / 100);
  const auto line =
      shell_join(concatenated(prefix_, {"sh", "-c", stop_by_pid_script, "sh", std::to_string(pid_), tenths}));
  try {
    bool fresh = false;
    const auto connection = connector_->current(fresh);
    const auto stopping = connection->execute(line, [](const OutputLine&) {});
    if (!stopping->wait_until(Clock::now() + grace + timeout_)) {
      connection->abandon(stopping, "stopping by pid did not finish");
      throw std::runtime_error("stopping it by its pid did not finish in time");
    }
    spdlog::debug("the connection to {} was lost: stopped remote process {} by its pid over a new connection",
                  host_, pid_);
  } catch (const std::exception& e) {
    spdlog::warn("remote process {} on {} may still run: its connection was lost, and stopping it over a new one "
                 "failed: {}",
                 pid_, host_, e.what());
  }
}

void SshProcess::send_signal(const char* name) {
  const auto line = shell_join(concatenated(prefix_, {"sh", "-c", signal_script, "sh", name, std::to_string(pid_)}));
  try {
    const auto kill = connection_->execute(line, [](const OutputLine&) {});
    // It fails harmlessly when the command has just ended by itself.
    if (!kill->wait_until(Clock::now() + timeout_)) connection_->abandon(kill, "kill did not finish");
  } catch (const std::exception& e) {
    // A lost connection ends the command for us too: stop() sees that end, and reaches the
    // command over a new connection.
    spdlog::debug("cannot send {} to remote process {} on {}: {}", name, pid_, host_, e.what());
  }
}

}  // namespace tuna::host
