#include "host_table.hpp"

#include <fmt/format.h>

#include "local_host.hpp"

namespace tuna::host {

bool is_local_address(std::string_view address) {
  return address == "localhost" || address == "127.0.0.1" || address == "::1";
}

HostTable::HostTable(const std::vector<HostEntry>& entries) {
  for (const auto& entry : entries) {
    if (!is_local_address(entry.address)) {
      throw HostError(
          fmt::format("host '{}' ({}): only local hosts (localhost, 127.0.0.1, ::1) are supported by "
                      "this build; SSH hosts are not available yet",
                      entry.name, entry.address));
    }
    hosts_.emplace(entry.name, std::make_unique<LocalHost>(entry.name, entry.test_address));
  }
}

Host& HostTable::get(std::string_view name) {
  auto it = hosts_.find(name);
  if (it == hosts_.end()) throw HostError(fmt::format("no host named '{}'", name));
  return *it->second;
}

std::string HostTable::connect(std::string_view name) {
  get(name);
  return "this machine: commands run as local child processes";
}

std::vector<std::string> HostTable::names() const {
  std::vector<std::string> names;
  for (const auto& [name, host] : hosts_) names.push_back(name);
  return names;
}

}  // namespace tuna::host
