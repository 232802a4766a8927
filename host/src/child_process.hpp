// A command run as a local child process: started with posix_spawnp (no shell, safe in
// a program with threads), its output read into lines by a thread of its own, its end
// awaited through a pidfd, and stopped through the process group it leads.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <tuna/host.hpp>

namespace tuna::host {

// Owns a file descriptor and closes it.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  ~UniqueFd();
  int get() const { return fd_; }

 private:
  int fd_ = -1;
};

class ChildProcess final : public tuna::Process {
 public:
  // Starts argv[0] (searched in PATH unless it contains a '/') with stdin from /dev/null,
  // in a new process group, so that a Ctrl-C at the terminal reaches tuna alone and tuna
  // stops its children itself, in order. Throws std::runtime_error naming the program
  // and the reason when it cannot be started.
  static std::unique_ptr<ChildProcess> start(const std::vector<std::string>& argv, LineHandler on_line);

  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  // Stops the command if it still runs (short grace) and waits for the reader thread.
  ~ChildProcess() override;

  long pid() const override { return pid_; }
  // Returns once the command has exited and all its output has gone to on_line. A
  // grandchild that keeps the output pipes open is given output_grace, then ignored.
  std::optional<ExitStatus> wait_until(Clock::time_point until) override;
  // TERM to the command's process group, KILL after `grace` (and to anything the command
  // left behind in its group), then reaps the command. Safe to call again or after exit.
  ExitStatus stop(std::chrono::milliseconds grace) override;

  static constexpr std::chrono::milliseconds output_grace{200};
  static constexpr std::chrono::milliseconds destructor_grace{500};

 private:
  ChildProcess(pid_t pid, UniqueFd out, UniqueFd err, UniqueFd wake, LineHandler on_line);

  bool wait_for_exit(Clock::time_point until);
  std::optional<ExitStatus> exit_status_if_exited();
  void signal_group(int signal);
  void reap();
  void finish_output();
  void read_output(UniqueFd out, UniqueFd err);
  void deliver(const OutputLine& line) const;

  const pid_t pid_;
  const UniqueFd pidfd_;  // -1 when the kernel has no pidfd_open: then wait by polling
  const LineHandler on_line_;

  // The command's end. While the command is unreaped its pid, and so its process group
  // id, cannot be reused: signals go to the group only until reap().
  std::mutex status_mutex_;
  std::optional<ExitStatus> status_;
  Clock::time_point exited_at_;
  bool reaped_ = false;

  // The reader thread's end: it sets output_done_ after the last line.
  const UniqueFd wake_reader_;  // an eventfd; written to make the reader stop early
  std::mutex output_mutex_;
  std::condition_variable output_done_changed_;
  bool output_done_ = false;
  std::thread reader_;
};

}  // namespace tuna::host
