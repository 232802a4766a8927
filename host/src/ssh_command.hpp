// One command on an SSH connection: its channel, and what came back on it. Shared by
// the SshProcess that started it and the connection's I/O thread, which alone reads
// the channel; the Process side only waits.
#pragma once

#include <libssh/callbacks.h>
#include <libssh/libssh.h>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <tuna/host.hpp>

#include "line_splitter.hpp"

namespace tuna::host {

class SshCommand {
 public:
  // pid_marker: when not empty, the first stderr line "<pid_marker><digits>" is the
  // command announcing its remote pid; it is kept from on_line.
  SshCommand(LineHandler on_line, std::string pid_marker);
  SshCommand(const SshCommand&) = delete;
  SshCommand& operator=(const SshCommand&) = delete;

  // How the command ended, once it has and all its output has gone to on_line.
  std::optional<ExitStatus> wait_until(Clock::time_point until);
  // The pid the command announced; nullopt when it ended first or `until` passed.
  std::optional<long> wait_for_pid(Clock::time_point until);
  // Whether the server reported how the command ended. Not when the connection was lost
  // or the command given up first: then it may still be running.
  bool exit_reported() const;

  // --- The connection's side. With the session locked: ---
  // Takes the channel the command runs on, and its exit-status/exit-signal reports.
  void attach(ssh_channel channel);
  // Moves what has arrived on both streams into lines; false when the session failed.
  bool read_available(std::vector<OutputLine>& lines);
  // Whether the remote command is done: its output ended and its exit reported, or its
  // exit reported `output_grace` ago (a child it left behind may hold the output open
  // for ever). Otherwise lowers `wake_at` to when that grace runs out, if it runs.
  bool remote_done(Clock::time_point now, Clock::time_point& wake_at) const;
  // Hands over an unfinished last line of each stream, and closes and frees the channel.
  void close(std::vector<OutputLine>& lines);
  // --- Without the session lock: ---
  void deliver(const std::vector<OutputLine>& lines);
  // The end: after this no line is delivered. status: nullopt when none was reported.
  void end(std::optional<ExitStatus> status);

  static constexpr std::chrono::milliseconds output_grace{200};

 private:
  static void on_exit_status(ssh_session, ssh_channel, int status, void* self);
  static void on_exit_signal(ssh_session, ssh_channel, const char* signal, int, const char*, const char*, void* self);
  void reported(ExitStatus status);
  void take_line(Stream stream, std::string text, std::vector<OutputLine>& lines);

  const LineHandler on_line_;
  const std::string pid_marker_;

  // The I/O side's, under the session lock. libssh keeps a pointer to callbacks_.
  ssh_channel channel_ = nullptr;
  ssh_channel_callbacks_struct callbacks_{};
  LineSplitter out_, err_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<long> pid_;
  std::optional<ExitStatus> reported_;  // from the server, maybe before the last output
  Clock::time_point reported_at_;
  std::optional<ExitStatus> end_;       // set after the last line was delivered

  std::mutex delivery_mutex_;  // one delivery at a time, none after end()
  bool delivering_ = true;
};

}  // namespace tuna::host
