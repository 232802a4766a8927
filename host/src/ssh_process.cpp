#include "ssh_process.hpp"

#include <stdexcept>

#include <spdlog/spdlog.h>

#include "shell_quote.hpp"

namespace tuna::host {
namespace {

constexpr const char* pid_marker = "tuna-remote-pid:";

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

std::unique_ptr<SshProcess> SshProcess::start(std::shared_ptr<SshConnection> connection, const SshHostConfig& config,
                                              const std::vector<std::string>& argv, LineHandler on_line) {
  if (argv.empty()) throw std::runtime_error("cannot start an empty command");
  auto command = connection->execute(remote_command_line(config.prefix, argv), std::move(on_line), pid_marker);
  const auto until = Clock::now() + config.connect_timeout;
  const auto pid = command->wait_for_pid(until);
  if (!pid && !command->wait_until(Clock::now())) {
    const auto reason = fmt::format("{}: '{}' did not start within {} ms", describe(config), argv[0],
                                    config.connect_timeout.count());
    connection->abandon(command, reason);
    throw std::runtime_error(reason);
  }
  return std::unique_ptr<SshProcess>(new SshProcess(std::move(connection), config, std::move(command), pid.value_or(-1)));
}

SshProcess::SshProcess(std::shared_ptr<SshConnection> connection, const SshHostConfig& config,
                       std::shared_ptr<SshCommand> command, long pid)
    : connection_(std::move(connection)),
      prefix_(config.prefix),
      timeout_(config.connect_timeout),
      host_(describe(config)),
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
  if (const auto status = command_->wait_until(Clock::now())) return *status;
  if (pid_ > 0) {
    send_signal("TERM");
    if (const auto status = command_->wait_until(Clock::now() + grace)) return *status;
    send_signal("KILL");
    if (const auto status = command_->wait_until(Clock::now() + timeout_)) return *status;
  }
  connection_->abandon(command_, fmt::format("remote process {} on {} did not end after KILL; gave up waiting for it",
                                             pid_, host_));
  return command_->wait_until(Clock::now()).value_or(ExitStatus{});
}

void SshProcess::send_signal(const char* name) {
  const auto line = shell_join(concatenated(prefix_, {"kill", "-s", name, std::to_string(pid_)}));
  try {
    const auto kill = connection_->execute(line, [](const OutputLine&) {});
    // It fails harmlessly when the command has just ended by itself.
    if (!kill->wait_until(Clock::now() + timeout_)) connection_->abandon(kill, "kill did not finish");
  } catch (const std::exception& e) {
    // A lost connection ends the command too; stop() sees that as its end.
    spdlog::debug("cannot send {} to remote process {} on {}: {}", name, pid_, host_, e.what());
  }
}

}  // namespace tuna::host
