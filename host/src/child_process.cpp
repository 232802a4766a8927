#include "child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <stdexcept>
#include <system_error>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "line_splitter.hpp"

extern char** environ;

namespace tuna::host {
namespace {

std::string error_text(int error) { return std::system_category().message(error); }

void check(int error, const char* what) {
  if (error != 0) throw std::runtime_error(fmt::format("{}: {}", what, error_text(error)));
}

// Close-on-exec from the start, so that a command started at the same moment from
// another thread does not inherit these ends and keep them open after this child exits.
std::pair<UniqueFd, UniqueFd> make_pipe() {
  int ends[2];
  check(pipe2(ends, O_CLOEXEC) == 0 ? 0 : errno, "cannot create a pipe");
  return {UniqueFd(ends[0]), UniqueFd(ends[1])};
}

// The file actions and attributes of posix_spawn, freed on every path.
class SpawnSettings {
 public:
  SpawnSettings(int out, int err) {
    check(posix_spawn_file_actions_init(&actions_), "cannot prepare to start a command");
    check(posix_spawnattr_init(&attributes_), "cannot prepare to start a command");
    check(posix_spawn_file_actions_addopen(&actions_, STDIN_FILENO, "/dev/null", O_RDONLY, 0),
          "cannot give a command /dev/null as stdin");
    check(posix_spawn_file_actions_adddup2(&actions_, out, STDOUT_FILENO),
          "cannot capture a command's stdout");
    check(posix_spawn_file_actions_adddup2(&actions_, err, STDERR_FILENO),
          "cannot capture a command's stderr");
    // The command starts with no signal blocked and every signal at its default action,
    // whatever tuna itself blocks or ignores (SIGPIPE, for one).
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    check(posix_spawnattr_setsigmask(&attributes_, &none), "cannot clear a command's signal mask");
    check(posix_spawnattr_setsigdefault(&attributes_, &all), "cannot reset a command's signal actions");
    check(posix_spawnattr_setpgroup(&attributes_, 0), "cannot give a command its own process group");
    check(posix_spawnattr_setflags(&attributes_,
                                   POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF),
          "cannot set how to start a command");
  }
  ~SpawnSettings() {
    posix_spawnattr_destroy(&attributes_);
    posix_spawn_file_actions_destroy(&actions_);
  }
  SpawnSettings(const SpawnSettings&) = delete;
  SpawnSettings& operator=(const SpawnSettings&) = delete;

  pid_t spawn(const std::vector<std::string>& argv) const {
    std::vector<char*> arguments;
    for (const auto& argument : argv) arguments.push_back(const_cast<char*>(argument.c_str()));
    arguments.push_back(nullptr);
    pid_t pid = -1;
    // glibc reports a failed exec (not found, not executable) here, as an error number.
    const int error = posix_spawnp(&pid, argv[0].c_str(), &actions_, &attributes_, arguments.data(), environ);
    if (error != 0)
      throw std::runtime_error(fmt::format("cannot start '{}': {}", argv[0], error_text(error)));
    return pid;
  }

 private:
  posix_spawn_file_actions_t actions_;
  posix_spawnattr_t attributes_;
};

ExitStatus exit_status_of(const siginfo_t& info) {
  ExitStatus status;
  if (info.si_code == CLD_EXITED) {
    status.code = info.si_status;
  } else {
    status.signal = info.si_status;
  }
  return status;
}

timespec timespec_until(Clock::time_point until) {
  const auto left = std::chrono::duration_cast<std::chrono::nanoseconds>(until - Clock::now());
  const long long nanoseconds = std::max<long long>(left.count(), 0);
  return timespec{static_cast<time_t>(nanoseconds / 1'000'000'000),
                  static_cast<long>(nanoseconds % 1'000'000'000)};
}

}  // namespace

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) close(fd_);
}

std::unique_ptr<ChildProcess> ChildProcess::start(const std::vector<std::string>& argv, LineHandler on_line) {
  if (argv.empty()) throw std::runtime_error("cannot start an empty command");
  auto [out_read, out_write] = make_pipe();
  auto [err_read, err_write] = make_pipe();
  UniqueFd wake(eventfd(0, EFD_CLOEXEC));
  check(wake.get() >= 0 ? 0 : errno, "cannot create an eventfd");
  const pid_t pid = SpawnSettings(out_write.get(), err_write.get()).spawn(argv);
  try {
    return std::unique_ptr<ChildProcess>(
        new ChildProcess(pid, std::move(out_read), std::move(err_read), std::move(wake), std::move(on_line)));
  } catch (...) {
    // No reader thread: the command must not run unwatched.
    kill(-pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    throw;
  }
}

ChildProcess::ChildProcess(pid_t pid, UniqueFd out, UniqueFd err, UniqueFd wake, LineHandler on_line)
    : pid_(pid),
      pidfd_(static_cast<int>(syscall(SYS_pidfd_open, pid, 0))),
      on_line_(std::move(on_line)),
      wake_reader_(std::move(wake)),
      reader_([this, out = std::move(out), err = std::move(err)]() mutable {
        read_output(std::move(out), std::move(err));
      }) {}

ChildProcess::~ChildProcess() {
  stop(destructor_grace);
  reader_.join();
}

std::optional<ExitStatus> ChildProcess::wait_until(Clock::time_point until) {
  if (!wait_for_exit(until)) return std::nullopt;
  finish_output();
  std::lock_guard lock(status_mutex_);
  return status_;
}

ExitStatus ChildProcess::stop(std::chrono::milliseconds grace) {
  signal_group(SIGTERM);
  wait_for_exit(Clock::now() + grace);
  // Whether the command ended by itself or not, whatever it left in its group goes too.
  signal_group(SIGKILL);
  reap();
  finish_output();
  std::lock_guard lock(status_mutex_);
  return *status_;
}

bool ChildProcess::wait_for_exit(Clock::time_point until) {
  while (!exit_status_if_exited()) {
    if (Clock::now() >= until) return false;
    if (pidfd_.get() >= 0) {
      // A pidfd becomes readable when the process exits: no polling, no lost wakeups.
      pollfd exited{.fd = pidfd_.get(), .events = POLLIN};
      const timespec timeout = timespec_until(until);
      ppoll(&exited, 1, &timeout, nullptr);
    } else {
      std::this_thread::sleep_for(
          std::min<Clock::duration>(until - Clock::now(), std::chrono::milliseconds(5)));
    }
  }
  return true;
}

std::optional<ExitStatus> ChildProcess::exit_status_if_exited() {
  std::lock_guard lock(status_mutex_);
  if (status_) return status_;
  // WNOWAIT: look without reaping, so that the process group id stays ours for stop().
  siginfo_t info{};
  if (waitid(P_PID, pid_, &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    // ECHILD: someone else reaped it (SIGCHLD ignored, or a waitpid(-1) elsewhere).
    if (errno == ECHILD) {
      status_ = ExitStatus{};
      exited_at_ = Clock::now();
      reaped_ = true;
    }
  } else if (info.si_pid == pid_) {
    status_ = exit_status_of(info);
    exited_at_ = Clock::now();
  }
  return status_;
}

void ChildProcess::signal_group(int signal) {
  std::lock_guard lock(status_mutex_);
  if (!reaped_) kill(-pid_, signal);
}

void ChildProcess::reap() {
  std::lock_guard lock(status_mutex_);
  if (reaped_) return;
  siginfo_t info{};
  while (waitid(P_PID, pid_, &info, WEXITED) != 0 && errno == EINTR) {
  }
  if (!status_) {
    status_ = exit_status_of(info);
    exited_at_ = Clock::now();
  }
  reaped_ = true;
}

void ChildProcess::finish_output() {
  Clock::time_point give_up;
  {
    std::lock_guard lock(status_mutex_);
    give_up = exited_at_ + output_grace;
  }
  std::unique_lock lock(output_mutex_);
  const auto done = [this] { return output_done_; };
  // A grandchild that outlives the command (a daemon, "cmd &") may hold the pipes open
  // for ever; its output is not the command's.
  if (!output_done_changed_.wait_until(lock, give_up, done)) {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto written = write(wake_reader_.get(), &one, sizeof one);
    output_done_changed_.wait(lock, done);
  }
}

void ChildProcess::read_output(UniqueFd out, UniqueFd err) {
  struct Source {
    UniqueFd fd;
    Stream stream;
    LineSplitter lines;
  };
  std::array<Source, 2> sources{Source{std::move(out), Stream::out, {}},
                                Source{std::move(err), Stream::err, {}}};
  std::array<char, LineSplitter::max_line> buffer;
  bool woken = false;
  // Both streams at once, never one to its end first: a command blocked writing to a
  // full stderr pipe would never finish its stdout.
  while (!woken && (sources[0].fd.get() >= 0 || sources[1].fd.get() >= 0)) {
    std::array<pollfd, 3> ready{pollfd{.fd = sources[0].fd.get(), .events = POLLIN},
                                pollfd{.fd = sources[1].fd.get(), .events = POLLIN},
                                pollfd{.fd = wake_reader_.get(), .events = POLLIN}};
    if (poll(ready.data(), ready.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    woken = ready[2].revents != 0;
    for (std::size_t i = 0; i < sources.size(); ++i) {
      if (ready[i].revents == 0) continue;
      auto& source = sources[i];
      const auto count = read(source.fd.get(), buffer.data(), buffer.size());
      if (count < 0 && errno == EINTR) continue;
      const auto received = std::chrono::system_clock::now();
      const auto emit = [&](std::string text) { deliver({source.stream, std::move(text), received}); };
      if (count > 0) {
        source.lines.feed(std::string_view(buffer.data(), static_cast<std::size_t>(count)), emit);
      } else {
        source.fd = UniqueFd();
        source.lines.finish(emit);
      }
    }
  }
  const auto received = std::chrono::system_clock::now();
  for (auto& source : sources) {
    source.lines.finish([&](std::string text) { deliver({source.stream, std::move(text), received}); });
  }
  std::lock_guard lock(output_mutex_);
  output_done_ = true;
  output_done_changed_.notify_all();
}

void ChildProcess::deliver(const OutputLine& line) const {
  // The handler is the caller's code; an exception escaping this thread would end tuna.
  try {
    on_line_(line);
  } catch (const std::exception& e) {
    spdlog::warn("an output handler failed on a line of process {}: {}", pid_, e.what());
  }
}

}  // namespace tuna::host
