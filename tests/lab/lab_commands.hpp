// Commands the lab tests run, each bounded in time: short shell commands, the real tuna
// binary (possibly in the background), and looks at the processes of the machine (the lab's
// namespaces share this pid namespace, so a remote pid is a pid here too).
#pragma once

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "run_tuna.hpp"

extern char** environ;

namespace tuna::test::lab {

using namespace std::chrono_literals;

struct CommandResult {
  int status = -1;
  std::string output;  // stdout and stderr
};

// Runs a shell command made only of names and paths the tests chose, for at most 10 s.
inline CommandResult run_command(const std::string& command) {
  std::string quoted;
  for (const char c : command) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  const auto bounded = fmt::format("timeout 10 sh -c '{}' 2>&1", quoted);
  std::unique_ptr<FILE, decltype(&pclose)> pipe(popen(bounded.c_str(), "r"), &pclose);
  if (!pipe) throw std::runtime_error("cannot run: " + command);
  CommandResult result;
  std::array<char, 4096> buffer;
  for (std::size_t count; (count = fread(buffer.data(), 1, buffer.size(), pipe.get())) > 0;)
    result.output.append(buffer.data(), count);
  const int raw = pclose(pipe.release());
  result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return result;
}

// The real tuna binary started in the background, its output captured to files.
class TunaProcess {
 public:
  explicit TunaProcess(std::vector<std::string> arguments) {
    setenv("NO_COLOR", "1", 1);
    arguments.insert(arguments.begin(), TUNA_BINARY);
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&files, 1, (capture_.path() / "out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&files, 2, (capture_.path() / "err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int failed = posix_spawn(&pid_, TUNA_BINARY, &files, nullptr, c_strings(arguments).data(), environ);
    posix_spawn_file_actions_destroy(&files);
    if (failed) throw std::runtime_error(fmt::format("cannot start {}", TUNA_BINARY));
  }
  ~TunaProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  TunaProcess(const TunaProcess&) = delete;
  TunaProcess& operator=(const TunaProcess&) = delete;

  // Waits until tuna ends, or kills it when `limit` passes (status -1 then).
  pid_t pid() const { return pid_; }
  // Sends `number` (SIGINT: a Ctrl-C) to tuna while it runs.
  void signal(int number) const {
    if (pid_ > 0) kill(pid_, number);
  }

  TunaOutput wait(std::chrono::milliseconds limit) {
    TunaOutput result;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    int raw = 0;
    while (waitpid(pid_, &raw, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
        raw = -1;
        break;
      }
      std::this_thread::sleep_for(10ms);
    }
    pid_ = 0;
    if (raw != -1) result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
    result.out = read_file(capture_.path() / "out");
    result.err = read_file(capture_.path() / "err");
    return result;
  }

 private:
  TempDir capture_;
  pid_t pid_ = 0;
};

// tuna run to completion; no lab test should take a minute.
inline TunaOutput run_tuna_bounded(std::vector<std::string> arguments, std::chrono::milliseconds limit = 60s) {
  return TunaProcess(std::move(arguments)).wait(limit);
}

inline std::string describe(const TunaOutput& output) {
  return fmt::format("tuna exit {}\n--- stdout:\n{}--- stderr:\n{}", output.status, output.out, output.err);
}

// A process's arguments joined by spaces; empty when there is no such process.
inline std::string command_line_of(long pid) {
  auto text = read_file(fmt::format("/proc/{}/cmdline", pid));
  for (auto& c : text)
    if (c == '\0') c = ' ';
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

// Running, or a zombie not reaped yet, which holds no resources but is not over either.
inline bool process_exists(long pid) { return pid > 0 && std::filesystem::exists(fmt::format("/proc/{}", pid)); }

// Every process whose arguments are exactly `command_line`.
inline std::vector<long> processes_running(const std::string& command_line) {
  std::vector<long> pids;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const auto name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    if (command_line_of(std::stol(name)) == command_line) pids.push_back(std::stol(name));
  }
  return pids;
}

// The one process running exactly `command`, waiting up to `limit` for it; 0 if none.
inline long wait_for_process(const std::string& command, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    const auto pids = processes_running(command);
    if (pids.size() == 1) return pids.front();
    if (std::chrono::steady_clock::now() > deadline) return 0;
    std::this_thread::sleep_for(20ms);
  }
}

// A lab link down until restore() or the end of the scope, whatever the test's outcome:
// the lab is shared.
class LinkDown {
 public:
  explicit LinkDown(std::string link) : link_(std::move(link)) {
    const auto taken = run_command("ip link set dev " + link_ + " down");
    down_ = taken.status == 0;
    if (!down_) ADD_FAILURE() << "cannot take " << link_ << " down: " << taken.output;
  }
  ~LinkDown() { restore(); }
  LinkDown(const LinkDown&) = delete;
  LinkDown& operator=(const LinkDown&) = delete;

  void restore() {
    if (!down_) return;
    const auto restored = run_command("ip link set dev " + link_ + " up");
    EXPECT_EQ(restored.status, 0) << "cannot bring " << link_ << " up again: " << restored.output;
    down_ = false;
  }
  bool down() const { return down_; }

 private:
  std::string link_;
  bool down_ = false;
};

// Waits up to `limit` for `pid` to end; whether it did.
inline bool wait_for_exit(long pid, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (process_exists(pid)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

inline long parent_of(long pid) {
  const auto stat = read_file(fmt::format("/proc/{}/stat", pid));
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so count from its end.
  const auto after_name = stat.rfind(')');
  if (after_name == std::string::npos) return 0;
  std::istringstream fields(stat.substr(after_name + 1));
  std::string state;
  long parent = 0;
  fields >> state >> parent;
  return parent;
}

// The pids in an `ss -p` users field: users:(("sshd",pid=2333,fd=4),("sshd",pid=2331,fd=4)).
inline std::vector<long> socket_users(const std::string& users) {
  std::vector<long> pids;
  for (auto at = users.find("pid="); at != std::string::npos; at = users.find("pid=", at + 4))
    pids.push_back(std::stol(users.substr(at + 4)));
  return pids;
}

// The established TCP connections `ss` lists for `filter` (run with `prefix`, e.g. an
// `ip netns exec`): local and peer address:port, and the pids holding the socket.
struct TcpConnection {
  std::string local, peer;
  std::vector<long> pids;
};
inline std::vector<TcpConnection> established_connections(const std::string& prefix, const std::string& filter) {
  std::vector<TcpConnection> found;
  std::istringstream lines(run_command(fmt::format("{} ss -tnpH state established {}", prefix, filter)).output);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    std::string receive_queue, send_queue, users;
    TcpConnection connection;
    if (fields >> receive_queue >> send_queue >> connection.local >> connection.peer) {
      std::getline(fields, users);
      connection.pids = socket_users(users);
      found.push_back(std::move(connection));
    }
  }
  return found;
}

// The sshd processes in namespace `ns` serving the SSH connections that process `client`
// holds to `address`:`port`: the per-connection child of the listener `listener` (the
// privileged monitor) and its unprivileged child, which both hold the connection's
// socket. Killing only the monitor leaves the connection up.
inline std::vector<long> sshd_processes_serving(long client, const std::string& ns, const std::string& address,
                                                const std::string& port, long listener) {
  std::vector<long> serving;
  const auto to_host = established_connections("", fmt::format("dst {}:{}", address, port));
  const auto on_host = established_connections("ip netns exec " + ns, fmt::format("sport = :{}", port));
  for (const auto& ours : to_host) {
    if (std::ranges::find(ours.pids, client) == ours.pids.end()) continue;
    for (const auto& theirs : on_host) {
      if (theirs.peer != ours.local) continue;
      for (const long pid : theirs.pids) {
        const long parent = parent_of(pid);
        const bool of_listener = parent == listener || parent_of(parent) == listener;
        if (of_listener && command_line_of(pid).starts_with("sshd: ")) serving.push_back(pid);
      }
    }
  }
  std::ranges::sort(serving);
  serving.erase(std::unique(serving.begin(), serving.end()), serving.end());
  return serving;
}

// Whether `pid` lives in the network namespace `ip netns` calls `name`.
inline bool in_namespace(long pid, const std::string& name) {
  struct stat process_ns {}, named_ns {};
  return stat(fmt::format("/proc/{}/ns/net", pid).c_str(), &process_ns) == 0 &&
         stat(fmt::format("/run/netns/{}", name).c_str(), &named_ns) == 0 && process_ns.st_ino == named_ns.st_ino &&
         process_ns.st_dev == named_ns.st_dev;
}

}  // namespace tuna::test::lab
