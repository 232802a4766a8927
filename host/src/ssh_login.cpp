#include "ssh_login.hpp"

#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/ranges.h>

#include "ssh_session.hpp"

namespace tuna::host {
namespace {

std::string offered_methods(int methods) {
  std::vector<std::string> names;
  if (methods & SSH_AUTH_METHOD_PUBLICKEY) names.emplace_back("publickey");
  if (methods & SSH_AUTH_METHOD_PASSWORD) names.emplace_back("password");
  if (methods & SSH_AUTH_METHOD_INTERACTIVE) names.emplace_back("keyboard-interactive");
  if (methods & SSH_AUTH_METHOD_HOSTBASED) names.emplace_back("hostbased");
  if (methods & SSH_AUTH_METHOD_GSSAPI_MIC) names.emplace_back("gssapi-with-mic");
  return names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", "));
}

// One login attempt after another, remembering how each went for the error message.
class Login {
 public:
  Login(ssh_session session, const SshHostConfig& config)
      : session_(session), config_(config), user_(login_user(config)) {}

  bool done() const { return done_; }

  // SSH_AUTH_SUCCESS ends the login; PARTIAL means the server wants another method too.
  void record(const std::string& method, int result) {
    if (result == SSH_AUTH_ERROR) {
      throw std::runtime_error(fmt::format("cannot log in to {} as {}: {} failed: {}", describe(config_), user_, method,
                                           ssh_get_error(session_)));
    }
    done_ = result == SSH_AUTH_SUCCESS;
    tried_.push_back(fmt::format("{} ({})", method, result == SSH_AUTH_PARTIAL ? "accepted, more needed" : "refused"));
  }
  void skip(const std::string& method, const std::string& why) { tried_.push_back(fmt::format("{} ({})", method, why)); }

  [[noreturn]] void fail(int offered) const {
    throw std::runtime_error(fmt::format(
        "cannot log in to {} as {}: the server offers {}; tried {}", describe(config_), user_, offered_methods(offered),
        tried_.empty() ? "nothing (no ssh agent, identity or password_env configured)" : fmt::format("{}", fmt::join(tried_, ", "))));
  }

 private:
  ssh_session session_;
  const SshHostConfig& config_;
  std::string user_;
  std::vector<std::string> tried_;
  bool done_ = false;
};

void try_agent(ssh_session session, Login& login) {
  if (std::getenv("SSH_AUTH_SOCK") == nullptr) return;
  login.record("ssh agent", ssh_userauth_agent(session, nullptr));
}

void try_identity(ssh_session session, const SshHostConfig& config, Login& login) {
  if (config.identity.empty()) return;
  const auto method = fmt::format("key file {}", config.identity.string());
  ssh_key raw = nullptr;
  if (ssh_pki_import_privkey_file(config.identity.c_str(), nullptr, nullptr, nullptr, &raw) != SSH_OK) {
    login.skip(method, "cannot read it: missing, unreadable, not a private key, or protected by a passphrase "
                       "(load such a key into an ssh agent instead)");
    return;
  }
  const std::unique_ptr<ssh_key_struct, decltype(&ssh_key_free)> key(raw, &ssh_key_free);
  login.record(method, ssh_userauth_publickey(session, nullptr, key.get()));
}

void try_password(ssh_session session, const SshHostConfig& config, int offered, Login& login) {
  if (config.password_env.empty()) return;
  const auto method = fmt::format("password from ${}", config.password_env);
  if (!(offered & SSH_AUTH_METHOD_PASSWORD)) return login.skip(method, "not offered by the server");
  const char* password = std::getenv(config.password_env.c_str());
  if (password == nullptr) return login.skip(method, "the variable is not set");
  login.record(method, ssh_userauth_password(session, nullptr, password));
}

}  // namespace

void log_in(ssh_session session, const SshHostConfig& config) {
  Login login(session, config);
  // "none" first: some servers let anyone in, and it makes the server list its methods.
  const int none = ssh_userauth_none(session, nullptr);
  if (none == SSH_AUTH_SUCCESS) return;
  if (none == SSH_AUTH_ERROR) login.record("the first request", none);
  const int offered = ssh_userauth_list(session, nullptr);
  if (offered & SSH_AUTH_METHOD_PUBLICKEY) {
    try_agent(session, login);
    if (!login.done()) try_identity(session, config, login);
  } else if (!config.identity.empty()) {
    login.skip(fmt::format("key file {}", config.identity.string()), "publickey not offered by the server");
  }
  if (!login.done()) try_password(session, config, offered, login);
  if (!login.done()) login.fail(offered);
}

}  // namespace tuna::host
