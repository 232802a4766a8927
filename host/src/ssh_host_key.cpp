#include "ssh_host_key.hpp"

#include <fstream>
#include <memory>
#include <stdexcept>
#include <vector>

#include <fmt/ranges.h>

namespace tuna::host {
namespace {

struct FreeKey {
  void operator()(ssh_key key) const { ssh_key_free(key); }
};
using UniqueKey = std::unique_ptr<ssh_key_struct, FreeKey>;

struct FreeEntry {
  void operator()(ssh_knownhosts_entry* entry) const { ssh_knownhosts_entry_free(entry); }
};

// The file libssh checks: the one configured, with ~ and %d expanded.
std::filesystem::path known_hosts_file(ssh_session session) {
  char* path = nullptr;
  if (ssh_options_get(session, SSH_OPTIONS_KNOWNHOSTS, &path) != SSH_OK || path == nullptr) return "known_hosts";
  std::filesystem::path file = path;
  ssh_string_free_char(path);
  return file;
}

std::string known_hosts_name(const SshHostConfig& config) {
  return config.port == 22 ? config.address : fmt::format("[{}]:{}", config.address, config.port);
}

// The keys known_hosts holds for this server. libssh does not say which key it
// compared with when they differ, so the file is read again here.
std::string recorded_keys(const std::filesystem::path& known_hosts, const std::string& name) {
  std::vector<std::string> keys;
  std::ifstream file(known_hosts);
  for (std::string line; std::getline(file, line);) {
    ssh_knownhosts_entry* raw = nullptr;
    if (line.empty() || line.starts_with('#') || ssh_known_hosts_parse_line(name.c_str(), line.c_str(), &raw) != SSH_OK) continue;
    const std::unique_ptr<ssh_knownhosts_entry, FreeEntry> entry(raw);
    if (!entry || entry->publickey == nullptr) continue;
    keys.push_back(fmt::format("{} key {}", ssh_key_type_to_char(ssh_key_type(entry->publickey)),
                               sha256_fingerprint(entry->publickey)));
  }
  return keys.empty() ? "a key of another type" : fmt::format("{}", fmt::join(keys, " and "));
}

}  // namespace

std::string sha256_fingerprint(ssh_key key) {
  unsigned char* hash = nullptr;
  size_t length = 0;
  if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length) != SSH_OK) return "unknown";
  char* text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length);
  ssh_clean_pubkey_hash(&hash);
  if (text == nullptr) return "unknown";
  std::string fingerprint = text;
  ssh_string_free_char(text);
  return fingerprint;
}

void verify_host_key(ssh_session session, const SshHostConfig& config) {
  ssh_key raw = nullptr;
  if (ssh_get_server_publickey(session, &raw) != SSH_OK) {
    throw std::runtime_error(fmt::format("{}: the server sent no host key: {}", describe(config), ssh_get_error(session)));
  }
  const UniqueKey key(raw);
  const auto offered = fmt::format("{} key {}", ssh_key_type_to_char(ssh_key_type(key.get())), sha256_fingerprint(key.get()));
  const auto known_hosts = known_hosts_file(session);
  const auto where = fmt::format("'{}' in {}", known_hosts_name(config), known_hosts.string());
  switch (ssh_session_is_known_server(session)) {
    case SSH_KNOWN_HOSTS_OK:
      return;
    case SSH_KNOWN_HOSTS_CHANGED:
    case SSH_KNOWN_HOSTS_OTHER:
      throw std::runtime_error(fmt::format(
          "{}: HOST KEY MISMATCH: the server offers {}, but {} is recorded with {}; someone may be "
          "intercepting the connection, or the host was reinstalled. Refused under every policy: "
          "check the key with the host's administrator and fix known_hosts by hand",
          describe(config), offered, where, recorded_keys(known_hosts, known_hosts_name(config))));
    case SSH_KNOWN_HOSTS_NOT_FOUND:
    case SSH_KNOWN_HOSTS_UNKNOWN:
      if (config.host_key_policy == HostKeyPolicy::strict) {
        throw std::runtime_error(fmt::format(
            "{}: unknown host key: the server offers {} and {} is not recorded; add it (after "
            "checking the fingerprint) with `ssh-keyscan -p {} {} >> known_hosts`, or set the host's "
            "host_key_policy to accept-new",
            describe(config), offered, where, config.port, config.address));
      }
      if (ssh_session_update_known_hosts(session) != SSH_OK) {
        throw std::runtime_error(fmt::format("{}: cannot add {} to known_hosts as {}: {}", describe(config), offered,
                                             where, ssh_get_error(session)));
      }
      return;
    case SSH_KNOWN_HOSTS_ERROR:
      break;
  }
  throw std::runtime_error(
      fmt::format("{}: cannot check the host key {} against {}: {}", describe(config), offered, where, ssh_get_error(session)));
}

}  // namespace tuna::host
