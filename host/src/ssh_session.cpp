#include "ssh_session.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

#include "ssh_host_key.hpp"
#include "ssh_login.hpp"

namespace tuna::host {
namespace {

std::filesystem::path home_directory() {
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') return home;
  const passwd* entry = getpwuid(geteuid());
  return entry != nullptr ? entry->pw_dir : "/";
}

std::filesystem::path known_hosts_file(const SshHostConfig& config) {
  return config.known_hosts.empty() ? home_directory() / ".ssh" / "known_hosts" : config.known_hosts;
}

void set_option(ssh_session session, ssh_options_e option, const void* value, const SshHostConfig& config,
                const char* what) {
  if (ssh_options_set(session, option, value) != SSH_OK) {
    throw std::runtime_error(fmt::format("{}: cannot set the {}: {}", describe(config), what, ssh_get_error(session)));
  }
}

// Everything comes from the pipeline: libssh would otherwise read ~/.ssh/config and
// /etc/ssh/ssh_config on connecting, and a Host block there could silently change the
// user, port or address a pipeline names.
void configure(ssh_session session, const SshHostConfig& config) {
  const int no = 0;
  set_option(session, SSH_OPTIONS_PROCESS_CONFIG, &no, config, "configuration policy");
  set_option(session, SSH_OPTIONS_HOST, config.address.c_str(), config, "address");
  const unsigned int port = static_cast<unsigned int>(config.port);
  set_option(session, SSH_OPTIONS_PORT, &port, config, "port");
  set_option(session, SSH_OPTIONS_USER, login_user(config).c_str(), config, "user");
  const auto known_hosts = known_hosts_file(config).string();
  set_option(session, SSH_OPTIONS_KNOWNHOSTS, known_hosts.c_str(), config, "known_hosts file");
  // libssh adds the two parts; it bounds connecting and every blocking call after it.
  const long milliseconds = config.connect_timeout.count();
  const long seconds = milliseconds / 1000, microseconds = milliseconds % 1000 * 1000;
  set_option(session, SSH_OPTIONS_TIMEOUT, &seconds, config, "timeout");
  set_option(session, SSH_OPTIONS_TIMEOUT_USEC, &microseconds, config, "timeout");
  // A command is a few small packets in a row (channel open, exec, EOF); with Nagle's
  // algorithm one of them often waited for the server's delayed ACK: about 1 command in
  // 10 took 45-50 ms instead of 4 (bench/ssh_overhead.sh).
  const int on = 1;
  set_option(session, SSH_OPTIONS_NODELAY, &on, config, "TCP no-delay option");
}

// libssh 0.10 sends no keepalives: without these, a peer that vanishes without a word
// (a cable pulled, a host powered off) would leave a running command waiting for ever.
// With them the kernel gives up on it within about half a minute of silence.
void keep_alive(ssh_session session) {
  const int fd = ssh_get_fd(session);
  const int on = 1, idle_seconds = 10, interval_seconds = 5, probes = 3;
  setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
  setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle_seconds, sizeof idle_seconds);
  setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval_seconds, sizeof interval_seconds);
  setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &probes, sizeof probes);
}

}  // namespace

std::string login_user(const SshHostConfig& config) {
  if (!config.user.empty()) return config.user;
  const passwd* entry = getpwuid(geteuid());
  if (entry == nullptr) throw std::runtime_error(fmt::format("{}: no user given and the current user has no name", describe(config)));
  return entry->pw_name;
}

SshSession::SshSession(const SshHostConfig& config) : session_(ssh_new()) {
  if (!session_) throw std::runtime_error(fmt::format("{}: cannot create an SSH session", describe(config)));
  configure(get(), config);
  if (ssh_connect(get()) != SSH_OK) {
    throw std::runtime_error(fmt::format("cannot connect to {}: {}", describe(config), error()));
  }
  keep_alive(get());
  verify_host_key(get(), config);
  log_in(get(), config);
}

}  // namespace tuna::host
