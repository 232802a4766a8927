#include "ssh_host.hpp"

#include "shell_quote.hpp"
#include "ssh_process.hpp"

namespace tuna::host {

SshHost::SshHost(SshHostConfig config) : config_(std::move(config)) {}

void SshHost::connect() {
  bool fresh = false;
  connection(fresh);
}

std::string SshHost::program(std::string_view tool) const {
  const auto found = config_.programs.find(std::string(tool));
  return found == config_.programs.end() ? std::string(tool) : found->second;
}

std::unique_ptr<Process> SshHost::start(const std::vector<std::string>& argv, LineHandler on_line) {
  bool fresh = false;
  auto current = connection(fresh);
  try {
    return SshProcess::start(current, config_, argv, on_line);
  } catch (const std::runtime_error&) {
    if (fresh || current->usable()) throw;
  }
  return SshProcess::start(connection(fresh), config_, argv, std::move(on_line));
}

std::string SshHost::render(const std::vector<std::string>& argv) const {
  std::vector<std::string> words = config_.prefix;
  words.insert(words.end(), argv.begin(), argv.end());
  return shell_join(words);
}

std::shared_ptr<SshConnection> SshHost::connection(bool& fresh) {
  std::lock_guard lock(mutex_);
  fresh = !connection_ || !connection_->usable();
  // A connection being replaced lives on with the commands still running on it.
  if (fresh) connection_ = std::make_shared<SshConnection>(config_);
  return connection_;
}

}  // namespace tuna::host
