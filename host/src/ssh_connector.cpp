#include "ssh_connector.hpp"

namespace tuna::host {

std::shared_ptr<SshConnection> SshConnector::current(bool& fresh) {
  std::lock_guard lock(mutex_);
  fresh = !connection_ || !connection_->usable();
  // A connection being replaced lives on with the commands still running on it.
  if (fresh) connection_ = std::make_shared<SshConnection>(config_);
  return connection_;
}

}  // namespace tuna::host
