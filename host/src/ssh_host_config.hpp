// How to reach a host over SSH: what the pipeline's hosts section says about it.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace tuna::host {

// What to do with a server key that known_hosts does not hold yet. A key that differs
// from the one on record is refused under every policy: that is what host keys are for.
enum class HostKeyPolicy { strict, accept_new };

struct SshHostConfig {
  std::string name;          // the pipeline's name for the host, for messages
  std::string address;       // the control address SSH connects to
  std::string test_address;  // the data-plane address (Host::test_address())
  int port = 22;
  std::string user;                   // empty: the name of the user running tuna
  std::filesystem::path identity;     // a private key file without passphrase; empty: none
  std::string password_env;           // the NAME of a variable holding the password; empty: none
  std::filesystem::path known_hosts;  // empty: ~/.ssh/known_hosts
  HostKeyPolicy host_key_policy = HostKeyPolicy::strict;
  // Bounds the connection and login, and every later blocking exchange with the server.
  std::chrono::milliseconds connect_timeout{10000};
  std::vector<std::string> prefix;                // words put before every command, e.g. {"sudo", "-n"}
  std::map<std::string, std::string> programs;   // tool -> program on that host
};

// "host 'dut' (10.0.0.2:22)": how messages name the host.
inline std::string describe(const SshHostConfig& config) {
  return fmt::format("host '{}' ({}:{})", config.name, config.address, config.port);
}

}  // namespace tuna::host
