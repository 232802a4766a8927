#include "ssh_command.hpp"

#include <signal.h>
#include <string.h>

#include <array>
#include <charconv>

#include <spdlog/spdlog.h>

namespace tuna::host {
namespace {

// SSH names signals without "SIG" ("TERM"); glibc's own table maps them back.
int signal_number(const char* name) {
  for (int number = 1; number < NSIG; ++number) {
    const char* abbreviation = sigabbrev_np(number);
    if (abbreviation != nullptr && name != nullptr && std::string_view(abbreviation) == name) return number;
  }
  return 0;
}

std::optional<long> announced_pid(std::string_view line, std::string_view marker) {
  if (marker.empty() || !line.starts_with(marker)) return std::nullopt;
  const auto digits = line.substr(marker.size());
  long pid = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
  if (error != std::errc() || end != digits.data() + digits.size() || pid <= 0) return std::nullopt;
  return pid;
}

}  // namespace

SshCommand::SshCommand(LineHandler on_line, std::string pid_marker)
    : on_line_(std::move(on_line)), pid_marker_(std::move(pid_marker)) {}

std::optional<ExitStatus> SshCommand::wait_until(Clock::time_point until) {
  std::unique_lock lock(mutex_);
  changed_.wait_until(lock, until, [this] { return end_.has_value(); });
  return end_;
}

std::optional<long> SshCommand::wait_for_pid(Clock::time_point until) {
  std::unique_lock lock(mutex_);
  changed_.wait_until(lock, until, [this] { return pid_ || end_; });
  return pid_;
}

bool SshCommand::exit_reported() const {
  std::lock_guard lock(mutex_);
  return reported_.has_value();
}

void SshCommand::attach(ssh_channel channel) {
  channel_ = channel;
  callbacks_.userdata = this;
  callbacks_.channel_exit_status_function = &SshCommand::on_exit_status;
  callbacks_.channel_exit_signal_function = &SshCommand::on_exit_signal;
  ssh_callbacks_init(&callbacks_);
  ssh_set_channel_callbacks(channel_, &callbacks_);
}

bool SshCommand::read_available(std::vector<OutputLine>& lines) {
  std::array<char, LineSplitter::max_line> buffer;
  for (const auto stream : {Stream::out, Stream::err}) {
    auto& splitter = stream == Stream::out ? out_ : err_;
    const auto emit = [&](std::string text) { take_line(stream, std::move(text), lines); };
    // Bounded, so that one chatty command cannot starve the others on the session.
    for (int chunk = 0; chunk < 16; ++chunk) {
      const int count = ssh_channel_read_nonblocking(channel_, buffer.data(), buffer.size(), stream == Stream::err);
      if (count == SSH_ERROR) return false;
      // 0: nothing yet; SSH_EOF: nothing more. ssh_channel_is_eof() tells them apart.
      if (count <= 0) break;
      splitter.feed(std::string_view(buffer.data(), static_cast<std::size_t>(count)), emit);
    }
  }
  return true;
}

bool SshCommand::remote_done(Clock::time_point now, Clock::time_point& wake_at) const {
  const bool output_ended = ssh_channel_is_eof(channel_) != 0 && ssh_channel_poll(channel_, 0) <= 0 &&
                            ssh_channel_poll(channel_, 1) <= 0;
  std::lock_guard lock(mutex_);
  if (!reported_) return output_ended && ssh_channel_is_closed(channel_) != 0;
  if (output_ended || now >= reported_at_ + output_grace) return true;
  wake_at = std::min(wake_at, reported_at_ + output_grace);
  return false;
}

void SshCommand::close(std::vector<OutputLine>& lines) {
  out_.finish([&](std::string text) { take_line(Stream::out, std::move(text), lines); });
  err_.finish([&](std::string text) { take_line(Stream::err, std::move(text), lines); });
  if (channel_ == nullptr) return;
  // Closing does not stop the remote command (no pty, no signal): stop() sees to that.
  ssh_channel_close(channel_);
  ssh_channel_free(channel_);
  channel_ = nullptr;
}

void SshCommand::deliver(const std::vector<OutputLine>& lines) {
  std::lock_guard lock(delivery_mutex_);
  if (!delivering_) return;
  for (const auto& line : lines) {
    // The handler is the caller's code; an exception escaping the I/O thread would end tuna.
    try {
      on_line_(line);
    } catch (const std::exception& e) {
      spdlog::warn("an output handler failed on a line of a remote command: {}", e.what());
    }
  }
}

void SshCommand::end(std::optional<ExitStatus> status) {
  {
    std::lock_guard delivery(delivery_mutex_);
    delivering_ = false;
  }
  std::lock_guard lock(mutex_);
  if (end_) return;
  end_ = status.value_or(reported_.value_or(ExitStatus{}));
  changed_.notify_all();
}

void SshCommand::on_exit_status(ssh_session, ssh_channel, int status, void* self) {
  static_cast<SshCommand*>(self)->reported(ExitStatus{.code = status});
}

void SshCommand::on_exit_signal(ssh_session, ssh_channel, const char* signal, int, const char*, const char*, void* self) {
  const int number = signal_number(signal);
  static_cast<SshCommand*>(self)->reported(number != 0 ? ExitStatus{.signal = number} : ExitStatus{});
}

void SshCommand::reported(ExitStatus status) {
  std::lock_guard lock(mutex_);
  if (reported_) return;
  reported_ = status;
  reported_at_ = Clock::now();
}

void SshCommand::take_line(Stream stream, std::string text, std::vector<OutputLine>& lines) {
  if (stream == Stream::err) {
    std::lock_guard lock(mutex_);
    if (!pid_) {
      if ((pid_ = announced_pid(text, pid_marker_))) {
        changed_.notify_all();
        return;
      }
    }
  }
  lines.push_back({stream, std::move(text), std::chrono::system_clock::now()});
}

}  // namespace tuna::host
