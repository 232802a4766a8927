// Logging in on an SSH session whose host key has been checked.
#pragma once

#include <libssh/libssh.h>

#include "ssh_host_config.hpp"

namespace tuna::host {

// Tries, among the methods the server offers: the ssh agent (when SSH_AUTH_SOCK is set),
// config.identity, then the password in the variable config.password_env names.
// Throws std::runtime_error saying which methods the server offered and what was tried.
// A password is handed to libssh straight from the environment and never copied, logged
// or put in a message.
void log_in(ssh_session session, const SshHostConfig& config);

}  // namespace tuna::host
