// An SSH session to one host, ready for commands: connected, the server's key checked
// against known_hosts, the user logged in. A thin owner of a libssh session; like libssh
// itself it must not be used from two threads at once.
#pragma once

#include <libssh/libssh.h>

#include <memory>
#include <string>

#include "ssh_host_config.hpp"

namespace tuna::host {

class SshSession {
 public:
  // Blocks for at most about config.connect_timeout per exchange with the server.
  // Throws std::runtime_error naming the host, its address:port and the reason.
  explicit SshSession(const SshHostConfig& config);

  ssh_session get() const { return session_.get(); }
  // The last error libssh recorded on this session.
  std::string error() const { return ssh_get_error(session_.get()); }

 private:
  struct Close {
    void operator()(ssh_session session) const {
      ssh_disconnect(session);
      ssh_free(session);
    }
  };
  std::unique_ptr<ssh_session_struct, Close> session_;
};

// The user to log in as: config.user, or the name of the user running tuna.
std::string login_user(const SshHostConfig& config);

}  // namespace tuna::host
