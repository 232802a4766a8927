// A command started on an SSH host: a channel of the host's connection, and the
// command's pid on that host, which is how stop() ends it, over a new connection from
// the host's connector when its own was lost.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <tuna/host.hpp>

#include "ssh_command.hpp"
#include "ssh_connection.hpp"
#include "ssh_connector.hpp"
#include "ssh_host_config.hpp"

namespace tuna::host {

class SshProcess final : public tuna::Process {
 public:
  // Starts argv, after the config's prefix, on `connection` (the connector's current
  // one), and returns once the remote command has said its pid (or ended at once, as when
  // sudo -n refuses). Throws std::runtime_error when the channel cannot be opened or no
  // pid comes within the config's connect_timeout.
  static std::unique_ptr<SshProcess> start(std::shared_ptr<SshConnector> connector,
                                           std::shared_ptr<SshConnection> connection,
                                           const std::vector<std::string>& argv, LineHandler on_line);

  // The shell command line sent for argv: the prefix words and argv, quoted, run by an
  // sh that first prints its pid, then becomes the command (so the pid is the command's).
  static std::string remote_command_line(const std::vector<std::string>& prefix, const std::vector<std::string>& argv);

  SshProcess(const SshProcess&) = delete;
  SshProcess& operator=(const SshProcess&) = delete;
  // Stops the command if it still runs (short grace).
  ~SshProcess() override;

  // The command's pid on the remote host; -1 when it ended before saying it.
  long pid() const override { return pid_; }
  std::optional<ExitStatus> wait_until(Clock::time_point until) override;
  // `kill -s TERM <pid>` on a channel of its own (after the prefix words, so that a
  // command started through sudo is signalled through sudo), then KILL after `grace`.
  // If even that brings no exit report within the connection timeout, the command is
  // given up: code -1 and an err line saying so. When the connection was lost before the
  // exit was reported (code -1), the command, which has no pty, may have outlived it:
  // TERM, then KILL after `grace`, go to its pid over a new connection (once).
  ExitStatus stop(std::chrono::milliseconds grace) override;

  static constexpr std::chrono::milliseconds destructor_grace{500};

 private:
  SshProcess(std::shared_ptr<SshConnector> connector, std::shared_ptr<SshConnection> connection,
             std::shared_ptr<SshCommand> command, long pid);
  void send_signal(const char* name);
  void stop_after_lost_connection(std::chrono::milliseconds grace);

  const std::shared_ptr<SshConnector> connector_;
  const std::shared_ptr<SshConnection> connection_;
  const std::vector<std::string> prefix_;
  const std::chrono::milliseconds timeout_;
  const std::string host_;
  const std::shared_ptr<SshCommand> command_;
  const long pid_;
  bool stopped_after_loss_ = false;
};

}  // namespace tuna::host
