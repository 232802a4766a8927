// A throwaway OpenSSH server on 127.0.0.1, for testing SshHost against the real thing:
// its own host key, an authorized client key, a known_hosts file holding its key, and
// a non-root login user (OpenSSH refuses session signals to root). The sshd is a child
// of the test; the destructor stops it by its pid.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "run_tuna.hpp"
#include "ssh_host_config.hpp"

namespace tuna::test {

// Runs a shell command made only of paths and names the tests chose; returns its stdout.
inline std::string shell_output(const std::string& command) {
  std::unique_ptr<FILE, decltype(&pclose)> pipe(popen(command.c_str(), "r"), &pclose);
  if (!pipe) throw std::runtime_error("cannot run: " + command);
  std::string output;
  std::array<char, 4096> buffer;
  for (std::size_t count; (count = fread(buffer.data(), 1, buffer.size(), pipe.get())) > 0;) output.append(buffer.data(), count);
  return output;
}

inline void shell(const std::string& command) {
  if (std::system(command.c_str()) != 0) throw std::runtime_error("failed: " + command);
}

// A TCP socket listening on 127.0.0.1 at a port the kernel picked. The kernel completes
// connections to it without accept(), so on its own it is a server that never speaks.
class Listener {
 public:
  Listener() : fd_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in address{.sin_family = AF_INET, .sin_port = 0, .sin_addr = {htonl(INADDR_LOOPBACK)}};
    socklen_t length = sizeof address;
    if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(fd_, 8) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("cannot listen on 127.0.0.1");
    }
    port_ = ntohs(address.sin_port);
  }
  ~Listener() { close(fd_); }
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;
  int port() const { return port_; }

 private:
  int fd_;
  int port_ = 0;
};

// A port nobody listens on right now (the one a closed Listener had).
inline int free_port() { return Listener().port(); }

inline bool accepts_connections(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{.sin_family = AF_INET, .sin_port = htons(static_cast<uint16_t>(port)), .sin_addr = {htonl(INADDR_LOOPBACK)}};
  const bool connected = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return connected;
}

// "SHA256:..." of a public key file, as ssh-keygen prints it.
inline std::string key_fingerprint(const std::filesystem::path& public_key) {
  std::istringstream words(shell_output("ssh-keygen -l -E sha256 -f " + public_key.string()));
  std::string bits, fingerprint;
  words >> bits >> fingerprint;
  return fingerprint;
}

inline void generate_key(const std::filesystem::path& file) {
  shell(fmt::format("ssh-keygen -q -t ed25519 -N '' -C tuna-test -f {}", file.string()));
}

class Sshd {
 public:
  static constexpr const char* user = "tuna-ssh-test";

  // Why these tests cannot run here, or empty when they can.
  static std::string unavailable_reason() {
    if (geteuid() != 0) return "needs root: it starts an sshd and creates the login user tuna-test";
    if (!std::filesystem::exists("/usr/sbin/sshd")) return "needs /usr/sbin/sshd (Debian package openssh-server)";
    if (std::system("command -v ssh-keygen >/dev/null") != 0) return "needs ssh-keygen (Debian package openssh-client)";
    return {};
  }

  // password: when not empty, the login user gets it and the server accepts passwords.
  explicit Sshd(const std::string& password = {}) : port_(free_port()) {
    prepare_user(password);
    generate_key(host_key());
    generate_key(client_key());
    std::filesystem::copy_file(client_key().string() + ".pub", dir_.path() / "authorized_keys");
    // sshd reads the authorized keys as the login user.
    std::filesystem::permissions(dir_.path(), std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                                                  std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                                                  std::filesystem::perms::others_exec);
    const auto config = dir_.write("sshd_config", fmt::format(
        "Port {}\nListenAddress 127.0.0.1\nHostKey {}\nPidFile {}\nAuthorizedKeysFile {}\n"
        "StrictModes no\nUsePAM no\nPasswordAuthentication {}\nKbdInteractiveAuthentication no\n"
        "AllowUsers {}\nUseDNS no\nLogLevel ERROR\n",
        port_, host_key().string(), (dir_.path() / "sshd.pid").string(), (dir_.path() / "authorized_keys").string(),
        password.empty() ? "no" : "yes", user));
    shell("mkdir -p /run/sshd");
    shell(fmt::format("/usr/sbin/sshd -t -f {}", config.string()));
    dir_.write("known_hosts", fmt::format("[127.0.0.1]:{} {}", port_, read_file(host_key().string() + ".pub")));
    start(config);
  }

  ~Sshd() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  Sshd(const Sshd&) = delete;
  Sshd& operator=(const Sshd&) = delete;

  int port() const { return port_; }
  std::filesystem::path host_key() const { return dir_.path() / "host_key"; }
  std::filesystem::path client_key() const { return dir_.path() / "client_key"; }
  // Holds this server's key as [127.0.0.1]:port.
  std::filesystem::path known_hosts() const { return dir_.path() / "known_hosts"; }
  std::string host_key_fingerprint() const { return key_fingerprint(host_key().string() + ".pub"); }
  const TempDir& dir() const { return dir_; }

  // Everything needed to log in as the test user with the client key.
  host::SshHostConfig host_config(const std::string& name = "dut") const {
    host::SshHostConfig config;
    config.name = name;
    config.address = "127.0.0.1";
    config.test_address = "127.0.0.1";
    config.port = port_;
    config.user = user;
    config.identity = client_key();
    config.known_hosts = known_hosts();
    config.connect_timeout = std::chrono::milliseconds(5000);
    return config;
  }

 private:
  // With UsePAM no, the "!" useradd leaves in the password field locks the account even
  // for keys; "*" only refuses passwords. Other test programs may do this at the same time,
  // and the shadow file's lock makes one of them fail: try again a few times.
  static void prepare_user(const std::string& password) {
    const auto setup = fmt::format(
        "(id -u {0} >/dev/null 2>&1 || useradd -m -s /bin/sh {0}) && {1}", user,
        password.empty() ? fmt::format("(getent shadow {0} | cut -d: -f2 | grep -q '^!' && usermod -p '*' {0}; true)", user)
                         : fmt::format("echo '{}:{}' | chpasswd", user, password));
    for (int attempt = 0; std::system((setup + " >/dev/null 2>&1").c_str()) != 0; ++attempt) {
      if (attempt == 20) throw std::runtime_error("cannot prepare the test user: " + setup);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }

  void start(const std::filesystem::path& config) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const auto log = (dir_.path() / "sshd.log").string();
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    std::vector<std::string> argv{"/usr/sbin/sshd", "-D", "-e", "-f", config.string()};
    const int error = posix_spawn(&pid_, argv[0].c_str(), &actions, nullptr, c_strings(argv).data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) throw std::runtime_error("cannot start sshd");
    for (int attempt = 0; !accepts_connections(port_); ++attempt) {
      if (attempt == 250 || waitpid(pid_, nullptr, WNOHANG) == pid_) {
        kill(pid_, SIGTERM);
        waitpid(pid_, nullptr, 0);
        throw std::runtime_error("sshd did not start listening: " + read_file(log));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  TempDir dir_;
  int port_;
  pid_t pid_ = -1;
};

}  // namespace tuna::test
