#include "ssh_host.hpp"

#include "shell_quote.hpp"
#include "ssh_process.hpp"

namespace tuna::host {

SshHost::SshHost(SshHostConfig config) : connector_(std::make_shared<SshConnector>(std::move(config))) {}

void SshHost::connect() {
  bool fresh = false;
  connector_->current(fresh);
}

std::string SshHost::program(std::string_view tool) const {
  const auto found = config().programs.find(std::string(tool));
  return found == config().programs.end() ? std::string(tool) : found->second;
}

std::unique_ptr<Process> SshHost::start(const std::vector<std::string>& argv, LineHandler on_line) {
  bool fresh = false;
  auto current = connector_->current(fresh);
  try {
    return SshProcess::start(connector_, current, argv, on_line);
  } catch (const std::runtime_error&) {
    if (fresh || current->usable()) throw;
  }
  return SshProcess::start(connector_, connector_->current(fresh), argv, std::move(on_line));
}

std::string SshHost::render(const std::vector<std::string>& argv) const {
  std::vector<std::string> words = config().prefix;
  words.insert(words.end(), argv.begin(), argv.end());
  return shell_join(words);
}

}  // namespace tuna::host
