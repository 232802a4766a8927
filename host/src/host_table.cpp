#include "host_table.hpp"

#include <fmt/format.h>

#include "local_host.hpp"
#include "ssh_host.hpp"

namespace tuna::host {

bool is_local_address(std::string_view address) {
  return address == "localhost" || address == "127.0.0.1" || address == "::1";
}

namespace {

SshHostConfig ssh_config(const HostEntry& entry) {
  return {
      .name = entry.name,
      .address = entry.address,
      .test_address = entry.test_address,
      .port = entry.port,
      .user = entry.user,
      .identity = entry.identity,
      .password_env = entry.password_env,
      .known_hosts = entry.known_hosts,
      .host_key_policy = entry.host_key_policy,
      .connect_timeout = std::chrono::milliseconds(static_cast<long>(entry.connect_timeout_seconds * 1000)),
      .prefix = entry.prefix,
      .programs = entry.programs};
}

}  // namespace

HostTable::HostTable(const std::vector<HostEntry>& entries) {
  for (const auto& entry : entries) {
    if (is_local_address(entry.address))
      hosts_.emplace(entry.name, std::make_unique<LocalHost>(entry.name, entry.test_address, entry.programs,
                                                             entry.prefix));
    else
      hosts_.emplace(entry.name, std::make_unique<SshHost>(ssh_config(entry)));
  }
}

Host& HostTable::get(std::string_view name) {
  auto it = hosts_.find(name);
  if (it == hosts_.end()) throw HostError(fmt::format("no host named '{}'", name));
  return *it->second;
}

std::string HostTable::connect(std::string_view name) {
  auto* ssh = dynamic_cast<SshHost*>(&get(name));
  if (!ssh) return "this machine: commands run as local child processes";
  try {
    ssh->connect();
  } catch (const std::exception& e) {
    throw HostError(e.what());
  }
  const auto& config = ssh->config();
  return fmt::format("ssh {}{}:{}: host key verified, logged in",
                     config.user.empty() ? "" : config.user + "@", config.address, config.port);
}

}  // namespace tuna::host
