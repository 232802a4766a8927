// The connection to one SSH host in use now, and a new one once it is no longer usable.
// Shared by the host and every process started on it: a process whose connection was
// lost needs a new one to reach its command again and stop it.
#pragma once

#include <memory>
#include <mutex>

#include "ssh_connection.hpp"
#include "ssh_host_config.hpp"

namespace tuna::host {

class SshConnector {
 public:
  explicit SshConnector(SshHostConfig config) : config_(std::move(config)) {}

  const SshHostConfig& config() const { return config_; }
  // The current connection, or a new one (`fresh`) when there is none or it is no longer
  // usable. Throws std::runtime_error when connecting or logging in fails.
  std::shared_ptr<SshConnection> current(bool& fresh);

 private:
  const SshHostConfig config_;
  std::mutex mutex_;
  std::shared_ptr<SshConnection> connection_;
};

}  // namespace tuna::host
