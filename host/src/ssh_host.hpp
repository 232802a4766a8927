// A machine reached over SSH (libssh, in-process): one session per host, reused by all
// its commands, a channel per command.
#pragma once

#include <memory>
#include <string>

#include <tuna/host.hpp>

#include "ssh_connector.hpp"
#include "ssh_host_config.hpp"

namespace tuna::host {

class SshHost final : public tuna::Host {
 public:
  explicit SshHost(SshHostConfig config);

  // Connects and logs in now, for a preflight check; start() does it on first use.
  // Throws std::runtime_error naming the host, its address:port and the reason.
  void connect();

  const std::string& name() const override { return config().name; }
  const std::string& test_address() const override { return config().test_address; }
  std::string program(std::string_view tool) const override;
  // Connects first if need be, and once more when the session turns out to have gone
  // stale (the server dropped it while idle). See SshProcess::start.
  std::unique_ptr<Process> start(const std::vector<std::string>& argv, LineHandler on_line) override;
  // The prefix words and argv, quoted for the remote shell. (What is sent also wraps
  // them in an sh that reports the pid: see SshProcess::remote_command_line.)
  std::string render(const std::vector<std::string>& argv) const override;

  const SshHostConfig& config() const { return connector_->config(); }

 private:
  const std::shared_ptr<SshConnector> connector_;
};

}  // namespace tuna::host
