// The real tuna binary as a background process the test can watch and signal: started
// with its stderr in a file, waited for with a bound, killed by its own pid if it hangs.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "run_tuna.hpp"

namespace tuna::test {

// Polls `done` every 20 ms for at most `limit`.
template <class Predicate>
bool wait_for(Predicate done, std::chrono::milliseconds limit) {
  for (auto end = std::chrono::steady_clock::now() + limit; std::chrono::steady_clock::now() < end;) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

// The words that run a command as the unprivileged user nobody (for tests run as root,
// to whom every file is readable and writable).
inline std::vector<std::string> as_nobody() {
  return {"/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"};
}

class TunaProcess {
 public:
  // Runs `prefix` + tuna + `arguments`, stdout to /dev/null, stderr to `log`.
  TunaProcess(const std::vector<std::string>& arguments, std::string log,
              const std::vector<std::string>& prefix = {})
      : log_(std::move(log)) {
    std::vector<std::string> args = prefix;
    args.push_back(TUNA_BINARY);
    args.insert(args.end(), arguments.begin(), arguments.end());
    auto argv = c_strings(args);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (posix_spawn(&pid_, args[0].c_str(), &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~TunaProcess() {
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  TunaProcess(const TunaProcess&) = delete;
  TunaProcess& operator=(const TunaProcess&) = delete;

  bool started() const { return pid_ > 0; }
  std::string log() const { return read_file(log_); }
  // Whether stderr says `text` within `limit`.
  bool wait_for_log(const std::string& text, std::chrono::milliseconds limit) const {
    return wait_for([&] { return log().find(text) != std::string::npos; }, limit);
  }
  void signal(int signal) const { kill(pid_, signal); }
  // The exit status (128 + signal when killed by one), or -1 when tuna did not end within
  // `limit` (it is then killed).
  int wait(std::chrono::milliseconds limit) {
    int raw = 0;
    if (!wait_for([&] { return waitpid(pid_, &raw, WNOHANG) == pid_; }, limit)) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      reaped_ = true;
      return -1;
    }
    reaped_ = true;
    return WIFEXITED(raw) ? WEXITSTATUS(raw) : WIFSIGNALED(raw) ? 128 + WTERMSIG(raw) : -1;
  }

 private:
  std::string log_;
  pid_t pid_ = -1;
  bool reaped_ = false;
};

}  // namespace tuna::test
