// The server's host key against known_hosts, under the host's HostKeyPolicy.
#pragma once

#include <libssh/libssh.h>

#include <string>

#include "ssh_host_config.hpp"

namespace tuna::host {

// Returns when the server's key is on record, or (accept_new) was unknown and has now
// been added to known_hosts. Throws std::runtime_error otherwise, showing the key's
// SHA256 fingerprint (and the recorded one when the key changed) so that a user can
// compare it with the server's own before trusting it.
void verify_host_key(ssh_session session, const SshHostConfig& config);

// "SHA256:..." as ssh-keygen -l prints it.
std::string sha256_fingerprint(ssh_key key);

}  // namespace tuna::host
